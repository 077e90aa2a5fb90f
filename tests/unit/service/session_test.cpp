#include <algorithm>

#include "crypto/digest.hpp"
#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEMPLATE_TEST_CASE("G3: sessions expire exactly at expires_at", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>([](AuthServiceOptions& o) {
    o.sessions.update_age = hours(24 * 30);  // no sliding in this test
  });
  h.sign_up_verified("gina@example.com");
  const std::string token = h.sign_in("gina@example.com");
  h.clock->advance(hours(24 * 7) - milliseconds(1));
  auto alive = h.auth().get_session(token);
  REQUIRE(alive.has_value());
  CHECK(alive->has_value());
  h.clock->advance(milliseconds(1));
  auto dead = h.auth().get_session(token);
  REQUIRE(dead.has_value());
  CHECK_FALSE(dead->has_value());
}

TEMPLATE_TEST_CASE("get_session slides the expiry once update_age has passed", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("hank@example.com");
  const std::string token = h.sign_in("hank@example.com");
  const auto start = h.clock->now();

  h.clock->advance(hours(24) - seconds(1));
  auto early = h.auth().get_session(token);
  REQUIRE(early.has_value());
  REQUIRE(early->has_value());
  CHECK_FALSE((*early)->refreshed);
  CHECK((*early)->session.expires_at == start + hours(24 * 7));

  h.clock->advance(seconds(1));
  auto slid = h.auth().get_session(token);
  REQUIRE(slid.has_value());
  REQUIRE(slid->has_value());
  CHECK((*slid)->refreshed);
  CHECK((*slid)->session.expires_at == h.clock->now() + hours(24 * 7));
  // The slide is stored, not just reported.
  auto again = h.auth().get_session(token);
  REQUIRE(again.has_value());
  REQUIRE(again->has_value());
  CHECK_FALSE((*again)->refreshed);
  CHECK((*again)->session.expires_at == (*slid)->session.expires_at);
}

TEMPLATE_TEST_CASE("G3: sliding never passes the absolute lifetime", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>(
      [](AuthServiceOptions& o) { o.sessions.max_lifetime = hours(24 * 10); });
  h.sign_up_verified("ivy@example.com");
  const std::string token = h.sign_in("ivy@example.com");
  const auto start = h.clock->now();
  for (int day = 1; day <= 9; ++day) {
    h.clock->set(start + hours(24 * day));
    auto s = h.auth().get_session(token);
    REQUIRE(s.has_value());
    REQUIRE(s->has_value());
    CHECK((*s)->session.expires_at <= start + hours(24 * 10));
    // It did slide: from day 3 on, the 7-day expiry is beyond the original one.
    if (day >= 3) CHECK((*s)->session.expires_at > start + hours(24 * 7));
  }
  h.clock->set(start + hours(24 * 10) - seconds(1));
  auto last = h.auth().get_session(token);
  REQUIRE(last.has_value());
  CHECK(last->has_value());
  h.clock->set(start + hours(24 * 10));
  auto gone = h.auth().get_session(token);
  REQUIRE(gone.has_value());
  CHECK_FALSE(gone->has_value());
}

TEMPLATE_TEST_CASE("remember_me=false gives a one-day session that never slides", "[service]",
                   BACKENDS) {
  auto h =
      Harness::make<TestType>([](AuthServiceOptions& o) { o.sessions.update_age = seconds(0); });
  h.sign_up_verified("jack@example.com");
  const std::string token = h.sign_in("jack@example.com", kPassword, false);
  const auto start = h.clock->now();
  h.clock->advance(hours(23));
  auto s = h.auth().get_session(token);
  REQUIRE(s.has_value());
  REQUIRE(s->has_value());
  CHECK_FALSE((*s)->refreshed);
  CHECK_FALSE((*s)->session.remember_me);
  CHECK((*s)->session.expires_at == start + hours(24));
  h.clock->advance(hours(1));
  auto gone = h.auth().get_session(token);
  REQUIRE(gone.has_value());
  CHECK_FALSE(gone->has_value());
}

TEMPLATE_TEST_CASE("G4: sign_out ends the session server-side", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("kate@example.com");
  const std::string token = h.sign_in("kate@example.com");
  REQUIRE(h.auth().sign_out(token).has_value());
  auto after = h.auth().get_session(token);
  REQUIRE(after.has_value());
  CHECK_FALSE(after->has_value());
  CHECK(h.audit->count(AuditEventType::sign_out) == 1);
  // Idempotent, and garbage is not an error.
  CHECK(h.auth().sign_out(token).has_value());
  CHECK(h.auth().sign_out("not a token").has_value());
}

TEMPLATE_TEST_CASE("get_session refuses malformed and unknown tokens", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  for (std::string_view bad : {std::string_view(""), std::string_view("short"),
                               std::string_view("0123456789012345678901234567890123456789012"),
                               std::string_view("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")}) {
    auto s = h.auth().get_session(bad);
    REQUIRE(s.has_value());
    CHECK_FALSE(s->has_value());
  }
  CHECK(code_of(h.auth().list_sessions("unknown")) == Errc::unauthorized);
}

TEMPLATE_TEST_CASE("G4: list and revoke sessions", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("liam@example.com");
  h.sign_up_verified("mia@example.com");
  const std::string a = h.sign_in("liam@example.com");
  h.clock->advance(seconds(1));
  const std::string b = h.sign_in("liam@example.com");
  h.clock->advance(seconds(1));
  const std::string c = h.sign_in("liam@example.com");
  const std::string other = h.sign_in("mia@example.com");

  auto listed = h.auth().list_sessions(a);
  REQUIRE(listed.has_value());
  REQUIRE(listed->size() == 3);
  CHECK((*listed)[0].created_at > (*listed)[2].created_at);  // newest first
  // Sessions carry only the SHA-256 of their token.
  const auto hash_of_a = digest::sha256_hex(a);
  CHECK(std::count_if(listed->begin(), listed->end(),
                      [&](const Session& s) { return s.token_hash == hash_of_a; }) == 1);

  // Revoking someone else's session id is silently ignored.
  auto mia_sessions = h.auth().list_sessions(other);
  REQUIRE(mia_sessions.has_value());
  REQUIRE(h.auth().revoke_session(a, mia_sessions->front().id).has_value());
  auto mia_alive = h.auth().get_session(other);
  REQUIRE(mia_alive.has_value());
  CHECK(mia_alive->has_value());

  // Revoke one of the caller's own sessions by id (c is the newest).
  REQUIRE(h.auth().revoke_session(a, (*listed)[0].id).has_value());
  auto c_gone = h.auth().get_session(c);
  REQUIRE(c_gone.has_value());
  CHECK_FALSE(c_gone->has_value());

  // Revoke the others: only the caller's own session survives.
  REQUIRE(h.auth().revoke_other_sessions(a).has_value());
  auto remaining = h.auth().list_sessions(a);
  REQUIRE(remaining.has_value());
  CHECK(remaining->size() == 1);
  auto b_gone = h.auth().get_session(b);
  REQUIRE(b_gone.has_value());
  CHECK_FALSE(b_gone->has_value());

  // Revoke all: the caller is out too; the other user is unaffected.
  REQUIRE(h.auth().revoke_sessions(a).has_value());
  CHECK(code_of(h.auth().list_sessions(a)) == Errc::unauthorized);
  auto mia_still = h.auth().get_session(other);
  REQUIRE(mia_still.has_value());
  CHECK(mia_still->has_value());
  CHECK(h.audit->count(AuditEventType::session_revoked) == 3);
}

}  // namespace authkit::test
