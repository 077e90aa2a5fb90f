#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

TEMPLATE_TEST_CASE("sign_up with verification required mails a link and starts no session",
                   "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  auto result =
      h.auth().sign_up({.email = "  Alice@Example.COM ", .password = kPassword, .name = "Alice"});
  REQUIRE(result.has_value());
  CHECK(result->user.email == "alice@example.com");
  CHECK_FALSE(result->user.email_verified);
  CHECK_FALSE(result->session.has_value());

  auto stored = h.store->find_user_by_email("alice@example.com");
  REQUIRE(stored.has_value());
  REQUIRE(stored->has_value());
  CHECK((*stored)->id == result->user.id);

  auto message = h.mail->last_to("alice@example.com", MailKind::verify_email);
  REQUIRE(message.has_value());
  // H5: the link is built from the configured base URL.
  CHECK(message->url.rfind(std::string(kBaseUrl) + "/verify-email?token=", 0) == 0);
  CHECK(message->url.find("&callbackURL=%2F") != std::string::npos);
  CHECK(message->url.find(message->token) != std::string::npos);
  CHECK(h.audit->count(AuditEventType::sign_up) == 1);

  // Unverified accounts cannot sign in, even with the right password.
  auto early = h.auth().sign_in({.email = "alice@example.com", .password = kPassword});
  CHECK(code_of(early) == Errc::email_not_verified);
}

TEMPLATE_TEST_CASE("sign_up carries the callback URL into the verification link", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  REQUIRE(h.auth()
              .sign_up({.email = "cb@example.com",
                        .password = kPassword,
                        .callback_url = "/dashboard?tab=1"})
              .has_value());
  const std::string url = h.mail->last_url("cb@example.com", MailKind::verify_email);
  CHECK(url.find("&callbackURL=%2Fdashboard%3Ftab%3D1") != std::string::npos);
}

TEMPLATE_TEST_CASE("sign_up without verification signs in automatically", "[service]", BACKENDS) {
  auto h =
      Harness::make<TestType>([](AuthServiceOptions& o) { o.email_verification.required = false; });
  auto result = h.auth().sign_up({.email = "bob@example.com", .password = kPassword});
  REQUIRE(result.has_value());
  REQUIRE(result->session.has_value());
  CHECK(h.mail->size() == 0);  // send_verification_on_sign_up follows the requirement
  auto session = h.auth().get_session(result->session->token);
  REQUIRE(session.has_value());
  REQUIRE(session->has_value());
  CHECK((*session)->user.id == result->user.id);

  SECTION("auto_sign_in off starts no session") {
    auto h2 = Harness::make<TestType>([](AuthServiceOptions& o) {
      o.email_verification.required = false;
      o.sign_up.auto_sign_in = false;
    });
    auto r2 = h2.auth().sign_up({.email = "bob@example.com", .password = kPassword});
    REQUIRE(r2.has_value());
    CHECK_FALSE(r2->session.has_value());
  }
}

TEMPLATE_TEST_CASE("F3: duplicate sign-up is concealed by default", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  auto first = h.auth().sign_up({.email = "dup@example.com", .password = kPassword});
  REQUIRE(first.has_value());
  const std::string first_token = h.mail->last_token("dup@example.com", MailKind::verify_email);
  h.mail->clear();

  auto second = h.auth().sign_up({.email = "DUP@example.com", .password = "another password 1"});
  REQUIRE(second.has_value());  // same answer shape as a new account
  CHECK(second->user.email == "dup@example.com");
  CHECK(second->user.id != first->user.id);  // synthetic, never stored
  CHECK_FALSE(second->session.has_value());
  auto stored = h.store->find_user_by_id(second->user.id);
  REQUIRE(stored.has_value());
  CHECK_FALSE(stored->has_value());
  // The real owner hears about it; no verification link goes out for the fake.
  CHECK(h.mail->last_to("dup@example.com", MailKind::existing_account).has_value());
  CHECK_FALSE(h.mail->last_to("dup@example.com", MailKind::verify_email).has_value());
  // The original account is untouched: its link and password still work, the new one not.
  REQUIRE(h.auth().verify_email(first_token).has_value());
  CHECK(h.auth().sign_in({.email = "dup@example.com", .password = kPassword}).has_value());
  CHECK(code_of(h.auth().sign_in({.email = "dup@example.com", .password = "another password 1"})) ==
        Errc::invalid_email_or_password);
}

