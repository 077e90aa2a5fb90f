#include "store/sqlite/statement.hpp"

#include <sqlite3.h>

#include <utility>

#include "util/iso8601.hpp"

namespace authkit::sqlite {

Error storage_failure(sqlite3* db, std::string_view what) {
  std::string detail(what);
  if (db != nullptr) {
    detail += ": ";
    detail += sqlite3_errmsg(db);
  }
  return Error(Errc::storage_failure, {}, std::move(detail));
}

std::int64_t to_epoch_ms(TimePoint t) noexcept {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_epoch_ms(std::int64_t ms) noexcept {
  return TimePoint{std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds{ms})};
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      bind_rc_(other.bind_rc_),
      last_rc_(other.last_rc_) {}

namespace {
// An empty view may have a null data(); SQLite would bind that as NULL, not as "".
const char* non_null(std::string_view text) noexcept { return text.data() ? text.data() : ""; }
}  // namespace

Statement& Statement::bind(int index, std::string_view text) {
  // Explicit length: embedded NUL bytes are stored and returned exactly.
  const int rc =
      sqlite3_bind_text64(stmt_, index, non_null(text), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Statement& Statement::bind(int index, std::optional<std::string_view> text) {
  return text ? bind(index, *text) : bind_null(index);
}

Statement& Statement::bind_time(int index, TimePoint t) {
  return bind(index, std::string_view(iso8601::format(t)));
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Result<bool> Statement::step() {
  if (bind_rc_ != SQLITE_OK) {
    last_rc_ = bind_rc_;
    return Error(Errc::storage_failure, {},
                 std::string("bind: ") + sqlite3_errstr(bind_rc_) + " in: " + sqlite3_sql(stmt_));
  }
  last_rc_ = sqlite3_step(stmt_);
  if (last_rc_ == SQLITE_ROW) return true;
  if (last_rc_ == SQLITE_DONE) return false;
  return storage_failure(db_, std::string("step in: ") + sqlite3_sql(stmt_));
}

Result<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

Constraint Statement::constraint() const noexcept {
  switch (last_rc_) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Constraint::unique;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Constraint::foreign_key;
    default:
      return (last_rc_ & 0xff) == SQLITE_CONSTRAINT ? Constraint::other : Constraint::none;
  }
}

std::size_t Statement::changes() const noexcept {
  return static_cast<std::size_t>(sqlite3_changes64(db_));
}

bool Statement::is_null(int column) const noexcept {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);  // after column_text, per SQLite docs
  if (data == nullptr || size <= 0) return {};
  return std::string(data, static_cast<std::size_t>(size));
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::int64_t Statement::integer(int column) const noexcept {
  return sqlite3_column_int64(stmt_, column);
}

Result<TimePoint> Statement::time(int column) const {
  switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_INTEGER:  // epoch milliseconds, as some better-auth adapters write
      return from_epoch_ms(integer(column));
    case SQLITE_TEXT: {
      if (auto t = iso8601::parse(text(column))) return *t;
      break;
    }
    default:
      break;
  }
  return Error(Errc::storage_failure, {},
               std::string("unreadable timestamp in column ") + sqlite3_column_name(stmt_, column));
}

Result<std::optional<TimePoint>> Statement::optional_time(int column) const {
  if (is_null(column)) return std::optional<TimePoint>{};
  auto t = time(column);
  if (!t) return t.error();
  return std::optional<TimePoint>{*t};
}

}  // namespace authkit::sqlite
