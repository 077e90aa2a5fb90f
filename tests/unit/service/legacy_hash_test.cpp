#include <crypt.h>

#include <fstream>

#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

namespace {

/// Stores a verified user whose credential is `stored_hash`, as a migrated database would.
User import_user(Store& store, const std::string& email, const std::string& stored_hash,
                 Clock::time_point now) {
  User user{.id = "imported-" + email,
            .email = email,
            .name = "Imported",
            .email_verified = true,
            .created_at = now,
            .updated_at = now};
  REQUIRE(store
              .create_user(user, Credential{.user_id = user.id,
                                            .password_hash = stored_hash,
                                            .created_at = now,
                                            .updated_at = now})
              .has_value());
  return user;
}

std::string stored_hash_of(Store& store, const std::string& user_id) {
  auto credential = store.find_credential(user_id);
  REQUIRE(credential.has_value());
  REQUIRE(credential->has_value());
  return (*credential)->password_hash;
}

/// A bcrypt hash of `password` made now with libxcrypt (cost 4: the cheapest allowed).
std::string bcrypt_hash(const std::string& password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  REQUIRE(crypt_gensalt_rn("$2b$", 4, nullptr, 0, salt, sizeof salt) != nullptr);
  auto data = std::make_unique<crypt_data>();
  const char* hashed = crypt_rn(password.c_str(), salt, data.get(), sizeof(crypt_data));
  REQUIRE(hashed != nullptr);
  return hashed;
}

}  // namespace

TEMPLATE_TEST_CASE("I3: a better-auth scrypt hash verifies and is upgraded to Argon2id",
                   "[service]", BACKENDS) {
  const nlohmann::json vectors = load_better_auth_vectors();
  const std::string password = vectors["password_hash"]["password"];
  const std::string stored = vectors["password_hash"]["stored"];

  auto h = Harness::make<TestType>();
  const User user = import_user(*h.store, "legacy@example.com", stored, h.clock->now());
  CHECK(code_of(h.auth().sign_in({.email = "legacy@example.com", .password = "not it at all"})) ==
        Errc::invalid_email_or_password);
  CHECK(stored_hash_of(*h.store, user.id) == stored);  // a failure upgrades nothing

  REQUIRE(h.auth().sign_in({.email = "legacy@example.com", .password = password}).has_value());
  const std::string upgraded = stored_hash_of(*h.store, user.id);
  CHECK(upgraded.rfind("$argon2id$v=19$m=256,t=1,p=1$", 0) == 0);
  // The new hash works, and is not upgraded again.
  REQUIRE(h.auth().sign_in({.email = "legacy@example.com", .password = password}).has_value());
  CHECK(stored_hash_of(*h.store, user.id) == upgraded);
}

TEMPLATE_TEST_CASE("I3: a bcrypt hash verifies and is upgraded to Argon2id", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  const std::string password = "bcrypt era password";
  const User user = import_user(*h.store, "old@example.com", bcrypt_hash(password), h.clock->now());
  REQUIRE(h.auth().sign_in({.email = "old@example.com", .password = password}).has_value());
  CHECK(stored_hash_of(*h.store, user.id).rfind("$argon2id$", 0) == 0);
}

TEMPLATE_TEST_CASE("I3: a hash with outdated Argon2 parameters is re-hashed on sign-in",
                   "[service]", BACKENDS) {
  auto weak = PasswordHasher::create({.params = {.memory_kib = 64, .iterations = 1}});
  REQUIRE(weak.has_value());
  auto old_hash = weak->hash("still a good password");
  REQUIRE(old_hash.has_value());
  auto h = Harness::make<TestType>();
  const User user = import_user(*h.store, "params@example.com", *old_hash, h.clock->now());
  REQUIRE(h.auth()
              .sign_in({.email = "params@example.com", .password = "still a good password"})
              .has_value());
  CHECK(stored_hash_of(*h.store, user.id).rfind("$argon2id$v=19$m=256,t=1,p=1$", 0) == 0);
}

}  // namespace authkit::test
