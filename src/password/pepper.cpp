#include "password/pepper.hpp"

#include <openssl/crypto.h>

#include <string>

#include "crypto/digest.hpp"

namespace authkit::password {

Result<SecretBuffer> apply_pepper(const Secret& pepper, std::string_view password) {
  auto mac = digest::hmac_sha256(pepper.reveal(), password);
  if (!mac) return mac.error();
  SecretBuffer out(std::string(reinterpret_cast<const char*>(mac->data()), mac->size()));
  OPENSSL_cleanse(mac->data(), mac->size());
  return out;
}

}  // namespace authkit::password
