#include "crypto/aead.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <climits>

#include "crypto/ossl.hpp"
#include "crypto/random.hpp"

namespace authkit::aead {
namespace {

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* p) const noexcept { EVP_CIPHER_CTX_free(p); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool fits_int(std::string_view s) { return s.size() <= static_cast<std::size_t>(INT_MAX); }

}  // namespace

Result<std::string> seal(const Key& key, std::string_view associated_data,
                         std::string_view plaintext) {
  if (!fits_int(plaintext) || !fits_int(associated_data)) {
    return Error(Errc::crypto_failure, {}, "AEAD input too large");
  }
  std::string box(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  if (auto r = rng::fill({out, kNonceBytes}); !r) return r.error();
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), out) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out + kNonceBytes, &len, bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + kNonceBytes + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                          out + kNonceBytes + plaintext.size()) != 1) {
    return ossl::failure("AES-256-GCM seal");
  }
  return box;
}

Result<std::string> open(const Key& key, std::string_view associated_data, std::string_view box) {
  if (box.size() < kNonceBytes + kTagBytes || !fits_int(box) || !fits_int(associated_data)) {
    return Error(Errc::crypto_failure, {}, "sealed box is malformed");
  }
  const std::size_t text_size = box.size() - kNonceBytes - kTagBytes;
  const unsigned char* nonce = bytes(box);
  const unsigned char* ciphertext = nonce + kNonceBytes;
  // EVP_CTRL_GCM_SET_TAG takes a non-const pointer but only reads it; copy to stay honest.
  std::array<unsigned char, kTagBytes> tag{};
  std::copy_n(ciphertext + text_size, kTagBytes, tag.begin());
  std::string plaintext(text_size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out, &len, ciphertext, static_cast<int>(text_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                          tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), out + len, &len) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    ossl::drain_errors();
    return Error(Errc::crypto_failure, {}, "sealed box does not open (altered, or another key)");
  }
  return plaintext;
}

}  // namespace authkit::aead
