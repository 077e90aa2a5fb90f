#include "store/sqlite/connection.hpp"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace authkit::sqlite {

namespace {

// Runs a pragma that answers with one text row (journal_mode) and returns that answer.
Result<std::string> pragma_text(Connection& c, const char* sql) {
  auto st = c.prepare(sql);
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return *row ? st->text(0) : std::string{};
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const SqliteStoreOptions& options) {
  const std::string& path = options.path;
  sqlite3* raw = nullptr;
  // NOMUTEX: the pool hands each connection to one thread at a time.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = raw ? storage_failure(raw, "open")
                      : Error(Errc::storage_failure, {}, "open: out of memory");
    sqlite3_close_v2(raw);
    return error;
  }
  std::unique_ptr<Connection> c(new Connection(raw));
  sqlite3_extended_result_codes(raw, 1);
  const auto busy = options.busy_timeout;
  const auto timeout = busy.count() > 0x7fffffff ? 0x7fffffff : static_cast<int>(busy.count());
  if (sqlite3_busy_timeout(raw, timeout) != SQLITE_OK) return storage_failure(raw, "busy_timeout");
  // The first statement reads the header, so "not a database" surfaces here.
  if (auto r = c->exec("PRAGMA foreign_keys=ON"); !r) return r.error();
  // Pragmas take no bound parameters; the values are integers we format ourselves.
  const std::string cache = "PRAGMA cache_size=-" + std::to_string(options.cache_size_kib);
  if (auto r = c->exec(cache.c_str()); !r) return r.error();
  if (path != ":memory:") {
    auto mode = pragma_text(*c, "PRAGMA journal_mode=WAL");
    if (!mode) return mode.error();
    if (*mode != "wal") {
      return Error(Errc::storage_failure, {}, "the database refused journal_mode=WAL");
    }
    // In WAL mode NORMAL never corrupts the database and survives application crashes; only
    // a power loss can undo the last commits. FULL adds an fsync to every commit.
    if (auto r =
            c->exec(options.full_sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
        !r) {
      return r.error();
    }
    // Reads through the mapping skip a copy into the page cache, which is what keeps a lookup
    // among a million sessions close to one among ten thousand. Writes still go through the
    // WAL, so a mapping never weakens durability.
    const std::string mmap = "PRAGMA mmap_size=" + std::to_string(options.mmap_size);
    if (auto r = c->exec(mmap.c_str()); !r) return r.error();
  }
  return c;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return storage_failure(db_, "prepare");
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(db_, it->second);
}

Result<void> Connection::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return storage_failure(db_, "exec");
  }
  return {};
}

bool Connection::in_autocommit() const noexcept { return sqlite3_get_autocommit(db_) != 0; }

Result<Transaction> Transaction::begin(Connection& connection) {
  auto st = connection.prepare("BEGIN IMMEDIATE");
  if (!st) return st.error();
  if (auto r = st->run(); !r) return r.error();
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
  // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); only roll back
  // a transaction that is still open. A failed ROLLBACK leaves the connection in a
  // transaction, which the pool detects and discards.
  if (connection_ == nullptr || connection_->in_autocommit()) return;
  if (auto st = connection_->prepare("ROLLBACK")) (void)st->run();
}

Result<void> Transaction::commit() {
  auto st = connection_->prepare("COMMIT");
  if (!st) return st.error();
  if (auto r = st->run(); !r) return r.error();
  connection_ = nullptr;
  return {};
}

}  // namespace authkit::sqlite
