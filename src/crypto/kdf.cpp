#include "crypto/kdf.hpp"

#include <openssl/kdf.h>

#include "crypto/ossl.hpp"

namespace authkit::kdf {
namespace {

struct KdfDeleter {
  void operator()(EVP_KDF* p) const noexcept { EVP_KDF_free(p); }
};
struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* p) const noexcept { EVP_KDF_CTX_free(p); }
};

}  // namespace

Result<std::array<unsigned char, 32>> hkdf_sha256(std::span<const unsigned char> ikm,
                                                  std::string_view salt, std::string_view info) {
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) return ossl::failure("HKDF is unavailable");
  std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return ossl::failure("HKDF context");
  // OSSL_PARAM wants non-const pointers; OpenSSL only reads these buffers.
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<unsigned char*>(ikm.data()),
                                        ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()),
                                        salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()),
                                        info.size()),
      OSSL_PARAM_construct_end()};
  std::array<unsigned char, 32> out{};
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    return ossl::failure("HKDF derive");
  }
  return out;
}

}  // namespace authkit::kdf
