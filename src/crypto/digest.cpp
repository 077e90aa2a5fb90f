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
  std::array<unsigned char, 32> out{};
  std::size_t length = 0;
  // EVP_Q_mac wants non-null pointers even for empty input.
  static const unsigned char kEmpty = 0;
  const auto* bytes = data.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.empty() ? &kEmpty : key.data(),
                key.size(), bytes, data.size(), out.data(), out.size(), &length) == nullptr ||
      length != out.size()) {
    return ossl::failure("HMAC-SHA256");
  }
  return out;
}

}  // namespace authkit::digest
