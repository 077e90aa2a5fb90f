#include "store/postgres/connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <string_view>
#include <utility>

namespace authkit::pg {

namespace {

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// SQLSTATEs that mean the session is over: class 08 (connection exception), admin_shutdown,
// crash_shutdown and cannot_connect_now.
bool ends_session(std::string_view sqlstate) noexcept {
  return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const PostgresStoreOptions& options) {
  const auto connect_seconds =
      std::max<std::chrono::seconds::rep>(0, options.connect_timeout.count());
  const std::string connect_timeout = std::to_string(connect_seconds);
  // libpq applies the keywords in order, and expands "dbname" (a URL or a keyword string) in
  // place: the application name may be overridden by the caller's conninfo, while the timeout
  // and the encoding (text_codec relies on UTF-8) are ours.
  const char* keywords[] = {"fallback_application_name", "dbname", "connect_timeout",
                            "client_encoding", nullptr};
  const char* values[] = {"authkit", options.conninfo.c_str(), connect_timeout.c_str(), "UTF8",
                          nullptr};
  PGconn* raw = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (raw == nullptr) return Error(Errc::storage_failure, {}, "connect: out of memory");
  std::unique_ptr<Connection> c(new Connection(raw));
  if (PQstatus(raw) != CONNECTION_OK) {
    // libpq's complaint about a malformed conninfo may quote a piece of it, which can be
    // (part of) the password: that one is replaced. Errors of a well-formed one name the host
    // and the user at most.
    char* parse_error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(options.conninfo.c_str(), &parse_error);
    const bool well_formed = parsed != nullptr;
    PQconninfoFree(parsed);
    PQfreemem(parse_error);
    if (!well_formed) {
      return Error(Errc::storage_failure, {},
                   "connect: conninfo is neither a postgresql:// URL nor libpq keywords");
    }
    return Error(Errc::storage_failure, {}, "connect: " + trimmed(PQerrorMessage(raw)));
  }
  // Notices (e.g. "relation already exists, skipping") would go to stderr by default.
  PQsetNoticeReceiver(raw, &Connection::on_notice, c.get());
  // TimeZone matters only when a column is a timestamp without time zone (as Prisma creates
  // them): values are then written and read as UTC, as better-auth does.
  const auto timeout_ms =
      std::clamp<std::chrono::milliseconds::rep>(options.statement_timeout.count(), 0, INT_MAX);
  Params settings;
  settings.text(std::to_string(timeout_ms));
  auto configured = c->exec("configure session",
                            "SELECT set_config('statement_timeout', $1, false), "
                            "set_config('TimeZone', 'UTC', false)",
                            settings);
  if (!configured) return configured.error();
  return c;
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::on_notice(void* self, const PGresult* notice) noexcept {
  // A server that terminates an idle session sends a FATAL error before closing the socket;
  // libpq, expecting no answer, hands it here as a notice.
  const char* severity = PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
  const std::string_view level = severity == nullptr ? std::string_view{} : severity;
  if (level == "FATAL" || level == "PANIC") {
    static_cast<Connection*>(self)->lost_ = true;
  }
}

Result<Rows> Connection::finish(PGresult* result, const char* what) {
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(result);
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view code = sqlstate ? sqlstate : "";
  // Only the primary message: the DETAIL line of e.g. a unique violation quotes the key's
  // value (an email), which must not reach logs.
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string detail = what;
  detail += ": ";
  if (!code.empty()) {
    detail += code;
    detail += ' ';
  }
  // Without a primary message the error is libpq's own (e.g. "server closed the connection
  // unexpectedly"), which quotes no values.
  detail += primary ? std::string(primary) : trimmed(PQerrorMessage(conn_));
  if (code == "23505") {
    constraint_ = Constraint::unique;
  } else if (code == "23503") {
    constraint_ = Constraint::foreign_key;
  } else {
    constraint_ = Constraint::none;
  }
  if (PQstatus(conn_) != CONNECTION_OK || lost_ || ends_session(code)) {
    lost_ = true;
    failure_ = Failure::connection_lost;
  } else if (code == "40001" || code == "40P01") {
    failure_ = Failure::retryable;
  } else {
    failure_ = Failure::other;
  }
  PQclear(result);
  return Error(Errc::storage_failure, {}, std::move(detail));
}

Result<const std::string*> Connection::prepared(const Query& query) {
  if (auto it = prepared_.find(query.sql); it != prepared_.end()) return &it->second;
  std::string name = "authkit_" + std::to_string(prepared_.size() + 1);
  // No parameter types: the server infers them, and the SQL casts the binary ones.
  auto done = finish(PQprepare(conn_, name.c_str(), query.sql, 0, nullptr), query.what);
  if (!done) return done.error();
  return &prepared_.emplace(query.sql, std::move(name)).first->second;
}

Result<Rows> Connection::run(const Query& query, const Params& params) {
  auto name = prepared(query);
  if (!name) return name.error();
  // Outside a transaction a write commits as it runs: from here on, losing the connection
  // leaves its outcome unknown.
  if (query.writes && PQtransactionStatus(conn_) == PQTRANS_IDLE) in_doubt_ = true;
  return finish(PQexecPrepared(conn_, (*name)->c_str(), params.size(), params.values(),
                               params.lengths(), params.formats(), /*resultFormat=*/1),
                query.what);
}

Result<Rows> Connection::exec(const char* what, const char* sql, const Params& params) {
  return finish(PQexecParams(conn_, sql, params.size(), nullptr, params.values(), params.lengths(),
                             params.formats(), /*resultFormat=*/1),
                what);
}

Result<void> Connection::begin() {
  auto r = exec("begin", "BEGIN");
  if (!r) return r.error();
  return {};
}

Result<void> Connection::commit() {
  in_doubt_ = true;
  auto r = exec("commit", "COMMIT");
  if (!r) return r.error();
  // COMMIT of a transaction that already failed answers "ROLLBACK" rather than an error.
  if (std::string_view(PQcmdStatus(r->handle())) != "COMMIT") {
    failure_ = Failure::other;
    return Error(Errc::storage_failure, {}, "commit: the transaction was rolled back");
  }
  return {};
}

void Connection::rollback() noexcept {
  const PGTransactionStatusType state = PQtransactionStatus(conn_);
  if (state == PQTRANS_INTRANS || state == PQTRANS_INERROR) PQclear(PQexec(conn_, "ROLLBACK"));
}

void Connection::start_unit() noexcept {
  failure_ = Failure::none;
  constraint_ = Constraint::none;
  in_doubt_ = false;
}

bool Connection::broken() const noexcept {
  return lost_ || PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

bool Connection::healthy() noexcept {
  // A few rounds at most: data still arriving after that is not what an idle session gets.
  for (int round = 0; round < 4; ++round) {
    if (broken()) return false;
    pollfd waiting{.fd = PQsocket(conn_), .events = POLLIN, .revents = 0};
    if (waiting.fd < 0) return false;
    int ready = 0;
    do {
      ready = ::poll(&waiting, 1, 0);
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) return true;
    if (ready < 0) return false;
    // Something arrived while idle. PQconsumeInput() reads it (the end of the stream turns
    // the status to CONNECTION_BAD) and PQisBusy() parses it: TLS housekeeping is harmless,
    // and a FATAL error reaches on_notice().
    if (PQconsumeInput(conn_) == 0) return false;
    (void)PQisBusy(conn_);
  }
  return false;
}

}  // namespace authkit::pg
