// Private: one use of a cached prepared statement. Binds values (never splices them into SQL),
// steps, reads columns, and on destruction resets the statement and clears its bindings so
// the next user of the cache starts clean and no value lingers in memory.
#pragma once

#include <authkit/result.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace authkit::sqlite {

using TimePoint = std::chrono::system_clock::time_point;

/// STORAGE_FAILURE with a generic message; the detail names `what` and SQLite's message
/// (which names tables and columns, never bound values).
[[nodiscard]] Error storage_failure(sqlite3* db, std::string_view what);

/// Which constraint the last failed step violated.
enum class Constraint { none, unique, foreign_key, other };

/// A borrowed prepared statement; not thread-safe (its connection is leased to one thread).
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) noexcept : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding (1-based indexes). A failure is remembered and reported by the next step().
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
  /// Deleted: a string literal would otherwise convert to bool, not to string_view.
  Statement& bind(int index, const char* text) = delete;
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind(int index, std::optional<std::string_view> text);
  /// Binds a time as ISO-8601 UTC text with milliseconds (better-auth's form).
  Statement& bind_time(int index, TimePoint t);
  Statement& bind_null(int index);

  /// Runs one step: true when a row is available, false when done. Errors: STORAGE_FAILURE
  /// (constraint() then says which constraint failed, if any).
  [[nodiscard]] Result<bool> step();
  /// Steps to the end (for writes). Errors: as step().
  [[nodiscard]] Result<void> run();
  /// The constraint the last failed step violated.
  [[nodiscard]] Constraint constraint() const noexcept;
  /// Rows changed by the last completed INSERT/UPDATE/DELETE on this connection.
  [[nodiscard]] std::size_t changes() const noexcept;

  // Columns of the current row (0-based).
  [[nodiscard]] bool is_null(int column) const noexcept;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::optional<std::string> optional_text(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const noexcept;
  /// A nonzero integer (SQLite's booleans); NULL reads as false.
  [[nodiscard]] bool boolean(int column) const noexcept { return integer(column) != 0; }
  /// A time stored as ISO-8601 text or as integer epoch milliseconds. Errors:
  /// STORAGE_FAILURE for NULL or anything else.
  [[nodiscard]] Result<TimePoint> time(int column) const;
  /// As time(), but NULL gives nullopt.
  [[nodiscard]] Result<std::optional<TimePoint>> optional_time(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = 0;  // first failed bind (SQLITE_OK = 0 when none)
  int last_rc_ = 0;
};

/// Epoch milliseconds of `t` (the integer form of rateLimit."lastRequest").
[[nodiscard]] std::int64_t to_epoch_ms(TimePoint t) noexcept;
/// The time `ms` epoch milliseconds.
[[nodiscard]] TimePoint from_epoch_ms(std::int64_t ms) noexcept;

}  // namespace authkit::sqlite
