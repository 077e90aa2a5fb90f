// Helpers for the [password] tests: cheap Argon2 parameters, hasher and pepper construction,
// bcrypt fixtures made at test time through libxcrypt, and the captured better-auth vector.
#pragma once

#include <authkit/password/hasher.hpp>

#include <crypt.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "unit/test_support.hpp"

namespace authkit::test {

/// Parameters cheap enough for sanitizer runs (256 KiB, one pass).
inline constexpr Argon2Params kCheapParams{.memory_kib = 256, .iterations = 1, .parallelism = 1};

/// Options with kCheapParams and otherwise the defaults.
inline PasswordHasherOptions cheap_options() {
  PasswordHasherOptions options;
  options.params = kCheapParams;
  return options;
}

/// A hasher that must be created successfully.
inline PasswordHasher make_hasher(PasswordHasherOptions options = cheap_options()) {
  auto hasher = PasswordHasher::create(std::move(options));
  REQUIRE(hasher.has_value());
  return *hasher;
}

/// A pepper whose secret is `fill` repeated to 32 bytes.
inline Pepper make_pepper(std::string id, char fill) {
  auto secret = Secret::from_string(std::string(32, fill));
  REQUIRE(secret.has_value());
  return Pepper{.id = std::move(id), .secret = std::make_shared<const Secret>(std::move(*secret))};
}

/// A bcrypt hash of `password` with `prefix` ("$2a$", "$2b$" or "$2y$") at cost 4, made with
/// libxcrypt directly (a legacy system's output).
inline std::string bcrypt_hash(const std::string& password, const char* prefix) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  REQUIRE(crypt_gensalt_rn(prefix, 4, nullptr, 0, setting, sizeof setting) != nullptr);
  auto data = std::make_unique<crypt_data>();
  const char* out = crypt_rn(password.c_str(), setting, data.get(), sizeof(crypt_data));
  REQUIRE(out != nullptr);
  REQUIRE(std::string_view(out).starts_with(prefix));
  return out;
}

/// The better-auth password vector {password, stored} (better-auth/vectors.json); a missing
/// file fails the calling test case (load_vectors()).
struct BetterAuthVector {
  std::string password;
  std::string stored;
};
inline BetterAuthVector better_auth_vector() {
  const auto doc = load_better_auth_vectors();
  return BetterAuthVector{doc.at("password_hash").at("password").get<std::string>(),
                          doc.at("password_hash").at("stored").get<std::string>()};
}

}  // namespace authkit::test
