#include "unit/service/service_harness.hpp"

namespace authkit::test {

TEST_CASE("AuthService::create validates its options", "[service]") {
  auto store = InMemoryStore::create();
  auto mail = std::make_shared<MockMailService>();
  const auto valid = [&] { return base_options(store, mail, nullptr, clock_at()); };
  REQUIRE(AuthService::create(valid()).has_value());

  auto no_store = valid();
  no_store.stores.sessions = nullptr;
  CHECK(code_of(AuthService::create(no_store)) == Errc::invalid_configuration);
  auto no_mail = valid();
  no_mail.mail.service = nullptr;
  CHECK(code_of(AuthService::create(no_mail)) == Errc::invalid_configuration);
  for (const char* bad :
       {"", "auth.example.com", "ftp://x.example", "https://", "https://x.example/api?x=1",
        "https://x.example/#f", "https://user@x.example/"}) {
    auto o = valid();
    o.base_url = bad;
    INFO(bad);
    CHECK(code_of(AuthService::create(o)) == Errc::invalid_configuration);
  }
  auto negative = valid();
  negative.sessions.expires_in = std::chrono::seconds(0);
  CHECK(code_of(AuthService::create(negative)) == Errc::invalid_configuration);
  auto cap = valid();
  cap.sessions.max_lifetime = std::chrono::hours(1);
  CHECK(code_of(AuthService::create(cap)) == Errc::invalid_configuration);
  auto short_cap = valid();
  short_cap.sessions.short_expires_in = short_cap.sessions.max_lifetime + std::chrono::seconds(1);
  CHECK(code_of(AuthService::create(short_cap)) == Errc::invalid_configuration);
  for (const char* bad : {"app.example.com", "https://app.example.com/path", "ftp://x.example",
                          "https://*.*.example.com", "https://a.*.example.com", "https://"}) {
    auto o = valid();
    o.trusted_origins = {bad};
    INFO(bad);
    CHECK(code_of(AuthService::create(o)) == Errc::invalid_configuration);
  }
  auto trusted = valid();
  trusted.trusted_origins = {"https://App.Example.com/", "http://localhost:3000",
                             "https://*.example.org"};
  CHECK(AuthService::create(trusted).has_value());
  auto mail_limit = valid();
  mail_limit.rate_limits.mail_per_address.max = 0;
  CHECK(code_of(AuthService::create(mail_limit)) == Errc::invalid_configuration);
  auto policy = valid();
  policy.passwords.policy.min_length = 0;
  CHECK(code_of(AuthService::create(policy)) == Errc::invalid_configuration);
}

TEST_CASE("AuthService fills in defaults", "[service]") {
  auto store = InMemoryStore::create();
  auto options = base_options(store, std::make_shared<MockMailService>(), nullptr, clock_at());
  options.base_url = "HTTPS://Auth.Example.com/api/auth/";
  auto service = AuthService::create(options);
  REQUIRE(service.has_value());
  CHECK(service->options().base_url == "https://auth.example.com/api/auth");
  CHECK(service->options().jwt.issuer == "https://auth.example.com");
  CHECK(service->options().jwt.audience == "https://auth.example.com");
  CHECK(service->options().email_verification.send_on_sign_up == std::optional<bool>(true));
  CHECK(service->options().sessions.expires_in == std::chrono::hours(24 * 7));
  CHECK(service->options().email_verification.expires_in == std::chrono::hours(1));
  CHECK(service->options().passwords.reset_expires_in == std::chrono::hours(1));
  CHECK(service->options().jwt.expires_in == std::chrono::minutes(15));
  CHECK(service->rate_limiter().rule_for("/sign-in/email")->max == 3);
}

TEST_CASE("normalize_email trims, lower-cases and validates", "[service]") {
  CHECK(normalize_email("  Alice@Example.COM\t").value() == "alice@example.com");
  CHECK(normalize_email("first.last+tag@sub.example.org").value() ==
        "first.last+tag@sub.example.org");
  for (const char* bad :
       {"", "plain", "@example.com", "a@", "a@b", "a@@b.com", "a@b..com", "a@.b.com", "a@b.com.",
        "a b@example.com", "a@exa mple.com", ".a@example.com", "a.@example.com", "a..b@example.com",
        "a\"b@example.com", "a@exam_ple.com", "\xc3\xa9@example.com"}) {
    INFO(bad);
    CHECK(code_of(normalize_email(bad)) == Errc::invalid_email);
  }
  CHECK(code_of(normalize_email(std::string(65, 'a') + "@example.com")) == Errc::invalid_email);
  CHECK(code_of(normalize_email("a@" + std::string(250, 'b') + ".com")) == Errc::invalid_email);
  CHECK(code_of(normalize_email(std::string_view("a\0b@example.com", 15))) == Errc::invalid_email);
}

}  // namespace authkit::test
