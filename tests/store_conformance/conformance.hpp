// The store conformance suite's shared part: STORE_CASE (a test case that runs once on every
// registered store), record builders and comparisons. Uses only authkit's public API and
// Catch2 v2, because these files are installed and compiled into store authors' test programs
// (see include/authkit/testing/store_conformance.hpp); nothing here is a stable API.
#pragma once

#include <atomic>
#include <authkit/error.hpp>
#include <authkit/result.hpp>
#include <authkit/store/memory_store.hpp>
#include <authkit/store/records.hpp>
#include <authkit/store/store.hpp>
#include <authkit/testing/store_conformance.hpp>
#include <authkit/user.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace authkit::testing::conformance {

// ---------------------------------------------------------------------------------------------
// Running a case on every store.

/// Runs `body` once per registered store, each in a Catch2 section named after the store, on a
/// fresh store from its factory. FAILs when no store is registered.
void run_on_every_store(void (*body)(StoreUnderTest&));

/// The registered stores' names, in registration (and running) order.
std::vector<std::string> registered_store_names();

#define AUTHKIT_CONFORMANCE_CAT2(a, b) a##b
#define AUTHKIT_CONFORMANCE_CAT(a, b) AUTHKIT_CONFORMANCE_CAT2(a, b)
#define AUTHKIT_CONFORMANCE_CASE(name, body)                    \
  static void body(::authkit::testing::StoreUnderTest& f);      \
  TEST_CASE(name, "[store][conformance]") {                     \
    ::authkit::testing::conformance::run_on_every_store(&body); \
  }                                                             \
  static void body([[maybe_unused]] ::authkit::testing::StoreUnderTest& f)

/// `STORE_CASE("name") { ... f.store->... }`: a test case tagged [store][conformance] whose
/// body runs once on every registered store, `f` being that store's StoreUnderTest.
#define STORE_CASE(name) \
  AUTHKIT_CONFORMANCE_CASE(name, AUTHKIT_CONFORMANCE_CAT(authkit_store_case_, __LINE__))

// ---------------------------------------------------------------------------------------------
// Outcomes.

/// Sentinel standing for "success" in code comparisons; no real Errc has the value 0.
inline constexpr Errc kOk = static_cast<Errc>(0);

/// The outcome of a Result as a code (kOk for a success); a type of its own so that assertion
/// failures print the code's name (see the StringMaker below).
struct Outcome {
  Errc code;
  friend bool operator==(Outcome a, Errc b) noexcept { return a.code == b; }
};

/// The error code of `r`, or kOk when it holds a value.
template <class T>
Outcome code_of(const Result<T>& r) {
  return Outcome{r.has_value() ? kOk : r.error().code()};
}

// ---------------------------------------------------------------------------------------------
// Time. Stores keep milliseconds, so every instant here is millisecond-aligned.

using TimePoint = std::chrono::system_clock::time_point;
using std::chrono::milliseconds;
using std::chrono::seconds;

/// The fixed "now" of the suite, in Unix seconds (2023-11-14T22:13:20Z).
inline constexpr std::int64_t kBaseTime = 1'700'000'000;

/// kBaseTime + `offset`.
inline TimePoint at(milliseconds offset = milliseconds{0}) {
  return TimePoint{seconds{kBaseTime}} + offset;
}

// ---------------------------------------------------------------------------------------------
// Records.

/// A stand-in token hash for `seed`: 64 lowercase hex characters, as a real hex SHA-256 is,
/// and different for different seeds (the seed's length and bytes, zero-padded), so the suite
/// needs no hash function. Seeds are at most 31 bytes.
inline std::string token_hash_of(std::string_view seed) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Not REQUIRE: worker threads of the concurrency tests build records too, and Catch2's
  // assertions may only run on the test's own thread. A too-long seed is a bug in a test.
  if (seed.size() > 31) throw std::length_error("token_hash_of: seeds are at most 31 bytes");
  std::string out;
  const auto put = [&out](unsigned byte) {
    out += kHex[(byte >> 4U) & 0xFU];
    out += kHex[byte & 0xFU];
  };
  put(static_cast<unsigned>(seed.size()));
  for (const char c : seed) put(static_cast<unsigned char>(c));
  out.resize(64, '0');
  return out;
}

/// A user with id `id` and email "<id>@example.com".
inline User make_user(const std::string& id) {
  User u;
  u.id = id;
  u.email = id + "@example.com";
  u.name = "Name of " + id;
  u.created_at = at();
  u.updated_at = at();
  return u;
}

