#include "postgres_seed.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <libpq-fe.h>

namespace authkit_bench {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& detail) {
  std::fprintf(stderr, "authkit_bench_service: %s: %s\n", what.c_str(), detail.c_str());
  std::exit(2);
}

/// One libpq connection for the bench's own SQL. Error messages never include the URL (it may
/// hold a password); libpq's own messages name the host only.
class Connection {
 public:
  explicit Connection(const std::string& conninfo, bool exit_on_error = true)
      : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK && exit_on_error) {
      fail(std::string("cannot connect to ") + kPostgresUrlVariable, PQerrorMessage(conn_));
    }
    // No NOTICEs on stderr (DROP SCHEMA ... CASCADE lists every table); errors still fail.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }

  /// Runs `sql` with text parameters $1, $2, ...; false (or exit, with `exit_on_error`) on error.
  bool exec(const std::string& sql, const std::vector<std::string>& params = {},
            bool exit_on_error = true) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const std::string& p : params) values.push_back(p.c_str());
    PGresult* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(result);
    const bool success = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    const std::string message = success ? std::string() : PQresultErrorMessage(result);
    PQclear(result);
    if (!success && exit_on_error) fail(sql, message);
    return success;
  }

 private:
  PGconn* conn_;
};

std::string base_url() {
  const char* url = std::getenv(kPostgresUrlVariable);
  if (url == nullptr || *url == '\0') {
    print_postgres_url_help();
    std::exit(2);
  }
  return url;
}

/// `url` (a postgresql:// URL or libpq keywords) with `schema` as the search path.
std::string with_search_path(const std::string& url, const std::string& schema) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema;
  }
  return url + " options='-csearch_path=" + schema + "'";
}

struct Schemas {
  std::mutex mutex;
  std::map<std::string, std::string> conninfo_by_name;
  std::vector<std::string> created;
};

Schemas& schemas() {
  static Schemas instance;
  return instance;
}

/// At exit: drops every schema this process created. Quietly: the cluster may be gone already.
void drop_schemas() {
  Schemas& s = schemas();
  const std::lock_guard lock(s.mutex);
  if (s.created.empty()) return;
  const char* url = std::getenv(kPostgresUrlVariable);
  if (url == nullptr) return;
  Connection connection(url, /*exit_on_error=*/false);
  if (!connection.ok()) return;
  for (const std::string& schema : s.created) {
    (void)connection.exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE", {}, false);
  }
}

}  // namespace

bool postgres_url_set() {
  const char* url = std::getenv(kPostgresUrlVariable);
  return url != nullptr && *url != '\0';
}

void print_postgres_url_help() {
  std::fprintf(stderr,
               "authkit_bench_service: the postgres benchmarks need a PostgreSQL database, and %s "
               "is not set.\n"
               "  Run them through scripts/bench-service.sh, which starts a throwaway cluster "
               "(scripts/pg-cluster.sh) and sets it;\n"
               "  or start one yourself and pass its URL:\n"
               "    url=$(bash scripts/pg-cluster.sh start /tmp/authkit-bench-pg)\n"
               "    %s=\"$url\" build-bench/bench/authkit_bench_service ...\n"
               "    bash scripts/pg-cluster.sh stop /tmp/authkit-bench-pg\n"
               "  or leave them out: --benchmark_filter=-postgres\n",
               kPostgresUrlVariable, kPostgresUrlVariable);
}

std::string postgres_schema(const std::string& name) {
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!allowed) fail("schema name", "\"" + name + "\" is not [a-z0-9_]+");
  }
  const std::string url = base_url();
  Schemas& s = schemas();
  const std::lock_guard lock(s.mutex);
  if (auto it = s.conninfo_by_name.find(name); it != s.conninfo_by_name.end()) return it->second;
  const std::string schema = "authkit_bench_" + std::to_string(::getpid()) + "_" + name;
  Connection connection(url);
  connection.exec("CREATE SCHEMA " + schema);
  if (s.created.empty()) std::atexit(drop_schemas);
  s.created.push_back(schema);
  return s.conninfo_by_name.emplace(name, with_search_path(url, schema)).first->second;
}

void postgres_bulk_users(const std::string& conninfo, std::size_t count,
                         const std::string& password_hash) {
  Connection connection(conninfo);
  const std::string n = std::to_string(count);
  connection.exec("BEGIN");
  // Times to the millisecond, as PostgresStore writes them.
  connection.exec(R"sql(INSERT INTO "user" ("id", "name", "email", "emailVerified", "image",
        "createdAt", "updatedAt")
      SELECT 'u' || i, 'User ' || i, 'user' || i || '@example.com', true, NULL, t, t
      FROM generate_series(0, $1::bigint - 1) AS i, date_trunc('milliseconds', now()) AS t)sql",
                  {n});
  connection.exec(R"sql(INSERT INTO "account" ("id", "accountId", "providerId", "userId",
        "password", "createdAt", "updatedAt")
      SELECT 'credential:u' || i, 'u' || i, 'credential', 'u' || i, $2::text, t, t
      FROM generate_series(0, $1::bigint - 1) AS i, date_trunc('milliseconds', now()) AS t)sql",
                  {n, password_hash});
  connection.exec("COMMIT");
}

void postgres_vacuum_analyze(const std::string& conninfo) {
  Connection connection(conninfo);
  connection.exec(R"sql(VACUUM (ANALYZE) "user", "account", "session")sql");
}

}  // namespace authkit_bench