TEMPLATE_TEST_CASE("duplicate sign-up can be rejected explicitly", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>(
      [](AuthServiceOptions& o) { o.sign_up.on_duplicate = DuplicateSignUp::reject; });
  REQUIRE(h.auth().sign_up({.email = "dup@example.com", .password = kPassword}).has_value());
  auto again = h.auth().sign_up({.email = "dup@example.com", .password = kPassword});
  CHECK(code_of(again) == Errc::user_already_exists);
}

TEMPLATE_TEST_CASE("duplicate sign-up with auto sign-in is USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
                   "[service]", BACKENDS) {
  auto h =
      Harness::make<TestType>([](AuthServiceOptions& o) { o.email_verification.required = false; });
  REQUIRE(h.auth().sign_up({.email = "dup@example.com", .password = kPassword}).has_value());
  auto again = h.auth().sign_up({.email = "dup@example.com", .password = kPassword});
  CHECK(code_of(again) == Errc::user_already_exists_use_another_email);
}

TEMPLATE_TEST_CASE("sign_up validates email, password and profile", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  CHECK(code_of(h.auth().sign_up({.email = "not-an-email", .password = kPassword})) ==
        Errc::invalid_email);
  CHECK(code_of(h.auth().sign_up({.email = "a@example.com", .password = "short"})) ==
        Errc::password_too_short);
  CHECK(code_of(h.auth().sign_up({.email = "a@example.com", .password = std::string(129, 'x')})) ==
        Errc::password_too_long);
  // E5: a password equal to the email is refused.
  CHECK(code_of(h.auth().sign_up({.email = "a@example.com", .password = "a@example.com"})) ==
        Errc::password_too_weak);
  CHECK(code_of(h.auth().sign_up(
            {.email = "a@example.com", .password = kPassword, .name = std::string(300, 'n')})) ==
        Errc::validation_error);
  CHECK(code_of(h.auth().sign_up(
            {.email = "a@example.com", .password = kPassword, .name = "bad \xff utf8"})) ==
        Errc::validation_error);
  // Nothing was created by the refused attempts.
  auto stored = h.store->find_user_by_email("a@example.com");
  REQUIRE(stored.has_value());
  CHECK_FALSE(stored->has_value());
}

TEMPLATE_TEST_CASE("a failing mail service undoes the sign-up", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.mail->set_failing(true);
  auto failed = h.auth().sign_up({.email = "mailfail@example.com", .password = kPassword});
  CHECK(code_of(failed) == Errc::mail_failure);
  auto stored = h.store->find_user_by_email("mailfail@example.com");
  REQUIRE(stored.has_value());
  CHECK_FALSE(stored->has_value());
  // Once mail works again, the same address can sign up normally.
  h.mail->set_failing(false);
  auto retried = h.auth().sign_up({.email = "mailfail@example.com", .password = kPassword});
  REQUIRE(retried.has_value());
  CHECK(h.mail->last_to("mailfail@example.com", MailKind::verify_email).has_value());
}

TEMPLATE_TEST_CASE("I2: RNG failure fails sign-up and sign-in closed", "[service]", BACKENDS) {
  auto h =
      Harness::make<TestType>([](AuthServiceOptions& o) { o.email_verification.required = false; });
  REQUIRE(h.auth().sign_up({.email = "rng@example.com", .password = kPassword}).has_value());
  {
    RngFailureGuard guard;
    CHECK(code_of(h.auth().sign_up({.email = "rng2@example.com", .password = kPassword})) ==
          Errc::crypto_failure);
    CHECK(code_of(h.auth().sign_in({.email = "rng@example.com", .password = kPassword})) ==
          Errc::crypto_failure);
  }
  auto stored = h.store->find_user_by_email("rng2@example.com");
  REQUIRE(stored.has_value());
  CHECK_FALSE(stored->has_value());
}

}  // namespace authkit::test
