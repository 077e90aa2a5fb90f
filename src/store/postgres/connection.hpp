// Private: one libpq connection with its prepared statements, and what its last failure means
// for retrying.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/postgres_store.hpp>

#include <memory>
#include <string>
#include <unordered_map>

#include "store/postgres/params.hpp"
#include "store/postgres/result.hpp"

struct pg_conn;

namespace authkit::pg {

/// A statement authkit runs. `sql` must be a string literal: each connection prepares it once
/// and keys its cache on the pointer. Values always travel as parameters, never in `sql`.
struct Query {
  const char* what;  ///< Names the operation in error details.
  const char* sql;
  /// Whether it changes rows. A read may be repeated on another connection when the first
  /// one is lost; an autocommitted write may have committed before the loss, so it is not.
  bool writes;
};

/// What the last failed statement means for the caller's next step.
enum class Failure {
  none,
  /// The connection is gone (server restart, pg_terminate_backend, network); it is discarded.
  connection_lost,
  /// serialization_failure (40001) or deadlock_detected (40P01): the transaction was rolled
  /// back and may simply run again.
  retryable,
  /// Anything else (a constraint, the statement timeout, a bug): reported.
  other,
};

/// Which constraint the last failed statement violated.
enum class Constraint { none, unique, foreign_key };

/// An open, configured connection: client_encoding UTF8, TimeZone UTC, the statement timeout.
/// Used by one thread at a time (the pool's lease ensures it).
class Connection {
 public:
  /// Connects with `options` (conninfo, connect_timeout, statement_timeout). Errors:
  /// STORAGE_FAILURE (with libpq's message, which names the host but no password).
  [[nodiscard]] static Result<std::unique_ptr<Connection>> open(
      const PostgresStoreOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs `query` (prepared on this connection the first time) with `params`. Errors:
  /// STORAGE_FAILURE; failure() and constraint() then say what happened.
  [[nodiscard]] Result<Rows> run(const Query& query, const Params& params = {});
  /// Runs constant SQL once, unprepared (DDL, session settings). Errors: STORAGE_FAILURE.
  [[nodiscard]] Result<Rows> exec(const char* what, const char* sql, const Params& params = {});

  /// BEGIN, COMMIT and ROLLBACK. A COMMIT whose answer is lost leaves the outcome in doubt.
  [[nodiscard]] Result<void> begin();
  [[nodiscard]] Result<void> commit();
  /// Rolls back if a transaction is open; errors are ignored (a broken connection is dropped).
  void rollback() noexcept;

  /// Starts a new unit of work: forgets the last failure and the in-doubt mark.
  void start_unit() noexcept;
  [[nodiscard]] Failure failure() const noexcept { return failure_; }
  [[nodiscard]] Constraint constraint() const noexcept { return constraint_; }
  /// Whether a write may have committed without this side learning it: an autocommitted
  /// write or a COMMIT was sent in this unit of work.
  [[nodiscard]] bool in_doubt() const noexcept { return in_doubt_; }

  /// Whether the connection can serve a new unit of work: open, outside a transaction, and
  /// with nothing unexpected waiting on its socket. A server that terminates an idle backend
  /// (pg_terminate_backend, a restart) sends an error and closes the socket; checking for that
  /// before use finds the dead connection before any statement is sent to it, so the
  /// statement provably did not run and is simply sent on a new connection.
  [[nodiscard]] bool healthy() noexcept;
  /// Whether it must be discarded rather than reused: lost, or left inside a transaction.
  [[nodiscard]] bool broken() const noexcept;

 private:
  explicit Connection(pg_conn* conn) noexcept : conn_(conn) {}
  /// The prepared statement's name for `query`, preparing it if needed.
  Result<const std::string*> prepared(const Query& query);
  /// Turns a finished libpq result into Rows or an error, recording the failure.
  Result<Rows> finish(pg_result* result, const char* what);
  static void on_notice(void* self, const pg_result* notice) noexcept;

  pg_conn* conn_;
  std::unordered_map<const char*, std::string> prepared_;
  Failure failure_ = Failure::none;
  Constraint constraint_ = Constraint::none;
  bool in_doubt_ = false;
  bool lost_ = false;  // sticky: the session ended (or the server announced it would)
};

}  // namespace authkit::pg
