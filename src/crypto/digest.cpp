#include "crypto/digest.hpp"

#include "crypto/ossl.hpp"
#include "util/hex.hpp"

#include <openssl/evp.h>

#include <cstdlib>

namespace authkit::digest {

std::array<unsigned char, 32> sha256(std::span<const unsigned char> data) {
  std::array<unsigned char, 32> out{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != out.size()) {
    std::abort();  // a broken libcrypto; storing a wrong token hash would be worse
  }
  return out;
}

std::string sha256_hex(std::string_view text) {
  const auto bytes =
      sha256(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
  return hex::encode(bytes);
}

Result<std::array<unsigned char, 32>> hmac_sha256(std::span<const unsigned char> key,
                                                  std::string_view data) {
  // EVP_Q_mac fetched HMAC and SHA-256 by name on every call, a fifth of a cookie check's
  // cost. The algorithm is fetched once, and each thread keeps one context with the digest
  // set, re-keyed per call (the key copy it holds is cleansed when the thread ends).
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  struct ThreadContext {
    ossl::Ptr<EVP_MAC_CTX> ctx;
    ThreadContext() : ctx(hmac != nullptr ? EVP_MAC_CTX_new(hmac) : nullptr) {
      OSSL_PARAM params[] = {
          OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
          OSSL_PARAM_construct_end()};
      if (ctx && EVP_MAC_CTX_set_params(ctx.get(), params) != 1) ctx.reset();
    }
  };
  thread_local ThreadContext local;
  // EVP_MAC_init wants a non-null key pointer even for an empty key.
  static const unsigned char kEmpty = 0;
  std::array<unsigned char, 32> out{};
  std::size_t length = 0;
  EVP_MAC_CTX* ctx = local.ctx.get();
  if (ctx == nullptr ||
      EVP_MAC_init(ctx, key.empty() ? &kEmpty : key.data(), key.size(), nullptr) != 1 ||
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(ctx, out.data(), &length, out.size()) != 1 || length != out.size()) {
    return ossl::failure("HMAC-SHA256");
  }
  return out;
}

}  // namespace authkit::digest
