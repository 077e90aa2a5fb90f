// Flows interleaved at their worst moment, made deterministic with HookedStore: the "other
// request" runs inside a store call of the first one.
#include "unit/service/hooked_store.hpp"
#include "unit/service/service_harness.hpp"

namespace authkit::test {
namespace {

HookedStore& hooks(const Harness& h) { return static_cast<HookedStore&>(*h.store); }

}  // namespace

TEST_CASE("G4/H4: a sign-in racing a password reset leaves no session behind", "[service]") {
  auto h = Harness::make<HookedBackend>();
  const User user = h.sign_up_verified("racer@example.com");
  REQUIRE(h.auth().request_password_reset({.email = "racer@example.com"}).has_value());
  const std::string token = h.mail->last_token("racer@example.com", MailKind::reset_password);

  // The reset commits after sign-in checked the old password, just before its session is
  // stored: the reset's "delete every session" has already run.
  bool reset_ok = false;
  hooks(h).before_create_session = [&] {
    reset_ok =
        h.auth().reset_password({.token = token, .new_password = "the new password!"}).has_value();
  };
  auto signed_in = h.auth().sign_in({.email = "racer@example.com", .password = kPassword});
  REQUIRE(reset_ok);
  CHECK(code_of(signed_in) == Errc::invalid_email_or_password);
  auto sessions = h.store->list_sessions(user.id, h.clock->now());
  REQUIRE(sessions.has_value());
  CHECK(sessions->empty());
  CHECK(h.auth()
            .sign_in({.email = "racer@example.com", .password = "the new password!"})
            .has_value());
}

TEST_CASE("E6/H4: a password change racing a reset does not undo the reset", "[service]") {
  auto h = Harness::make<HookedBackend>();
  h.sign_up_verified("change@example.com");
  const std::string session = h.sign_in("change@example.com");
  REQUIRE(h.auth().request_password_reset({.email = "change@example.com"}).has_value());
  const std::string token = h.mail->last_token("change@example.com", MailKind::reset_password);

  // The reset commits while the change is about to store its hash.
  bool reset_ok = false;
  hooks(h).before_replace_credential = [&] {
    reset_ok = h.auth()
                   .reset_password({.token = token, .new_password = "owner's new password"})
                   .has_value();
  };
  auto changed = h.auth().change_password(session, {.current_password = kPassword,
                                                    .new_password = "attacker's password",
                                                    .revoke_other_sessions = true});
  REQUIRE(reset_ok);
  CHECK(code_of(changed) == Errc::invalid_password);
  CHECK(code_of(
            h.auth().sign_in({.email = "change@example.com", .password = "attacker's password"})) ==
        Errc::invalid_email_or_password);
  CHECK(h.auth()
            .sign_in({.email = "change@example.com", .password = "owner's new password"})
            .has_value());
}

TEST_CASE("H4: a second reset link redeemed while the first one's reset is in flight loses",
          "[service]") {
  auto h = Harness::make<HookedBackend>();
  h.sign_up_verified("twice@example.com");
  REQUIRE(h.auth().request_password_reset({.email = "twice@example.com"}).has_value());
  const std::string first = h.mail->last_token("twice@example.com", MailKind::reset_password);
  REQUIRE(h.auth().request_password_reset({.email = "twice@example.com"}).has_value());
  const std::string second = h.mail->last_token("twice@example.com", MailKind::reset_password);

  // The first reset has spent its link; the whole second reset runs before the first one
  // invalidates the other links. Exactly one of them may change the password.
  bool second_ok = false;
  hooks(h).before_invalidate_verifications = [&] {
    second_ok = h.auth()
                    .reset_password({.token = second, .new_password = "second new password"})
                    .has_value();
  };
  const bool first_ok =
      h.auth().reset_password({.token = first, .new_password = "first new password"}).has_value();
  CHECK(first_ok != second_ok);
  const std::string winner = first_ok ? "first new password" : "second new password";
  const std::string loser = first_ok ? "second new password" : "first new password";
  CHECK(h.auth().sign_in({.email = "twice@example.com", .password = winner}).has_value());
  CHECK(code_of(h.auth().sign_in({.email = "twice@example.com", .password = loser})) ==
        Errc::invalid_email_or_password);
}

}  // namespace authkit::test
