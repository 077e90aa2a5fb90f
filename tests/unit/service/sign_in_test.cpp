#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

TEMPLATE_TEST_CASE("sign_in starts a fresh session after verification", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  const User user = h.sign_up_verified("carol@example.com");
  CHECK(user.email_verified);
  auto result =
      h.auth().sign_in({.email = "CAROL@example.com", .password = kPassword},
                       RequestContext{.ip_address = "203.0.113.9", .user_agent = "test-agent/1"});
  REQUIRE(result.has_value());
  CHECK(result->user.id == user.id);
  const NewSession& session = result->session;
  // G1: a 256-bit base64url token; only its SHA-256 is stored.
  CHECK(session.token.size() == 43);
  CHECK(session.session.token_hash.size() == 64);
  CHECK(session.session.token_hash.find(session.token) == std::string::npos);
  CHECK(session.session.ip_address == "203.0.113.9");
  CHECK(session.session.user_agent == "test-agent/1");
  CHECK(session.session.expires_at == h.clock->now() + std::chrono::hours(24 * 7));
  auto stored = h.store->find_session(session.session.token_hash);
  REQUIRE(stored.has_value());
  REQUIRE(stored->has_value());
  CHECK(h.audit->count(AuditEventType::sign_in_succeeded) == 1);

  // G2: every sign-in issues a new session and token.
  auto second = h.auth().sign_in({.email = "carol@example.com", .password = kPassword});
  REQUIRE(second.has_value());
  CHECK(second->session.token != session.token);
  CHECK(second->session.session.id != session.session.id);
}

TEMPLATE_TEST_CASE("F2: unknown email and wrong password give the same error", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("dave@example.com");
  auto wrong = h.auth().sign_in({.email = "dave@example.com", .password = "wrong password!"});
  auto unknown = h.auth().sign_in({.email = "nobody@example.com", .password = kPassword});
  REQUIRE_FALSE(wrong.has_value());
  REQUIRE_FALSE(unknown.has_value());
  CHECK(wrong.error().code() == Errc::invalid_email_or_password);
  CHECK(unknown.error().code() == Errc::invalid_email_or_password);
  CHECK(wrong.error().message() == unknown.error().message());
  // Both failures are audited, with a reason only the operator sees.
  std::vector<std::string> reasons;
  for (const auto& e : h.audit->events()) {
    if (e.type == AuditEventType::sign_in_failed) reasons.push_back(e.reason);
  }
  CHECK(reasons == std::vector<std::string>{"INVALID_PASSWORD", "UNKNOWN_EMAIL"});
}

TEMPLATE_TEST_CASE("sign_in validates its input", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  CHECK(code_of(h.auth().sign_in({.email = "bad", .password = kPassword})) == Errc::invalid_email);
  CHECK(code_of(h.auth().sign_in({.email = "x@example.com", .password = std::string(129, 'p')})) ==
        Errc::password_too_long);
  // A short password is simply wrong at sign-in (a raised minimum must not lock anyone out).
  CHECK(code_of(h.auth().sign_in({.email = "x@example.com", .password = "short"})) ==
        Errc::invalid_email_or_password);
}

TEMPLATE_TEST_CASE("F1: failed sign-ins are throttled per account with escalating delays",
                   "[service]", BACKENDS) {
  auto h = Harness::make<TestType>(
      [](AuthServiceOptions& o) { o.rate_limits.sign_in_throttle.enabled = true; });
  h.sign_up_verified("erin@example.com");
  for (int i = 0; i < 5; ++i) {
    CHECK(code_of(h.auth().sign_in({.email = "erin@example.com", .password = "bad guess 123"})) ==
          Errc::invalid_email_or_password);
  }
  // After five failures even the right password waits out the delay.
  auto blocked = h.auth().sign_in({.email = "erin@example.com", .password = kPassword});
  REQUIRE_FALSE(blocked.has_value());
  CHECK(blocked.error().code() == Errc::too_many_requests);
  CHECK(blocked.error().retry_after() >= std::chrono::seconds(1));
  h.clock->advance(blocked.error().retry_after());
  // The delay passed: the right password works and clears the count.
  REQUIRE(h.auth().sign_in({.email = "erin@example.com", .password = kPassword}).has_value());
  CHECK(code_of(h.auth().sign_in({.email = "erin@example.com", .password = "bad guess 123"})) ==
        Errc::invalid_email_or_password);
  // Unknown accounts are throttled the same way, so throttling reveals nothing.
  for (int i = 0; i < 5; ++i) {
    (void)h.auth().sign_in({.email = "ghost@example.com", .password = "bad guess 123"});
  }
  CHECK(code_of(h.auth().sign_in({.email = "ghost@example.com", .password = "bad guess 123"})) ==
        Errc::too_many_requests);
}

TEMPLATE_TEST_CASE("sign-in is rate limited per client address", "[service]", BACKENDS) {
  auto h =
      Harness::make<TestType>([](AuthServiceOptions& o) { o.rate_limits.requests.enabled = true; });
  h.sign_up_verified("frank@example.com");
  const RequestContext client{.ip_address = "198.51.100.1"};
  for (int i = 0; i < 3; ++i) {
    CHECK(h.auth()
              .sign_in({.email = "frank@example.com", .password = kPassword}, client)
              .has_value());
  }
  auto limited = h.auth().sign_in({.email = "frank@example.com", .password = kPassword}, client);
  REQUIRE_FALSE(limited.has_value());
  CHECK(limited.error().code() == Errc::too_many_requests);
  CHECK(limited.error().retry_after() == std::chrono::seconds(10));
  CHECK(h.audit->count(AuditEventType::rate_limited) == 1);
  // Another client has its own bucket; the first recovers after the window.
  CHECK(h.auth()
            .sign_in({.email = "frank@example.com", .password = kPassword},
                     RequestContext{.ip_address = "198.51.100.2"})
            .has_value());
  h.clock->advance(std::chrono::seconds(10));
  CHECK(
      h.auth().sign_in({.email = "frank@example.com", .password = kPassword}, client).has_value());
}

}  // namespace authkit::test

namespace authkit::test {

TEMPLATE_TEST_CASE("K2: client-supplied context is capped and kept printable", "[service]",
                   MemoryBackend, SqliteBackend, PostgresBackend) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("ua@example.com");
  const std::string agent = std::string(600, 'a') + "\xff\n";
  auto result = h.auth().sign_in({.email = "ua@example.com", .password = kPassword},
                                 RequestContext{.ip_address = "1.2.3.4\r\n", .user_agent = agent});
  REQUIRE(result.has_value());
  auto stored = h.store->find_session(result->session.session.token_hash);
  REQUIRE(stored.has_value());
  REQUIRE(stored->has_value());
  CHECK((*stored)->user_agent == std::string(512, 'a'));
  CHECK((*stored)->ip_address == "1.2.3.4??");
}

}  // namespace authkit::test
