// authkit/store/sqlite_store.hpp: the default persistent Store, on an embedded SQLite file.
//
// Thread safety: every member function may be called concurrently. The store keeps a small
// pool of connections (one per concurrent caller, up to pool_size), each with its own cached
// prepared statements; WAL mode lets readers proceed while one writer commits.
#pragma once

#include <authkit/store/store.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace authkit {

/// Options for SqliteStore::open().
struct SqliteStoreOptions {
  /// Database file, or ":memory:" for a private in-memory database (one connection).
  std::string path = "authkit.db";
  /// How long a statement waits for another connection's lock (sqlite3_busy_timeout).
  std::chrono::milliseconds busy_timeout{5000};
  /// Connections kept for concurrent callers (ignored for ":memory:").
  unsigned pool_size = 4;
  /// Create the file with mode 0600 (and tighten an existing file's mode to 0600).
  bool restrict_file_mode = true;
  /// fsync on every commit (PRAGMA synchronous=FULL). Off by default: WAL with
  /// synchronous=NORMAL survives application crashes without corruption, and only a power
  /// loss can undo the most recent commits (a few sign-ins or sign-outs).
  bool full_sync = false;
  /// Page cache per connection, in KiB (PRAGMA cache_size). SQLite's default is 2000 KiB;
  /// 16 MiB keeps the session and user indexes of a large deployment in memory.
  std::uint32_t cache_size_kib = 16384;
  /// Bytes of the database file read through a memory mapping (PRAGMA mmap_size); 0 turns
  /// mapping off. The mapping shares the OS page cache, so it costs address space, not extra
  /// memory. Ignored for ":memory:".
  std::uint64_t mmap_size = 1ULL << 30;
};

/// A Store on SQLite: WAL journal, foreign keys on, busy timeout, cached prepared statements,
/// versioned schema migrations (applied by open(), each in its own transaction), and
/// multi-statement changes in transactions. Tables and columns follow better-auth's schema
/// (`user`, `session`, `account`, `verification`, `rateLimit`, camelCase columns) plus
/// authkit's own columns, so an existing better-auth SQLite database can be opened and its
/// scrypt passwords keep working (docs/storage.md has the schema). Session and one-time tokens
/// are stored only as SHA-256 hashes.
class SqliteStore final : public Store {
 public:
  /// Opens (creating if needed) the database and migrates it to the current schema version.
  /// Errors: STORAGE_FAILURE (cannot open, not a database, newer schema version than this
  /// build knows, migration failed), INVALID_CONFIGURATION (pool_size 0).
  [[nodiscard]] static Result<std::shared_ptr<SqliteStore>> open(SqliteStoreOptions options = {});

  /// The schema version this build creates and understands.
  [[nodiscard]] static int schema_version() noexcept;

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

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

  /// Opaque implementation; defined in src/store/sqlite/.
  struct Impl;

 private:
  explicit SqliteStore(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authkit
