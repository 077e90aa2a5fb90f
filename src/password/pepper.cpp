#include "password/pepper.hpp"

#include "crypto/ossl.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <string>

namespace authkit::password {

Result<SecretBuffer> apply_pepper(const Secret& pepper, std::string_view password) {
  std::string mac(EVP_MAX_MD_SIZE, '\0');
  std::size_t length = 0;
  const auto key = pepper.reveal();
  // EVP_Q_mac wants a non-null data pointer even for an empty password.
  static const unsigned char kEmpty = 0;
  const auto* data =
      password.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(password.data());
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(), data,
                password.size(), reinterpret_cast<unsigned char*>(mac.data()), mac.size(),
                &length) == nullptr) {
    wipe(mac);
    return ossl::failure("HMAC-SHA256 pepper");
  }
  mac.resize(length);  // shrinks in place; the tail is wiped with the buffer
  return SecretBuffer(std::move(mac));
}

}  // namespace authkit::password
