// The one-call helpers: SimpleJwt, issue_simple_jwt and verify_simple_jwt (HS256, AUTH_JWT_SECRET,
// 15 min).
#include <stdlib.h>

#include <optional>
#include <string>

#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kNow;
using authkit::test::kOk;

namespace {

// Sets (or unsets) AUTH_JWT_SECRET for the scope, restoring the previous value afterwards.
class ScopedSecretEnv {
 public:
  explicit ScopedSecretEnv(const std::optional<std::string>& value) {
    if (const char* old = std::getenv(jwt_secret_env)) previous_ = old;
    if (value) {
      REQUIRE(::setenv(jwt_secret_env, value->c_str(), 1) == 0);
    } else {
      REQUIRE(::unsetenv(jwt_secret_env) == 0);
    }
  }
  ~ScopedSecretEnv() {
    if (previous_) {
      ::setenv(jwt_secret_env, previous_->c_str(), 1);
    } else {
      ::unsetenv(jwt_secret_env);
    }
  }
  ScopedSecretEnv(const ScopedSecretEnv&) = delete;
  ScopedSecretEnv& operator=(const ScopedSecretEnv&) = delete;

 private:
  std::optional<std::string> previous_;
};

User seed_user() {
  User u;
  u.id = "user-123";
  u.email = "ada@example.com";
  u.name = "Ada Lovelace";
  return u;
}

SimpleJwt simple_at(const std::shared_ptr<ManualClock>& clock) {
  auto secret = Secret::from_string(test::kHs256Secret);
  REQUIRE(secret.has_value());
  auto jwt = SimpleJwt::create(*secret, clock);
  REQUIRE(jwt.has_value());
  return *jwt;
}

std::string tamper_signature(const std::string& token) {
  std::string out = token;
  const std::size_t i = out.rfind('.') + 1;
  out[i] = out[i] == 'A' ? 'B' : 'A';  // the first character: always changes a signature byte
  return out;
}

}  // namespace

TEST_CASE("SimpleJwt sign/verify round trip with the seed payload {sub, email, name}",
          "[jwt][simple]") {
  const SimpleJwt jwt = simple_at(test::clock_at());
  const auto token = jwt.issue(seed_user());
  REQUIRE(token.has_value());
  const auto claims = jwt.verify(*token);
  REQUIRE(claims.has_value());
  CHECK(claims->subject() == "user-123");
  CHECK(claims->email() == "ada@example.com");
  CHECK(claims->name() == "Ada Lovelace");
  CHECK(claims->issued_at() == from_unix_seconds(kNow));
  CHECK(claims->expires_at() == from_unix_seconds(kNow + 15 * 60));
  CHECK(claims->type() == "JWT");
  // Exactly the seed claims plus iat/exp: nothing else leaks into the token.
  const nlohmann::json j = claims->json();
  CHECK(j.size() == 5);
  for (const char* member : {"sub", "email", "name", "iat", "exp"}) CHECK(j.contains(member));

  const auto header = unsafe_decode_unverified(*token);
  REQUIRE(header.has_value());
  CHECK(header->header["alg"] == "HS256");
  static_assert(simple_jwt_lifetime == std::chrono::minutes(15));
  CHECK(std::string(jwt_secret_env) == "AUTH_JWT_SECRET");

  User no_id = seed_user();
  no_id.id.clear();
  CHECK(code_of(jwt.issue(no_id)) == Errc::invalid_argument);
}

TEST_CASE("SimpleJwt tokens expire after 15 minutes (plus the default 30 s leeway)",
          "[jwt][simple]") {
  auto clock = test::clock_at(kNow);
  const SimpleJwt jwt = simple_at(clock);
  const auto token = jwt.issue(seed_user());
  REQUIRE(token.has_value());

  clock->set(from_unix_seconds(kNow + 14 * 60 + 59));
  CHECK(code_of(jwt.verify(*token)) == kOk);
  clock->set(from_unix_seconds(kNow + 15 * 60));  // exp itself: inside the 30 s leeway
  CHECK(code_of(jwt.verify(*token)) == kOk);
  clock->set(from_unix_seconds(kNow + 15 * 60 + 29));
  CHECK(code_of(jwt.verify(*token)) == kOk);
  clock->set(from_unix_seconds(kNow + 15 * 60 + 30));
  CHECK(code_of(jwt.verify(*token)) == Errc::jwt_expired);
  clock->set(from_unix_seconds(kNow + 24 * 3600));
  CHECK(code_of(jwt.verify(*token)) == Errc::jwt_expired);
  // Issued in the future (beyond leeway) relative to the verifier's clock: not yet valid.
  clock->set(from_unix_seconds(kNow - 31));
  CHECK(code_of(jwt.verify(*token)) == Errc::jwt_not_yet_valid);
}