/// A credential of `user_id` with `hash`.
inline Credential make_credential(const std::string& user_id, const std::string& hash) {
  return Credential{user_id, hash, at(), at()};
}

/// A session `id` of `user_id`, its token hash derived from `id`, created at at(created) and
/// expiring at at(expires).
inline Session make_session(const std::string& id, const std::string& user_id,
                            milliseconds created = milliseconds{0},
                            milliseconds expires = std::chrono::hours{1}) {
  Session s;
  s.id = id;
  s.user_id = user_id;
  s.token_hash = token_hash_of("token of " + id);
  s.created_at = at(created);
  s.updated_at = at(created);
  s.expires_at = at(expires);
  s.ip_address = "203.0.113.7";
  s.user_agent = "test-agent/1.0";
  s.remember_me = true;
  return s;
}

/// A verification `id` for `purpose` and `user_id`, its token hash derived from `id`.
inline Verification make_verification(const std::string& id, std::string_view purpose,
                                      const std::string& user_id,
                                      milliseconds expires = std::chrono::hours{1}) {
  Verification v;
  v.id = id;
  v.purpose = std::string(purpose);
  v.token_hash = token_hash_of("token of " + id);
  v.user_id = user_id;
  v.email = user_id + "@example.com";
  v.created_at = at();
  v.expires_at = at(expires);
  return v;
}

/// A signing key `id` made at `created_at`, with a made-up public JWK and sealed private key.
inline SigningKeyRecord make_signing_key(const std::string& id, TimePoint created_at) {
  return SigningKeyRecord{.id = id,
                          .algorithm = "EdDSA",
                          .public_key = R"({"kty":"OKP","crv":"Ed25519","x":")" + id + R"("})",
                          .private_key = "v1.sealed-" + id,
                          .created_at = created_at};
}

/// Creates `user` (without credential), which must succeed.
inline void add_user(Store& store, const User& user) {
  REQUIRE(code_of(store.create_user(user, std::nullopt)) == kOk);
}

// Field-by-field equality with readable failures.

inline void check_same(const User& a, const User& b) {
  CHECK(a.id == b.id);
  CHECK(a.email == b.email);
  CHECK(a.name == b.name);
  CHECK(a.email_verified == b.email_verified);
  CHECK(a.image == b.image);
  CHECK(a.created_at == b.created_at);
  CHECK(a.updated_at == b.updated_at);
  CHECK(a.fields == b.fields);
}

inline void check_same(const Session& a, const Session& b) {
  CHECK(a.id == b.id);
  CHECK(a.user_id == b.user_id);
  CHECK(a.token_hash == b.token_hash);
  CHECK(a.expires_at == b.expires_at);
  CHECK(a.created_at == b.created_at);
  CHECK(a.updated_at == b.updated_at);
  CHECK(a.ip_address == b.ip_address);
  CHECK(a.user_agent == b.user_agent);
  CHECK(a.remember_me == b.remember_me);
}

inline void check_same(const Credential& a, const Credential& b) {
  CHECK(a.user_id == b.user_id);
  CHECK(a.password_hash == b.password_hash);
  CHECK(a.created_at == b.created_at);
  CHECK(a.updated_at == b.updated_at);
}

inline void check_same(const Verification& a, const Verification& b) {
  CHECK(a.id == b.id);
  CHECK(a.purpose == b.purpose);
  CHECK(a.token_hash == b.token_hash);
  CHECK(a.user_id == b.user_id);
  CHECK(a.email == b.email);
  CHECK(a.expires_at == b.expires_at);
  CHECK(a.created_at == b.created_at);
  CHECK(a.consumed_at == b.consumed_at);
}

inline void check_same(const SigningKeyRecord& a, const SigningKeyRecord& b) {
  CHECK(a.id == b.id);
  CHECK(a.algorithm == b.algorithm);
  CHECK(a.public_key == b.public_key);
  CHECK(a.private_key == b.private_key);
  CHECK(a.created_at == b.created_at);
}

}  // namespace authkit::testing::conformance

namespace Catch {
/// Prints outcomes by their stable code names in assertion failures.
template <>
struct StringMaker<authkit::testing::conformance::Outcome> {
  static std::string convert(authkit::testing::conformance::Outcome outcome) {
    if (outcome.code == authkit::testing::conformance::kOk) return "OK (no error)";
    return std::string(authkit::errc_name(outcome.code)) + " (" +
           std::to_string(static_cast<int>(outcome.code)) + ")";
  }
};
}  // namespace Catch
