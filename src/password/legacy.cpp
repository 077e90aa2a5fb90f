#include "password/legacy.hpp"

#include "crypto/ossl.hpp"
#include "util/hex.hpp"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace authkit::password {
namespace {

constexpr std::size_t kBcryptLength = 60;  // "$2b$NN$" + 22 salt + 31 hash characters

bool is_bcrypt_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '/';
}

Error malformed() { return Error(Errc::invalid_argument, "Stored password hash is malformed"); }

// better-auth's scrypt parameters (@better-auth/utils/password).
constexpr std::uint64_t kScryptN = 16384;
constexpr std::uint64_t kScryptR = 16;
constexpr std::uint64_t kScryptP = 1;
constexpr std::size_t kScryptKeyBytes = 64;
constexpr std::size_t kScryptSaltHex = 32;
// scrypt's V array is 128 * N * r * p = 32 MiB; allow twice that, as better-auth does.
constexpr std::uint64_t kScryptMaxMem = 2 * 128 * kScryptN * kScryptR * kScryptP;

}  // namespace

bool has_bcrypt_prefix(std::string_view stored) noexcept {
  return stored.starts_with("$2a$") || stored.starts_with("$2b$") || stored.starts_with("$2y$");
}

bool is_better_auth_scrypt(std::string_view stored) noexcept {
  return stored.size() == kScryptSaltHex + 1 + 2 * kScryptKeyBytes &&
         stored[kScryptSaltHex] == ':' && hex::is_lower_hex(stored.substr(0, kScryptSaltHex)) &&
         hex::is_lower_hex(stored.substr(kScryptSaltHex + 1));
}

Result<bool> verify_bcrypt(std::string_view password, std::string_view stored) {
  if (!has_bcrypt_prefix(stored) || stored.size() != kBcryptLength || stored[6] != '$' ||
      stored[4] < '0' || stored[4] > '9' || stored[5] < '0' || stored[5] > '9') {
    return malformed();
  }
  for (const char c : stored.substr(7)) {
    if (!is_bcrypt_char(c)) return malformed();
  }
  const int cost = (stored[4] - '0') * 10 + (stored[5] - '0');
  if (cost < 4 || cost > max_bcrypt_cost) {
    return Error(Errc::invalid_argument, "Stored password hash is malformed",
                 "bcrypt cost " + std::to_string(cost) + " is outside 4.." +
                     std::to_string(max_bcrypt_cost));
  }
  if (password.find('\0') != std::string_view::npos) return false;

  // crypt_rn needs NUL-terminated strings; the password copy is wiped afterwards.
  std::string phrase(password);
  const std::string setting(stored);
  // struct crypt_data is about 32 KiB: too big for some thread stacks. Zero-initialised as
  // libxcrypt requires for its first use.
  auto data = std::make_unique<crypt_data>();
  errno = 0;
  const char* out = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
  const int error_number = errno;
  bool match = false;
  const bool failed = out == nullptr || out[0] == '*';
  if (!failed && std::strlen(out) == stored.size()) {
    match = CRYPTO_memcmp(out, stored.data(), stored.size()) == 0;
  }
  OPENSSL_cleanse(phrase.data(), phrase.size());
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));
  if (failed) {
    // EINVAL: libxcrypt refused the setting (e.g. a variant it was built without).
    if (error_number == EINVAL) return malformed();
    return Error(Errc::crypto_failure, {}, "crypt_rn failed for a bcrypt hash");
  }
  return match;
}

Result<bool> verify_better_auth_scrypt(std::string_view password, std::string_view stored) {
  if (!is_better_auth_scrypt(stored)) return malformed();
  const std::string_view salt = stored.substr(0, kScryptSaltHex);
  const auto expected = hex::decode(stored.substr(kScryptSaltHex + 1));
  if (!expected || expected->size() != kScryptKeyBytes) return malformed();

  std::array<unsigned char, kScryptKeyBytes> key{};
  static const char kEmpty = 0;
  const char* pass = password.empty() ? &kEmpty : password.data();
  if (EVP_PBE_scrypt(pass, password.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                     salt.size(), kScryptN, kScryptR, kScryptP, kScryptMaxMem, key.data(),
                     key.size()) != 1) {
    return ossl::failure("EVP_PBE_scrypt");
  }
  const bool match = CRYPTO_memcmp(key.data(), expected->data(), key.size()) == 0;
  OPENSSL_cleanse(key.data(), key.size());
  return match;
}

}  // namespace authkit::password
