#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

using std::chrono::hours;
using std::chrono::milliseconds;

TEMPLATE_TEST_CASE("H4: a completed reset revokes sessions and other tokens, and notifies",
                   "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("uma@example.com");
  const std::string s1 = h.sign_in("uma@example.com");
  const std::string s2 = h.sign_in("uma@example.com");

  REQUIRE(h.auth()
              .request_password_reset({.email = "uma@example.com", .redirect_to = "/reset-done"})
              .has_value());
  const std::string first = h.mail->last_token("uma@example.com", MailKind::reset_password);
  const std::string link = h.mail->last_url("uma@example.com", MailKind::reset_password);
  // H5: built from the configured base URL, token in the path, callback carried along.
  CHECK(link == std::string(kBaseUrl) + "/reset-password/" + first + "?callbackURL=%2Freset-done");
  REQUIRE(h.auth().request_password_reset({.email = "uma@example.com"}).has_value());
  const std::string second = h.mail->last_token("uma@example.com", MailKind::reset_password);
  REQUIRE(first != second);

  // H3: requesting a reset changes nothing yet.
  CHECK(h.auth().sign_in({.email = "uma@example.com", .password = kPassword}).has_value());
  CHECK(h.auth().check_reset_token(second).has_value());

  const std::size_t mails_before = h.mail->size();
  REQUIRE(
      h.auth().reset_password({.token = second, .new_password = "a brand new secret"}).has_value());
  CHECK(h.audit->count(AuditEventType::password_reset) == 1);
  CHECK(h.audit->count(AuditEventType::password_reset_requested) == 2);
  // Every session is gone, no new one was created (no auto sign-in).
  for (const auto& token : {s1, s2}) {
    auto s = h.auth().get_session(token);
    REQUIRE(s.has_value());
    CHECK_FALSE(s->has_value());
  }
  auto user = h.store->find_user_by_email("uma@example.com");
  REQUIRE(user.has_value());
  auto sessions = h.store->list_sessions((*user)->id, h.clock->now());
  REQUIRE(sessions.has_value());
  CHECK(sessions->empty());
  // The other outstanding token is dead, the used one too.
  CHECK(code_of(h.auth().reset_password({.token = first, .new_password = "yet another secret"})) ==
        Errc::invalid_token);
  CHECK(code_of(h.auth().reset_password({.token = second, .new_password = "yet another secret"})) ==
        Errc::invalid_token);
  CHECK(code_of(h.auth().check_reset_token(first)) == Errc::invalid_token);
  // The notice went out.
  CHECK(h.mail->size() == mails_before + 1);
  CHECK(h.mail->last_to("uma@example.com", MailKind::password_changed).has_value());
  // Old password out, new password in.
  CHECK(code_of(h.auth().sign_in({.email = "uma@example.com", .password = kPassword})) ==
        Errc::invalid_email_or_password);
  CHECK(
      h.auth().sign_in({.email = "uma@example.com", .password = "a brand new secret"}).has_value());
}

TEMPLATE_TEST_CASE("F3/H3: reset requests for unknown emails look the same", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("vic@example.com");
  h.mail->clear();
  auto known = h.auth().request_password_reset({.email = "vic@example.com"});
  auto unknown = h.auth().request_password_reset({.email = "nobody@example.com"});
  CHECK(known.has_value());
  CHECK(unknown.has_value());
  CHECK(h.mail->size() == 1);
  CHECK(code_of(h.auth().request_password_reset({.email = "bad"})) == Errc::invalid_email);
}

TEMPLATE_TEST_CASE("H1: reset tokens expire", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("wes@example.com");
  REQUIRE(h.auth().request_password_reset({.email = "wes@example.com"}).has_value());
  const std::string token = h.mail->last_token("wes@example.com", MailKind::reset_password);
  SECTION("one millisecond before") {
    h.clock->advance(hours(1) - milliseconds(1));
    CHECK(h.auth()
              .reset_password({.token = token, .new_password = "a brand new secret"})
              .has_value());
  }
  SECTION("at expiry") {
    h.clock->advance(hours(1));
    CHECK(code_of(h.auth().check_reset_token(token)) == Errc::token_expired);
    CHECK(code_of(h.auth().reset_password(
              {.token = token, .new_password = "a brand new secret"})) == Errc::invalid_token);
  }
}

