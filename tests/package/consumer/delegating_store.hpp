// A store of the consumer's own for the package test of the store conformance kit: every call
// goes to an InMemoryStore, except that with `reversed_sessions` list_sessions() returns the
// sessions oldest first instead of newest first, a flaw the kit must catch.
//
// Thread safety: as the InMemoryStore it wraps (every function may be called concurrently).
#pragma once

#include <authkit/store/memory_store.hpp>

#include <algorithm>
#include <memory>
#include <utility>

class DelegatingStore final : public authkit::Store {
 public:
  explicit DelegatingStore(bool reversed_sessions = false)
      : reversed_sessions_(reversed_sessions) {}

  using TimePoint = std::chrono::system_clock::time_point;
  template <class T>
  using Result = authkit::Result<T>;

  // UserStore
  Result<void> create_user(const authkit::User& user,
                           const std::optional<authkit::Credential>& credential) override {
    return inner_->create_user(user, credential);
  }
  Result<std::optional<authkit::User>> find_user_by_id(std::string_view id) override {
    return inner_->find_user_by_id(id);
  }
  Result<std::optional<authkit::User>> find_user_by_email(std::string_view email) override {
    return inner_->find_user_by_email(email);
  }
  Result<void> update_user(const authkit::User& user) override { return inner_->update_user(user); }
  Result<bool> delete_user(std::string_view id) override { return inner_->delete_user(id); }
  Result<std::optional<authkit::Credential>> find_credential(std::string_view user_id) override {
    return inner_->find_credential(user_id);
  }
  Result<void> set_credential(const authkit::Credential& credential) override {
    return inner_->set_credential(credential);
  }
  Result<bool> replace_credential_if(const authkit::Credential& credential,
                                     std::string_view expected_hash) override {
    return inner_->replace_credential_if(credential, expected_hash);
  }

  // SessionStore (find_session_with_user: the interface's default, find_session then the user)
  Result<void> create_session(const authkit::Session& session) override {
    return inner_->create_session(session);
  }
  Result<std::optional<authkit::Session>> find_session(std::string_view token_hash) override {
    return inner_->find_session(token_hash);
  }
  Result<bool> update_session_expiry(std::string_view id, TimePoint expires_at,
                                     TimePoint updated_at) override {
    return inner_->update_session_expiry(id, expires_at, updated_at);
  }
  Result<std::vector<authkit::Session>> list_sessions(std::string_view user_id,
                                                      TimePoint now) override {
    auto sessions = inner_->list_sessions(user_id, now);
    if (sessions && reversed_sessions_) std::reverse(sessions->begin(), sessions->end());
    return sessions;
  }
  Result<bool> delete_session(std::string_view id, std::string_view user_id) override {
    return inner_->delete_session(id, user_id);
  }
  Result<std::size_t> delete_sessions(std::string_view user_id,
                                      std::optional<std::string_view> keep_id) override {
    return inner_->delete_sessions(user_id, keep_id);
  }
  Result<std::size_t> delete_expired_sessions(TimePoint now) override {
    return inner_->delete_expired_sessions(now);
  }

  // VerificationStore
  Result<void> create_verification(const authkit::Verification& verification) override {
    return inner_->create_verification(verification);
  }
  Result<std::optional<authkit::Verification>> find_verification(
      std::string_view purpose, std::string_view token_hash) override {
    return inner_->find_verification(purpose, token_hash);
  }
  Result<authkit::ConsumeResult> consume_verification(std::string_view purpose,
                                                      std::string_view token_hash,
                                                      TimePoint now) override {
    return inner_->consume_verification(purpose, token_hash, now);
  }
  Result<std::size_t> invalidate_verifications(std::string_view user_id, std::string_view purpose,
                                               TimePoint now) override {
    return inner_->invalidate_verifications(user_id, purpose, now);
  }
  Result<std::size_t> delete_stale_verifications(TimePoint before) override {
    return inner_->delete_stale_verifications(before);
  }

  // RateLimitStore
  Result<authkit::RateLimitDecision> hit(std::string_view key, std::uint32_t max,
                                         std::chrono::milliseconds window, TimePoint now) override {
    return inner_->hit(key, max, window, now);
  }
  Result<authkit::RateLimitDecision> begin_attempt(
      std::string_view key, TimePoint now, std::chrono::seconds reset_after,
      const std::function<std::chrono::seconds(std::uint32_t)>& delay_after) override {
    return inner_->begin_attempt(key, now, reset_after, delay_after);
  }
  Result<authkit::FailureRecord> record_failure(std::string_view key, TimePoint now,
                                                std::chrono::seconds reset_after) override {
    return inner_->record_failure(key, now, reset_after);
  }
  Result<std::optional<authkit::FailureRecord>> find_failures(std::string_view key) override {
    return inner_->find_failures(key);
  }
  Result<void> clear_failures(std::string_view key) override { return inner_->clear_failures(key); }
  Result<std::size_t> delete_stale_rate_limits(TimePoint before) override {
    return inner_->delete_stale_rate_limits(before);
  }

  // SigningKeyStore
  Result<std::vector<authkit::SigningKeyRecord>> list_signing_keys() override {
    return inner_->list_signing_keys();
  }
  Result<bool> insert_signing_key(const authkit::SigningKeyRecord& key,
                                  std::size_t expected_count) override {
    return inner_->insert_signing_key(key, expected_count);
  }

  // Store
  Result<void> ping() override { return inner_->ping(); }

 private:
  std::shared_ptr<authkit::InMemoryStore> inner_ = authkit::InMemoryStore::create();
  bool reversed_sessions_;
};
