#include <authkit/secret.hpp>

#include "crypto/random.hpp"

#include <openssl/crypto.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace authkit {
namespace {
Error too_short(std::size_t got) {
  return Error(Errc::weak_key,
               "Secret must be at least " + std::to_string(Secret::min_bytes) + " bytes",
               "secret has " + std::to_string(got) + " bytes");
}
}  // namespace

Result<Secret> Secret::from_bytes(std::span<const unsigned char> bytes) {
  if (bytes.size() < min_bytes) return too_short(bytes.size());
  return Secret(std::vector<unsigned char>(bytes.begin(), bytes.end()));
}

Result<Secret> Secret::from_string(std::string_view text) {
  return from_bytes(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

Result<Secret> Secret::from_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return Error(Errc::not_found, std::string("Environment variable ") + name + " is not set");
  }
  return from_string(std::string_view(value, std::strlen(value)));
}

Result<Secret> Secret::random(std::size_t size) {
  if (size < min_bytes) return too_short(size);
  std::vector<unsigned char> bytes(size);
  if (auto r = rng::fill(bytes); !r) return r.error();
  return Secret(std::move(bytes));
}

Secret::Secret(Secret&& other) noexcept : bytes_(std::move(other.bytes_)) { other.wipe(); }

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    bytes_ = std::move(other.bytes_);
    other.wipe();
  }
  return *this;
}

Secret::~Secret() { wipe(); }

Secret Secret::clone() const { return Secret(bytes_); }

bool Secret::equals(const Secret& other) const noexcept {
  return bytes_.size() == other.bytes_.size() &&
         CRYPTO_memcmp(bytes_.data(), other.bytes_.data(), bytes_.size()) == 0;
}

void Secret::wipe() noexcept {
  if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
  bytes_.clear();
}

}  // namespace authkit
