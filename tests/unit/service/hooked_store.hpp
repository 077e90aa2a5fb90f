// A Store that forwards to an InMemoryStore and can run a hook just before chosen calls, so a
// test can make "another request" commit at the worst moment of a flow, deterministically.
#pragma once

#include <authkit/authkit.hpp>

#include <functional>
#include <memory>

namespace authkit::test {

class HookedStore final : public Store {
 public:
  std::shared_ptr<InMemoryStore> inner = InMemoryStore::create();
  /// Runs (once) before the next create_session().
  std::function<void()> before_create_session;
  /// Runs (once) before the next replace_credential_if().
  std::function<void()> before_replace_credential;
  /// Runs (once) before the next invalidate_verifications().
  std::function<void()> before_invalidate_verifications;
  /// Runs (once) before the next insert_signing_key().
  std::function<void()> before_insert_signing_key;

  Result<void> create_user(const User& u, const std::optional<Credential>& c) override {
    return inner->create_user(u, c);
  }
  Result<std::optional<User>> find_user_by_id(std::string_view id) override {
    return inner->find_user_by_id(id);
  }
  Result<std::optional<User>> find_user_by_email(std::string_view e) override {
    return inner->find_user_by_email(e);
  }
  Result<void> update_user(const User& u) override { return inner->update_user(u); }
  Result<bool> delete_user(std::string_view id) override { return inner->delete_user(id); }
  Result<std::optional<Credential>> find_credential(std::string_view id) override {
    return inner->find_credential(id);
  }
  Result<void> set_credential(const Credential& c) override { return inner->set_credential(c); }
  Result<bool> replace_credential_if(const Credential& c, std::string_view expected) override {
    run_once(before_replace_credential);
    return inner->replace_credential_if(c, expected);
  }
  Result<void> create_session(const Session& s) override {
    run_once(before_create_session);
    return inner->create_session(s);
  }
  Result<std::optional<Session>> find_session(std::string_view h) override {
    return inner->find_session(h);
  }
  Result<bool> update_session_expiry(std::string_view id, Clock::time_point e,
                                     Clock::time_point u) override {
    return inner->update_session_expiry(id, e, u);
  }
  Result<std::vector<Session>> list_sessions(std::string_view u, Clock::time_point n) override {
    return inner->list_sessions(u, n);
  }
  Result<bool> delete_session(std::string_view id, std::string_view u) override {
    return inner->delete_session(id, u);
  }
  Result<std::size_t> delete_sessions(std::string_view u,
                                      std::optional<std::string_view> keep) override {
    return inner->delete_sessions(u, keep);
  }
  Result<std::size_t> delete_expired_sessions(Clock::time_point n) override {
    return inner->delete_expired_sessions(n);
  }
  Result<void> create_verification(const Verification& v) override {
    return inner->create_verification(v);
  }
  Result<std::optional<Verification>> find_verification(std::string_view p,
                                                        std::string_view h) override {
    return inner->find_verification(p, h);
  }
  Result<ConsumeResult> consume_verification(std::string_view p, std::string_view h,
                                             Clock::time_point n) override {
    return inner->consume_verification(p, h, n);
  }
  Result<std::size_t> invalidate_verifications(std::string_view u, std::string_view p,
                                               Clock::time_point n) override {
    run_once(before_invalidate_verifications);
    return inner->invalidate_verifications(u, p, n);
  }
  Result<std::size_t> delete_stale_verifications(Clock::time_point b) override {
    return inner->delete_stale_verifications(b);
  }
  Result<RateLimitDecision> hit(std::string_view k, std::uint32_t m, std::chrono::milliseconds w,
                                Clock::time_point n) override {
    return inner->hit(k, m, w, n);
  }
  Result<FailureRecord> record_failure(std::string_view k, Clock::time_point n,
                                       std::chrono::seconds r) override {
    return inner->record_failure(k, n, r);
  }
  Result<std::optional<FailureRecord>> find_failures(std::string_view k) override {
    return inner->find_failures(k);
  }
  Result<RateLimitDecision> begin_attempt(
      std::string_view k, Clock::time_point n, std::chrono::seconds r,
      const std::function<std::chrono::seconds(std::uint32_t)>& d) override {
    return inner->begin_attempt(k, n, r, d);
  }
  Result<void> clear_failures(std::string_view k) override { return inner->clear_failures(k); }
  Result<std::size_t> delete_stale_rate_limits(Clock::time_point b) override {
    return inner->delete_stale_rate_limits(b);
  }
  Result<std::vector<SigningKeyRecord>> list_signing_keys() override {
    return inner->list_signing_keys();
  }
  Result<bool> insert_signing_key(const SigningKeyRecord& k, std::size_t n) override {
    run_once(before_insert_signing_key);
    return inner->insert_signing_key(k, n);
  }
  Result<void> ping() override { return inner->ping(); }

 private:
  static void run_once(std::function<void()>& hook) {
    if (!hook) return;
    auto run = std::move(hook);
    hook = nullptr;
    run();
  }
};

/// The backend for tests that need hooks.
struct HookedBackend {
  static std::shared_ptr<Store> make() { return std::make_shared<HookedStore>(); }
};

}  // namespace authkit::test
