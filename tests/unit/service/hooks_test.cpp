// HookOptions: the host's code before and after sign-up, sign-in and session creation. A
// before hook refuses with its own typed error; after hooks see what was made; no hook sees a
// password or a token.
#include <atomic>
#include <mutex>

#include "unit/http/http_harness.hpp"

namespace authkit::test {

namespace {

/// What the hooks saw, from any thread.
struct Seen {
  std::mutex mutex;
  std::vector<std::string> calls;
  void add(std::string call) {
    std::lock_guard lock(mutex);
    calls.push_back(std::move(call));
  }
  std::vector<std::string> all() {
    std::lock_guard lock(mutex);
    return calls;
  }
};

/// Every hook records its call; sign-ups outside example.com and sessions of
/// "suspended@example.com" are refused.
void install(AuthServiceOptions& o, const std::shared_ptr<Seen>& seen) {
  o.hooks.before_sign_up = [seen](const SignUpAttempt& a, const RequestContext& c) -> Result<void> {
    seen->add("before_sign_up " + a.email + " " + a.name + " " + c.ip_address);
    if (!a.email.ends_with("@example.com")) {
      return Error(Errc::forbidden, "Sign-ups are limited to example.com");
    }
    return {};
  };
  o.hooks.after_sign_up = [seen](const User& u, const RequestContext&) {
    seen->add("after_sign_up " + u.email);
  };
  o.hooks.before_sign_in = [seen](std::string_view email, const RequestContext&) -> Result<void> {
    seen->add("before_sign_in " + std::string(email));
    return {};
  };
  o.hooks.after_sign_in = [seen](const User& u, const Session& s, const RequestContext&) {
    seen->add("after_sign_in " + u.email + (s.user_id == u.id ? " own-session" : " other"));
  };
  o.hooks.before_session_create = [seen](const User& u, const RequestContext&) -> Result<void> {
    seen->add("before_session_create " + u.email);
    if (u.email == "suspended@example.com") return Error(Errc::forbidden, "Account suspended");
    return {};
  };
  o.hooks.after_session_create = [seen](const Session& s, const User& u, const RequestContext&) {
    seen->add("after_session_create " + u.email + (s.user_id == u.id ? " own-session" : " other"));
  };
}

bool contains(const std::vector<std::string>& calls, std::string_view needle) {
  for (const auto& c : calls) {
    if (c.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("hooks: run in order around sign-up and sign-in and never see a secret",
          "[service][hooks]") {
  auto seen = std::make_shared<Seen>();
  auto h = Harness::make<MemoryBackend>([&](AuthServiceOptions& o) { install(o, seen); });
  const RequestContext client{.ip_address = "203.0.113.9", .user_agent = "test"};
  auto up =
      h.auth().sign_up({.email = "Ann@Example.com", .password = kPassword, .name = "Ann"}, client);
  REQUIRE(up.has_value());
  REQUIRE(h.auth().verify_email(h.mail->last_token("ann@example.com", MailKind::verify_email)));
  auto in = h.auth().sign_in({.email = "ann@example.com", .password = kPassword}, client);
  REQUIRE(in.has_value());

  const std::vector<std::string> expected{
      "before_sign_up ann@example.com Ann 203.0.113.9",  // normalised email, the context
      "after_sign_up ann@example.com",
      "before_sign_in ann@example.com",
      "before_session_create ann@example.com",
      "after_session_create ann@example.com own-session",
      "after_sign_in ann@example.com own-session",
  };
  CHECK(seen->all() == expected);
  for (const auto& call : seen->all()) {
    CHECK(call.find(kPassword) == std::string::npos);
    CHECK(call.find(in->session.token) == std::string::npos);
  }
}

TEST_CASE("hooks: a before_sign_up veto answers its error and creates nothing",
          "[service][hooks]") {
  auto seen = std::make_shared<Seen>();
  auto h = Harness::make<MemoryBackend>([&](AuthServiceOptions& o) { install(o, seen); });
  auto refused = h.auth().sign_up({.email = "eve@elsewhere.test", .password = kPassword});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == Errc::forbidden);
  CHECK(refused.error().message() == "Sign-ups are limited to example.com");
  CHECK_FALSE(h.store->find_user_by_email("eve@elsewhere.test").value().has_value());
  CHECK(h.mail->size() == 0);
  CHECK_FALSE(contains(seen->all(), "after_sign_up"));
  CHECK(h.audit->count(AuditEventType::sign_up) == 1);  // audited as REFUSED_BY_HOOK
}

TEST_CASE("hooks: before_session_create refuses a suspended account after its password checked",
          "[service][hooks]") {
  auto seen = std::make_shared<Seen>();
  auto h = Harness::make<MemoryBackend>([&](AuthServiceOptions& o) { install(o, seen); });
  h.sign_up_verified("suspended@example.com");
  auto refused = h.auth().sign_in({.email = "suspended@example.com", .password = kPassword});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == Errc::forbidden);
  CHECK_FALSE(contains(seen->all(), "after_session_create suspended"));
  CHECK_FALSE(contains(seen->all(), "after_sign_in suspended"));
  // No session was stored for the account.
  const User user = h.store->find_user_by_email("suspended@example.com").value().value();
  CHECK(h.store->list_sessions(user.id, h.clock->now()).value().empty());
  // A wrong password is still the usual answer: the hook runs only once the password matched.
  CHECK(code_of(h.auth().sign_in({.email = "suspended@example.com", .password = "wrong one!"})) ==
        Errc::invalid_email_or_password);
}

TEST_CASE("hooks: a before_sign_in veto stops before any password work", "[service][hooks]") {
  auto h = Harness::make<MemoryBackend>([](AuthServiceOptions& o) {
    o.hooks.before_sign_in = [](std::string_view email, const RequestContext&) -> Result<void> {
      if (email == "locked@example.com") return Error(Errc::forbidden, "Locked by an admin");
      return {};
    };
  });
  h.sign_up_verified("locked@example.com");
  // Any password, even the right one, gets the hook's answer.
  CHECK(code_of(h.auth().sign_in({.email = "locked@example.com", .password = kPassword})) ==
        Errc::forbidden);
  CHECK(code_of(h.auth().sign_in({.email = "locked@example.com", .password = "nope nope!"})) ==
        Errc::forbidden);
}

TEST_CASE("hooks: over HTTP a veto is a 403 FORBIDDEN with the hook's message", "[http][hooks]") {
  auto seen = std::make_shared<Seen>();
  auto h = HttpHarness::make([&](AuthServiceOptions& o) { install(o, seen); });
  const auto refused =
      h.post("/sign-up/email",
             {{"email", "mallory@elsewhere.test"}, {"password", kPassword}, {"name", "Mallory"}});
  CHECK(refused.status == 403);
  const nlohmann::json body = body_of(refused);
  CHECK(body["code"] == "FORBIDDEN");
  CHECK(body["message"] == "Sign-ups are limited to example.com");

  h.service.sign_up_verified("suspended@example.com");
  const auto suspended =
      h.post("/sign-in/email", {{"email", "suspended@example.com"}, {"password", kPassword}});
  CHECK(suspended.status == 403);
  CHECK(body_of(suspended)["message"] == "Account suspended");
  CHECK(h.cookie.empty());

  h.sign_in("fine@example.com");
  CHECK(contains(seen->all(), "after_sign_in fine@example.com own-session"));
}

}  // namespace authkit::test
