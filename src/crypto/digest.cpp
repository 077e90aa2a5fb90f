#include "crypto/digest.hpp"

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

}  // namespace authkit::digest
