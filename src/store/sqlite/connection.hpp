// Private: one SQLite connection with its cache of prepared statements.
#pragma once

#include <authkit/store/sqlite_store.hpp>

#include <authkit/result.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sqlite/statement.hpp"

namespace authkit::sqlite {

/// An open, configured connection. Used by one thread at a time (the pool's lease ensures it),
/// which is what makes SQLITE_OPEN_NOMUTEX safe.
class Connection {
 public:
  /// Opens `options.path` (":memory:" for a private in-memory database) and configures it:
  /// extended result codes, foreign_keys=ON, the busy timeout, the page cache, and for a file
  /// WAL with synchronous=NORMAL (or FULL when `full_sync`) and memory-mapped reads. Errors:
  /// STORAGE_FAILURE.
  [[nodiscard]] static Result<std::unique_ptr<Connection>> open(const SqliteStoreOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// The cached prepared statement for `sql`, which must be a string literal (the cache keys
  /// on it and keeps the view). Values are always bound, never part of `sql`. Errors:
  /// STORAGE_FAILURE.
  [[nodiscard]] Result<Statement> prepare(const char* sql);
  /// Runs constant SQL without values (DDL). Errors: STORAGE_FAILURE.
  [[nodiscard]] Result<void> exec(const char* sql);
  /// Whether no transaction is open.
  [[nodiscard]] bool in_autocommit() const noexcept;
  /// The raw handle (for tests of pragmas and for the backup API).
  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }

 private:
  explicit Connection(sqlite3* db) noexcept : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string_view, sqlite3_stmt*> cache_;
};

/// A BEGIN IMMEDIATE transaction: takes the write lock up front, so two writers never deadlock
/// upgrading read locks. Rolls back on destruction unless committed, which covers every error
/// path.
class Transaction {
 public:
  /// Begins. Errors: STORAGE_FAILURE (also when the busy timeout expires).
  [[nodiscard]] static Result<Transaction> begin(Connection& connection);
  ~Transaction();
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  /// Commits. Errors: STORAGE_FAILURE (the destructor then rolls back).
  [[nodiscard]] Result<void> commit();

 private:
  explicit Transaction(Connection* connection) noexcept : connection_(connection) {}
  Connection* connection_;  // null once committed or moved from
};

}  // namespace authkit::sqlite