TEST_CASE("SimpleJwt rejects tampered tokens and foreign keys", "[jwt][simple]") {
  const SimpleJwt jwt = simple_at(test::clock_at());
  const auto token = jwt.issue(seed_user());
  REQUIRE(token.has_value());
  CHECK(code_of(jwt.verify(tamper_signature(*token))) == Errc::jwt_bad_signature);

  // Payload swapped for one naming another user, old signature kept.
  auto seg = test::segments_of(*token);
  const std::string forged_claims = R"({"sub":"admin","email":"ada@example.com","name":"Ada",)"
                                    R"("iat":)" +
                                    std::to_string(kNow) + R"(,"exp":)" +
                                    std::to_string(kNow + 900) + "}";
  seg[1] = test::b64u(forged_claims);
  CHECK(code_of(jwt.verify(test::join(seg))) == Errc::jwt_bad_signature);

  // Another secret: its key has another kid (the thumbprint), so it is unknown here.
  auto other_secret = Secret::from_string("a-completely-different-32B-secret");
  REQUIRE(other_secret.has_value());
  auto other = SimpleJwt::create(*other_secret, test::clock_at());
  REQUIRE(other.has_value());
  CHECK(code_of(jwt.verify(*other->issue(seed_user()))) == Errc::jwt_unknown_key);

  // Only HS256 is accepted, even with the right secret.
  const auto decoded = unsafe_decode_unverified(*token);
  REQUIRE(decoded.has_value());
  const std::string hs512 = test::mac_token(
      R"({"alg":"HS512","kid":")" + decoded->header["kid"].get<std::string>() + "\"}",
      test::claims(), test::kHs256Secret, "SHA512");
  CHECK(code_of(jwt.verify(hs512)) == Errc::jwt_unsupported_algorithm);
  CHECK(code_of(jwt.verify("")) == Errc::jwt_malformed);
}

TEST_CASE("issue_simple_jwt/verify_simple_jwt read AUTH_JWT_SECRET on every call",
          "[jwt][simple]") {
  const User user = seed_user();
  {
    const ScopedSecretEnv env(std::string(test::kHs256Secret));
    const auto token = issue_simple_jwt(user);
    REQUIRE(token.has_value());
    const auto claims = verify_simple_jwt(*token);
    REQUIRE(claims.has_value());
    CHECK(claims->subject() == "user-123");
    CHECK(claims->email() == "ada@example.com");
    CHECK(claims->name() == "Ada Lovelace");
    CHECK(code_of(verify_simple_jwt(tamper_signature(*token))) == Errc::jwt_bad_signature);
    // Interoperates with SimpleJwt over the same secret.
    const SimpleJwt jwt = simple_at(std::make_shared<ManualClock>(SystemClock().now()));
    CHECK(code_of(jwt.verify(*token)) == kOk);
    CHECK(code_of(SimpleJwt::from_env()) == kOk);

    // A token made under one secret fails after the secret changes (rotation without overlap).
    const ScopedSecretEnv rotated(std::string("rotated-secret-with-32-bytes!!!!"));
    CHECK(code_of(verify_simple_jwt(*token)) == Errc::jwt_unknown_key);
  }
  {
    const ScopedSecretEnv unset(std::nullopt);
    CHECK(code_of(issue_simple_jwt(user)) == Errc::not_found);
    CHECK(code_of(verify_simple_jwt("a.b.c")) == Errc::not_found);
    CHECK(code_of(SimpleJwt::from_env()) == Errc::not_found);
  }
  {
    const ScopedSecretEnv empty(std::string(""));
    CHECK(code_of(issue_simple_jwt(user)) == Errc::not_found);
  }
  {
    const std::string short_secret(31, 's');
    const ScopedSecretEnv weak(short_secret);
    const auto r = issue_simple_jwt(user);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == Errc::weak_key);
    CHECK(r.error().message().find(short_secret) == std::string::npos);
    CHECK(r.error().detail().find(short_secret) == std::string::npos);
    CHECK(code_of(verify_simple_jwt("a.b.c")) == Errc::weak_key);
    CHECK(code_of(SimpleJwt::from_env()) == Errc::weak_key);
  }
}
