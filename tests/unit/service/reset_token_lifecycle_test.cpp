// H4: a reset link requested before the owner acted must not undo what the owner did. A
// password change, "sign out everywhere" (or everywhere else) and a completed reset each kill
// every outstanding reset link of the user.
#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

namespace {

constexpr const char* kEmail = "lifecycle@example.com";
constexpr const char* kOwnersNew = "the owner's new passphrase";
constexpr const char* kIntruders = "the intruder's passphrase";

/// Requests a reset link and returns its token, as whoever reads the mailbox would.
std::string reset_link(Harness& h) {
  REQUIRE(h.auth().request_password_reset({.email = kEmail}).has_value());
  std::string token = h.mail->last_token(kEmail, MailKind::reset_password);
  REQUIRE_FALSE(token.empty());
  return token;
}

/// The old link is refused and leaves the password as the owner set it.
void check_link_dead(Harness& h, const std::string& link, const std::string& password) {
  CHECK(code_of(h.auth().check_reset_token(link)) == Errc::invalid_token);
  CHECK(code_of(h.auth().reset_password({.token = link, .new_password = kIntruders})) ==
        Errc::invalid_token);
  CHECK(code_of(h.auth().sign_in({.email = kEmail, .password = kIntruders})) ==
        Errc::invalid_email_or_password);
  CHECK(h.auth().sign_in({.email = kEmail, .password = password}).has_value());
}

}  // namespace

TEMPLATE_TEST_CASE("H4: change-password kills every outstanding reset link", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified(kEmail);
  const std::string first = reset_link(h);
  const std::string second = reset_link(h);
  const std::string session = h.sign_in(kEmail);
  REQUIRE(h.auth()
              .change_password(session, {.current_password = kPassword, .new_password = kOwnersNew})
              .has_value());
  check_link_dead(h, first, kOwnersNew);
  check_link_dead(h, second, kOwnersNew);
  // A link requested after the change works as usual.
  const std::string later = reset_link(h);
  CHECK(h.auth().check_reset_token(later).has_value());
}

TEMPLATE_TEST_CASE("H4: revoke-sessions and revoke-other-sessions kill outstanding reset links",
                   "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified(kEmail);
  SECTION("revoke-sessions") {
    const std::string link = reset_link(h);
    REQUIRE(h.auth().revoke_sessions(h.sign_in(kEmail)).has_value());
    check_link_dead(h, link, kPassword);
  }
  SECTION("revoke-other-sessions") {
    const std::string link = reset_link(h);
    REQUIRE(h.auth().revoke_other_sessions(h.sign_in(kEmail)).has_value());
    check_link_dead(h, link, kPassword);
  }
}

TEMPLATE_TEST_CASE("H4: a completed reset kills the other outstanding reset links", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified(kEmail);
  const std::string used = reset_link(h);
  const std::string other = reset_link(h);
  REQUIRE(h.auth().reset_password({.token = used, .new_password = kOwnersNew}).has_value());
  check_link_dead(h, other, kOwnersNew);
  check_link_dead(h, used, kOwnersNew);
}

}  // namespace authkit::test
