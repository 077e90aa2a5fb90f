// authkit/store/memory_store.hpp: a complete Store kept in process memory, for tests,
// examples and single-process deployments that may lose their data on restart.
//
// Thread safety: every member function may be called concurrently; a reader-writer lock
// guards the data, so concurrent lookups do not block one another.
#pragma once

#include <authkit/store/store.hpp>

#include <memory>

namespace authkit {

/// A Store in memory. Satisfies every atomicity contract of the store interfaces.
class InMemoryStore final : public Store {
 public:
  /// An empty store.
  InMemoryStore();
  ~InMemoryStore() override;
  InMemoryStore(const InMemoryStore&) = delete;
  InMemoryStore& operator=(const InMemoryStore&) = delete;

  /// A new empty store behind a shared pointer (what AuthService takes).
  [[nodiscard]] static std::shared_ptr<InMemoryStore> create();

  // UserStore
  Result<void> create_user(const User& user, const std::optional<Credential>& credential) override;
  Result<std::optional<User>> find_user_by_id(std::string_view id) override;
  Result<std::optional<User>> find_user_by_email(std::string_view email) override;
  Result<void> update_user(const User& user) override;
  Result<bool> delete_user(std::string_view id) override;
  Result<std::optional<Credential>> find_credential(std::string_view user_id) override;
  Result<void> set_credential(const Credential& credential) override;
  Result<bool> replace_credential_if(const Credential& credential,
                                     std::string_view expected_hash) override;
  // SessionStore
  Result<void> create_session(const Session& session) override;
  Result<std::optional<Session>> find_session(std::string_view token_hash) override;
  /// One lookup (under one lock / one statement) when `users` is this store.
  Result<std::optional<SessionWithUser>> find_session_with_user(std::string_view token_hash,
                                                                UserStore& users) override;
  Result<bool> update_session_expiry(std::string_view id,
                                     std::chrono::system_clock::time_point expires_at,
                                     std::chrono::system_clock::time_point updated_at) override;
  Result<std::vector<Session>> list_sessions(std::string_view user_id,
                                             std::chrono::system_clock::time_point now) override;
  Result<bool> delete_session(std::string_view id, std::string_view user_id) override;
  Result<std::size_t> delete_sessions(std::string_view user_id,
                                      std::optional<std::string_view> keep_id) override;
  Result<std::size_t> delete_expired_sessions(std::chrono::system_clock::time_point now) override;
  // VerificationStore
  Result<void> create_verification(const Verification& verification) override;
  Result<std::optional<Verification>> find_verification(std::string_view purpose,
                                                        std::string_view token_hash) override;
  Result<ConsumeResult> consume_verification(std::string_view purpose, std::string_view token_hash,
                                             std::chrono::system_clock::time_point now) override;
  Result<std::size_t> invalidate_verifications(std::string_view user_id, std::string_view purpose,
                                               std::chrono::system_clock::time_point now) override;
  Result<std::size_t> delete_stale_verifications(
      std::chrono::system_clock::time_point before) override;
  // RateLimitStore
  Result<RateLimitDecision> hit(std::string_view key, std::uint32_t max,
                                std::chrono::milliseconds window,
                                std::chrono::system_clock::time_point now) override;
  Result<RateLimitDecision> begin_attempt(
      std::string_view key, std::chrono::system_clock::time_point now,
      std::chrono::seconds reset_after,
      const std::function<std::chrono::seconds(std::uint32_t)>& delay_after) override;
  Result<FailureRecord> record_failure(std::string_view key,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds reset_after) override;
  Result<std::optional<FailureRecord>> find_failures(std::string_view key) override;
  Result<void> clear_failures(std::string_view key) override;
  Result<std::size_t> delete_stale_rate_limits(
      std::chrono::system_clock::time_point before) override;
  // SigningKeyStore
  Result<std::vector<SigningKeyRecord>> list_signing_keys() override;
  Result<bool> insert_signing_key(const SigningKeyRecord& key, std::size_t expected_count) override;
  // Store
  Result<void> ping() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authkit
