#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

TEMPLATE_TEST_CASE("E6: change_password requires the current password", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("zoe@example.com");
  const std::string token = h.sign_in("zoe@example.com");
  CHECK(code_of(h.auth().change_password(
            token, {.current_password = "wrong password", .new_password = "next secret 42"})) ==
        Errc::invalid_password);
  CHECK(code_of(h.auth().change_password(
            token, {.current_password = kPassword, .new_password = "short"})) ==
        Errc::password_too_short);
  CHECK(code_of(h.auth().change_password(
            "bad", {.current_password = kPassword, .new_password = "next secret 42"})) ==
        Errc::unauthorized);

  auto changed = h.auth().change_password(
      token, {.current_password = kPassword, .new_password = "next secret 42"});
  REQUIRE(changed.has_value());
  CHECK_FALSE(changed->session.has_value());
  CHECK(h.mail->last_to("zoe@example.com", MailKind::password_changed).has_value());
  CHECK(h.audit->count(AuditEventType::password_changed) == 1);
  // The calling session survives without revoke_other_sessions.
  auto alive = h.auth().get_session(token);
  REQUIRE(alive.has_value());
  CHECK(alive->has_value());
  CHECK(code_of(h.auth().sign_in({.email = "zoe@example.com", .password = kPassword})) ==
        Errc::invalid_email_or_password);
  CHECK(h.auth().sign_in({.email = "zoe@example.com", .password = "next secret 42"}).has_value());
}

TEMPLATE_TEST_CASE("E6: change_password with revoke_other_sessions leaves one new session",
                   "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("abe@example.com");
  const std::string mine = h.sign_in("abe@example.com");
  const std::string other = h.sign_in("abe@example.com");
  auto changed = h.auth().change_password(mine, {.current_password = kPassword,
                                                 .new_password = "next secret 42",
                                                 .revoke_other_sessions = true});
  REQUIRE(changed.has_value());
  REQUIRE(changed->session.has_value());
  for (const auto& token : {mine, other}) {
    auto s = h.auth().get_session(token);
    REQUIRE(s.has_value());
    CHECK_FALSE(s->has_value());
  }
  auto listed = h.auth().list_sessions(changed->session->token);
  REQUIRE(listed.has_value());
  CHECK(listed->size() == 1);
}

TEMPLATE_TEST_CASE("update_user changes the profile of the signed-in user", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("bea@example.com");
  const std::string token = h.sign_in("bea@example.com");
  h.clock->advance(std::chrono::seconds(5));
  auto updated = h.auth().update_user(
      token, {.name = "Bea B.", .image = std::optional<std::string>("https://img.example/b.png")});
  REQUIRE(updated.has_value());
  CHECK(updated->name == "Bea B.");
  CHECK(updated->image == std::optional<std::string>("https://img.example/b.png"));
  CHECK(updated->updated_at == h.clock->now());
  auto stored = h.store->find_user_by_email("bea@example.com");
  REQUIRE(stored.has_value());
  CHECK((*stored)->name == "Bea B.");
  // Clearing the image.
  auto cleared = h.auth().update_user(token, {.image = std::optional<std::string>()});
  REQUIRE(cleared.has_value());
  CHECK_FALSE(cleared->image.has_value());
  CHECK(code_of(h.auth().update_user(token, {})) == Errc::validation_error);
  CHECK(code_of(h.auth().update_user(token, {.name = std::string(257, 'n')})) ==
        Errc::validation_error);
  CHECK(code_of(h.auth().update_user("bad", {.name = "x"})) == Errc::unauthorized);
}

}  // namespace authkit::test

namespace authkit::test {

TEMPLATE_TEST_CASE("F1: wrong current passwords in change_password are throttled per session",
                   "[service]", MemoryBackend, SqliteBackend, PostgresBackend) {
  auto h = Harness::make<TestType>(
      [](AuthServiceOptions& o) { o.rate_limits.sign_in_throttle.enabled = true; });
  h.sign_up_verified("guess@example.com");
  const std::string token = h.sign_in("guess@example.com");
  for (int i = 0; i < 5; ++i) {
    CHECK(code_of(h.auth().change_password(token, {.current_password = "guess " + std::to_string(i),
                                                   .new_password = "next secret 42"})) ==
          Errc::invalid_password);
  }
  auto blocked = h.auth().change_password(
      token, {.current_password = kPassword, .new_password = "next secret 42"});
  CHECK(code_of(blocked) == Errc::too_many_requests);
  // The guesses were the session's own: the account's other clients are not slowed by them.
  CHECK(h.auth().sign_in({.email = "guess@example.com", .password = kPassword}).has_value());
  h.clock->advance(blocked.error().retry_after());
  CHECK(
      h.auth()
          .change_password(token, {.current_password = kPassword, .new_password = "next secret 42"})
          .has_value());
}

TEMPLATE_TEST_CASE("F1: strangers failing to sign in do not stop the owner changing the password",
                   "[service]", MemoryBackend, SqliteBackend, PostgresBackend) {
  auto h = Harness::make<TestType>(
      [](AuthServiceOptions& o) { o.rate_limits.sign_in_throttle.enabled = true; });
  h.sign_up_verified("busy@example.com");
  const std::string token = h.sign_in("busy@example.com");
  for (int i = 0; i < 6; ++i) {
    (void)h.auth().sign_in({.email = "busy@example.com", .password = "a stranger's guess"});
  }
  REQUIRE(code_of(h.auth().sign_in({.email = "busy@example.com", .password = kPassword})) ==
          Errc::too_many_requests);
  CHECK(
      h.auth()
          .change_password(token, {.current_password = kPassword, .new_password = "next secret 42"})
          .has_value());
}

}  // namespace authkit::test
