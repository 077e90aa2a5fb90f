// authkit/store/postgres_store.hpp: a Store on PostgreSQL (libpq), for several authkit
// instances sharing one database, or a database that better-auth created.
//
// Thread safety: every member function may be called concurrently. The store keeps a pool of
// up to pool_size connections, each with its own prepared statements and used by one call at a
// time; a caller waits for a free connection up to acquire_timeout.
#pragma once

#include <authkit/store/store.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace authkit {

/// Options for PostgresStore::open().
struct PostgresStoreOptions {
  /// Where to connect: a "postgresql://" or "postgres://" URL, or libpq's keyword form
  /// ("host=... dbname=..."). TLS is libpq's: sslmode=require / verify-full (with
  /// sslrootcert) in the URL or the keywords.
  std::string conninfo{};
  /// Connections kept open for concurrent callers (opened on demand; at most this many).
  unsigned pool_size = 8;
  /// How long a caller waits for a free connection before STORAGE_FAILURE.
  std::chrono::milliseconds acquire_timeout{5000};
  /// statement_timeout of every connection: a statement running longer is cancelled by the
  /// server and the call fails with STORAGE_FAILURE.
  std::chrono::milliseconds statement_timeout{5000};
  /// How long opening a connection may take (libpq's connect_timeout, whole seconds; libpq
  /// waits at least 2 s, and 0 means no limit). Overrides a connect_timeout in conninfo.
  std::chrono::seconds connect_timeout{5};
  /// A transaction that fails with a serialization failure or a deadlock is retried up to this
  /// many times.
  unsigned transaction_retries = 5;
};

/// A Store on PostgreSQL 12 or later. The schema is better-auth's own PostgreSQL schema
/// (tables "user", session, account, verification, jwks and "rateLimit", camelCase quoted
/// columns, timestamptz) plus authkit's additions (columns session."rememberMe",
/// verification."email" and "consumedAt", the table "signInFailure", and indexes), created or
/// migrated by open() in one transaction under an advisory lock, with a versioned migration
/// record (authkit_schema_migrations), so that instances starting together migrate once. A
/// database created by better-auth's migrations opens as it is, and its users' passwords keep
/// working. Times are kept to the millisecond, like SqliteStore. Text that PostgreSQL cannot
/// store as it is (NUL bytes, invalid UTF-8) is escaped so that every value round-trips.
///
/// Every statement is prepared once per connection and takes its values as parameters;
/// single-use tokens are consumed with one UPDATE ... RETURNING, and rate-limit hits are one
/// INSERT ... ON CONFLICT DO UPDATE. A transaction that fails with a serialization failure or
/// a deadlock runs again (transaction_retries). A connection the server closed while idle (a
/// restart, pg_terminate_backend) is noticed before use and replaced; a call in flight when
/// its connection is lost is repeated once on a new connection when it provably changed
/// nothing (a read, or a transaction whose COMMIT was not sent), and otherwise fails with
/// STORAGE_FAILURE. docs/storage.md has the details.
class PostgresStore final : public Store {
 public:
  /// Connects, migrates the schema, and keeps that connection as the pool's first.
  /// Errors: INVALID_CONFIGURATION (empty conninfo, pool_size 0), STORAGE_FAILURE (cannot
  /// connect, a newer schema version than this build knows, migration failed).
  [[nodiscard]] static Result<std::shared_ptr<PostgresStore>> open(PostgresStoreOptions options);

  /// The schema version this build creates and understands.
  [[nodiscard]] static int schema_version() noexcept;

  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

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

  /// Opaque implementation; defined in src/store/postgres/.
  struct Impl;

 private:
  explicit PostgresStore(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authkit