TEMPLATE_TEST_CASE("a refused new password does not spend the reset token", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("xena@example.com");
  REQUIRE(h.auth().request_password_reset({.email = "xena@example.com"}).has_value());
  const std::string token = h.mail->last_token("xena@example.com", MailKind::reset_password);
  CHECK(code_of(h.auth().reset_password({.token = token, .new_password = "short"})) ==
        Errc::password_too_short);
  CHECK(code_of(h.auth().reset_password({.token = token, .new_password = "xena@example.com"})) ==
        Errc::password_too_weak);
  CHECK(
      h.auth().reset_password({.token = token, .new_password = "a brand new secret"}).has_value());
}

TEMPLATE_TEST_CASE("a reset mail that fails leaves no live token", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("yara@example.com");
  auto failing = std::make_shared<CapturingFailingMail>();
  auto options = h.options;
  options.mail.service = failing;
  auto service = AuthService::create(options);
  REQUIRE(service.has_value());
  // The answer is the usual success (an error only for existing accounts would reveal them),
  // and the token of the mail that never left is dead.
  CHECK(service->request_password_reset({.email = "yara@example.com"}).has_value());
  REQUIRE_FALSE(failing->last.token.empty());
  CHECK(code_of(service->reset_password(
            {.token = failing->last.token, .new_password = "a brand new secret"})) ==
        Errc::invalid_token);
}

}  // namespace authkit::test

namespace authkit::test {

TEMPLATE_TEST_CASE("H3: reset mails per address are limited whatever the client", "[service]",
                   MemoryBackend, SqliteBackend, PostgresBackend) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("flood@example.com");
  h.mail->clear();
  for (int i = 0; i < 5; ++i) {
    const RequestContext client{.ip_address = "198.51.100." + std::to_string(i)};
    CHECK(h.auth().request_password_reset({.email = "flood@example.com"}, client).has_value());
    CHECK(h.auth().request_password_reset({.email = "nobody@example.com"}, client).has_value());
  }
  CHECK(h.mail->messages_to("flood@example.com").size() == 3);
  CHECK(h.audit->count(AuditEventType::rate_limited) == 4);  // 2 per address
  h.clock->advance(std::chrono::hours(1));
  REQUIRE(h.auth().request_password_reset({.email = "flood@example.com"}).has_value());
  CHECK(h.mail->messages_to("flood@example.com").size() == 4);
}

TEMPLATE_TEST_CASE("H5: reset redirect targets must be relative or trusted", "[service]",
                   MemoryBackend, SqliteBackend, PostgresBackend) {
  auto h = Harness::make<TestType>([](AuthServiceOptions& o) {
    o.trusted_origins = {"https://app.example.com", "https://*.tenant.example"};
  });
  h.sign_up_verified("redir@example.com");
  for (const char* ok : {"", "/reset", "/a?b=c#d", "https://auth.example.com/x",
                         "https://app.example.com/reset", "https://a.b.tenant.example/r"}) {
    INFO(ok);
    CHECK(h.auth()
              .request_password_reset({.email = "redir@example.com", .redirect_to = ok})
              .has_value());
    h.clock->advance(std::chrono::hours(1));  // stay under the per-address mail limit
  }
  for (const char* bad : {"//evil.example/x", "https://evil.example/r", "http://app.example.com/r",
                          "https://tenant.example/r", "javascript:alert(1)", "reset", "/a\\b",
                          "/a b", "https://app.example.com@evil.example/"}) {
    INFO(bad);
    CHECK(code_of(h.auth().request_password_reset(
              {.email = "redir@example.com", .redirect_to = bad})) == Errc::invalid_redirect_url);
  }
  CHECK(code_of(h.auth().request_password_reset(
            {.email = "redir@example.com", .redirect_to = "/" + std::string(2048, 'a')})) ==
        Errc::invalid_redirect_url);
  CHECK(code_of(h.auth().sign_up({.email = "new@example.com",
                                  .password = kPassword,
                                  .callback_url = "https://evil.example/"})) ==
        Errc::invalid_callback_url);
  CHECK(code_of(h.auth().send_verification_email(
            {.email = "redir@example.com", .callback_url = "https://evil.example/"})) ==
        Errc::invalid_callback_url);
}

}  // namespace authkit::test
