#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

using std::chrono::hours;
using std::chrono::milliseconds;

TEMPLATE_TEST_CASE("H1: verification tokens are single-use", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  REQUIRE(h.auth().sign_up({.email = "nina@example.com", .password = kPassword}).has_value());
  const std::string token = h.mail->last_token("nina@example.com", MailKind::verify_email);
  auto first = h.auth().verify_email(token);
  REQUIRE(first.has_value());
  CHECK(first->email_verified);
  CHECK(h.audit->count(AuditEventType::email_verified) == 1);
  // better-auth's verification JWT is replayable until exp; ours is not.
  CHECK(code_of(h.auth().verify_email(token)) == Errc::invalid_token);
  CHECK(code_of(h.auth().verify_email("garbage")) == Errc::invalid_token);
}

TEMPLATE_TEST_CASE("H1: verification tokens expire after one hour", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  REQUIRE(h.auth().sign_up({.email = "otto@example.com", .password = kPassword}).has_value());
  const std::string token = h.mail->last_token("otto@example.com", MailKind::verify_email);
  SECTION("one millisecond before") {
    h.clock->advance(hours(1) - milliseconds(1));
    CHECK(h.auth().verify_email(token).has_value());
  }
  SECTION("at expiry") {
    h.clock->advance(hours(1));
    CHECK(code_of(h.auth().verify_email(token)) == Errc::token_expired);
  }
}

TEMPLATE_TEST_CASE("H1: a reset token is not a verification token", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  REQUIRE(h.auth().sign_up({.email = "pia@example.com", .password = kPassword}).has_value());
  REQUIRE(h.auth().request_password_reset({.email = "pia@example.com"}).has_value());
  const std::string reset = h.mail->last_token("pia@example.com", MailKind::reset_password);
  CHECK(code_of(h.auth().verify_email(reset)) == Errc::invalid_token);
  const std::string verify = h.mail->last_token("pia@example.com", MailKind::verify_email);
  CHECK(code_of(h.auth().reset_password({.token = verify, .new_password = "brand new password"})) ==
        Errc::invalid_token);
}

TEMPLATE_TEST_CASE("send_verification_email answers the same for every address", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  REQUIRE(h.auth().sign_up({.email = "quinn@example.com", .password = kPassword}).has_value());
  const std::string first = h.mail->last_token("quinn@example.com", MailKind::verify_email);
  h.sign_up_verified("rosa@example.com");
  h.mail->clear();

  CHECK(h.auth().send_verification_email({.email = "quinn@example.com"}).has_value());
  CHECK(h.auth().send_verification_email({.email = "nobody@example.com"}).has_value());
  CHECK(h.auth().send_verification_email({.email = "rosa@example.com"}).has_value());
  CHECK(h.mail->size() == 1);  // only the unverified account got a mail
  const std::string second = h.mail->last_token("quinn@example.com", MailKind::verify_email);
  CHECK(second != first);
  // The newer link replaces the older one.
  CHECK(code_of(h.auth().verify_email(first)) == Errc::invalid_token);
  CHECK(h.auth().verify_email(second).has_value());
  CHECK(code_of(h.auth().send_verification_email({.email = "not-an-email"})) ==
        Errc::invalid_email);
}

TEMPLATE_TEST_CASE("send_verification_email with a session reports mismatches", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>([](AuthServiceOptions& o) {
    o.email_verification.required = false;
    o.email_verification.send_on_sign_up = false;
  });
  auto signed_up = h.auth().sign_up({.email = "sam@example.com", .password = kPassword});
  REQUIRE(signed_up.has_value());
  REQUIRE(signed_up->session.has_value());
  const std::string token = signed_up->session->token;
  CHECK(code_of(h.auth().send_verification_email(
            {.email = "other@example.com", .session_token = token})) == Errc::email_mismatch);
  REQUIRE(h.auth()
              .send_verification_email(
                  {.email = "sam@example.com", .callback_url = "/welcome", .session_token = token})
              .has_value());
  const std::string link = h.mail->last_url("sam@example.com", MailKind::verify_email);
  CHECK(link.find("callbackURL=%2Fwelcome") != std::string::npos);
  REQUIRE(h.auth()
              .verify_email(h.mail->last_token("sam@example.com", MailKind::verify_email))
              .has_value());
  CHECK(code_of(h.auth().send_verification_email(
            {.email = "sam@example.com", .session_token = token})) == Errc::email_already_verified);
  CHECK(code_of(h.auth().send_verification_email(
            {.email = "sam@example.com", .session_token = "bad-session"})) == Errc::unauthorized);
}

TEMPLATE_TEST_CASE("a verification mail that fails leaves no live token", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>([](AuthServiceOptions& o) {
    o.email_verification.required = false;
    o.email_verification.send_on_sign_up = false;
  });
  REQUIRE(h.auth().sign_up({.email = "tia@example.com", .password = kPassword}).has_value());
  auto failing = std::make_shared<CapturingFailingMail>();
  auto options = h.options;
  options.mail.service = failing;
  auto service = AuthService::create(options);
  REQUIRE(service.has_value());
  // Without a session the answer is the usual success; with one, the failure is reported.
  CHECK(service->send_verification_email({.email = "tia@example.com"}).has_value());
  REQUIRE_FALSE(failing->last.token.empty());
  CHECK(code_of(service->verify_email(failing->last.token)) == Errc::invalid_token);
  const std::string session = h.sign_in("tia@example.com");
  CHECK(code_of(service->send_verification_email(
            {.email = "tia@example.com", .session_token = session})) == Errc::mail_failure);
  CHECK(code_of(service->verify_email(failing->last.token)) == Errc::invalid_token);
}

}  // namespace authkit::test
