// H3: every mail that an anonymous request causes counts against the per-address cap (3 per
// hour by default), whatever client asks: the verification link, the reset link and the
// "existing account" notice of a duplicate sign-up. Rotating clients cannot flood a mailbox.
#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

namespace {

/// A different client address for every request, as a flooder behind many addresses.
RequestContext client(int i) {
  return RequestContext{.ip_address = "198.51.100." + std::to_string(i)};
}

}  // namespace

TEMPLATE_TEST_CASE("H3: duplicate sign-ups mail at most 3 existing-account notices an hour",
                   "[service][mail]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("owner@example.com");
  h.mail->clear();
  // The flood the issue found: 12 duplicate sign-ups from 4 addresses in about a second.
  for (int i = 0; i < 12; ++i) {
    auto again = h.auth().sign_up(
        {.email = "owner@example.com", .password = "another password " + std::to_string(i)},
        client(i % 4));
    REQUIRE(again.has_value());  // concealed: the same answer as a new account
    CHECK_FALSE(again->session.has_value());
  }
  const auto notices = h.mail->messages_to("owner@example.com");
  CHECK(notices.size() == 3);
  for (const auto& notice : notices) CHECK(notice.kind == MailKind::existing_account);
  CHECK(h.audit->count(AuditEventType::rate_limited) == 9);
  h.clock->advance(std::chrono::hours(1));
  REQUIRE(
      h.auth().sign_up({.email = "owner@example.com", .password = "one more password"}, client(5)));
  CHECK(h.mail->messages_to("owner@example.com").size() == 4);
}

TEMPLATE_TEST_CASE("H3: verification mails are capped per address, sign-up's link included",
                   "[service][mail]", BACKENDS) {
  auto h = Harness::make<TestType>();
  REQUIRE(h.auth().sign_up({.email = "new@example.com", .password = kPassword}, client(1)));
  for (int i = 0; i < 6; ++i) {
    CHECK(h.auth().send_verification_email({.email = "new@example.com"}, client(i)).has_value());
    CHECK(
        h.auth().send_verification_email({.email = "unknown@example.com"}, client(i)).has_value());
  }
  // The sign-up's link and two resends; the other four resends are counted and dropped.
  CHECK(h.mail->messages_to("new@example.com").size() == 3);
  // Unknown addresses are counted the same way (the answer reveals nothing).
  CHECK(h.audit->count(AuditEventType::rate_limited) == 4 + 3);
  // A flooded address still gets its account; the owner asks again later.
  h.mail->clear();
  for (int i = 0; i < 3; ++i) {
    CHECK(h.auth().send_verification_email({.email = "later@example.com"}, client(i)).has_value());
  }
  auto signed_up =
      h.auth().sign_up({.email = "later@example.com", .password = kPassword}, client(9));
  REQUIRE(signed_up.has_value());
  CHECK(h.mail->messages_to("later@example.com").empty());
  auto stored = h.store->find_user_by_email("later@example.com");
  REQUIRE(stored.has_value());
  CHECK(stored->has_value());
  h.clock->advance(std::chrono::hours(1));
  CHECK(h.auth().send_verification_email({.email = "later@example.com"}).has_value());
  CHECK(h.mail->last_token("later@example.com", MailKind::verify_email).size() == 43);
}

}  // namespace authkit::test
