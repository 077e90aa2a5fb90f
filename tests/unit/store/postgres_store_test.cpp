// PostgresStore-only tests: connecting, migrations, better-auth compatibility, lost
// connections, timeouts, retries, races between processes, and what reaches the tables. (The
// behaviour every store shares is in the conformance suite, tests/store_conformance/, which
// runs on PostgreSQL through PostgresFactory: builtin_stores.cpp.)
//
// Each test works in its own schema of the test cluster (unit/postgres_cluster.hpp). Catch's
// assertions are not thread-safe: threads and child processes started here only record what
// happened, and the test thread asserts afterwards.
#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>

#include "store/postgres/connection.hpp"
#include "store/postgres/impl.hpp"
#include "store/postgres/pool.hpp"
#include "unit/service/service_harness.hpp"
#include "unit/store/store_conformance.hpp"

namespace authkit::test {

namespace {

using Clock = std::chrono::steady_clock;

/// A plain libpq connection for preparing or inspecting a schema outside the store.
class RawPg {
 public:
  explicit RawPg(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    INFO(PQerrorMessage(conn_));
    REQUIRE(PQstatus(conn_) == CONNECTION_OK);
  }
  ~RawPg() { PQfinish(conn_); }
  RawPg(const RawPg&) = delete;
  RawPg& operator=(const RawPg&) = delete;

  /// Runs `sql` (one or more statements), which must succeed.
  void exec(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(result);
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    INFO(sql << ": " << message);
    REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
  }
  /// The first column of the first row of `sql` as text ("" for none or NULL).
  std::string scalar(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(result);
    std::string out;
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && !PQgetisnull(result, 0, 0)) {
      out = PQgetvalue(result, 0, 0);
    }
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    INFO(sql << ": " << message);
    REQUIRE(status == PGRES_TUPLES_OK);
    return out;
  }

 private:
  PGconn* conn_;
};

/// The test cluster's port, from its URL.
std::string cluster_port() {
  const std::string url = postgres_url();  // postgresql://postgres@127.0.0.1:PORT/authkit
  const std::size_t colon = url.rfind(':');
  const std::size_t slash = url.find('/', colon);
  REQUIRE(colon != std::string::npos);
  REQUIRE(slash != std::string::npos);
  return url.substr(colon + 1, slash - colon - 1);
}

/// The schema's connection in libpq's keyword form.
std::string keyword_conninfo(const PostgresSchema& schema) {
  return "host=127.0.0.1 port=" + cluster_port() +
         " user=postgres dbname=authkit options='-csearch_path=" + schema.name() + "'";
}

/// The schema's URL with an application_name, which lets a test find (and terminate) exactly
/// its own store's backends while other tests run in parallel on the same cluster.
std::string tagged_conninfo(const PostgresSchema& schema, const std::string& application) {
  return schema.conninfo() + "&application_name=" + application;
}

std::shared_ptr<PostgresStore> open_store(const std::string& conninfo, unsigned pool_size = 4,
                                          milliseconds statement_timeout = milliseconds{5000}) {
  PostgresStoreOptions options;
  options.conninfo = conninfo;
  options.pool_size = pool_size;
  options.statement_timeout = statement_timeout;
  auto store = PostgresStore::open(options);
  if (!store) FAIL("PostgresStore::open: " << store.error().detail());
  return *store;
}

Outcome open_outcome(PostgresStoreOptions options) {
  return code_of(PostgresStore::open(std::move(options)));
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL("cannot read " << path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Polls `sql` (a count) on `raw` until it answers `expected`, for at most 10 s. Used where a
/// test waits for the server to reach a state another connection causes asynchronously.
bool wait_for(RawPg& raw, const std::string& sql, const std::string& expected) {
  const auto deadline = Clock::now() + std::chrono::seconds{10};
  while (Clock::now() < deadline) {
    if (raw.scalar(sql) == expected) return true;
    std::this_thread::sleep_for(milliseconds{10});
  }
  return false;
}

std::string backends_of(const std::string& application) {
  return "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'";
}

std::string terminate_backends_of(const std::string& application) {
  return "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
         "AND datname = 'authkit' AND application_name = '" +
         application + "'";
}

}  // namespace

TEST_CASE("PostgresStore: opens from a URL and from libpq keywords", "[store][postgres]") {
  PostgresSchema schema;
  CHECK(PostgresStore::schema_version() >= 1);
  {
    auto by_url = open_store(schema.conninfo());
    add_user(*by_url, make_user("alice"));
  }
  // "postgres://" is the same scheme to libpq.
  std::string short_scheme = schema.conninfo();
  short_scheme.replace(0, std::string("postgresql").size(), "postgres");
  auto by_short_url = open_store(short_scheme);
  CHECK(code_of(by_short_url->ping()) == kOk);
  auto by_keywords = open_store(keyword_conninfo(schema));
  auto alice = by_keywords->find_user_by_email("alice@example.com");
  REQUIRE(alice.has_value());
  REQUIRE(alice->has_value());
  check_same(**alice, make_user("alice"));
}

TEST_CASE("PostgresStore: a conninfo that cannot connect fails fast with STORAGE_FAILURE",
          "[store][postgres]") {
  // Nothing listens on port 1 of the loopback: refused at once, whatever connect_timeout says.
  for (const std::string& conninfo :
       {std::string("postgresql://postgres@127.0.0.1:1/authkit"),
        std::string("host=127.0.0.1 port=1 user=postgres dbname=authkit"),
        std::string("postgresql://[not a url"), std::string("host=127.0.0.1 port=notaport"),
        std::string("no_such_keyword=1")}) {
    INFO(conninfo);
    const auto start = Clock::now();
    auto opened = PostgresStore::open({.conninfo = conninfo});
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code() == Errc::storage_failure);
    CHECK(Clock::now() - start < std::chrono::seconds{2});
  }
  // A malformed conninfo is reported without quoting it (it may hold a password).
  auto malformed = PostgresStore::open({.conninfo = "postgresql://u:s3cr%zzet@127.0.0.1:1/x"});
  REQUIRE_FALSE(malformed.has_value());
  CHECK(malformed.error().code() == Errc::storage_failure);
  CHECK(malformed.error().detail().find("s3cr") == std::string::npos);
  CHECK(malformed.error().detail().find("%zz") == std::string::npos);
  // A server that exists but refuses the database.
  auto wrong_db = PostgresStore::open(
      {.conninfo = "postgresql://postgres@127.0.0.1:" + cluster_port() + "/no_such_database"});
  REQUIRE_FALSE(wrong_db.has_value());
  CHECK(wrong_db.error().code() == Errc::storage_failure);
  // An address nobody answers (TEST-NET-1, RFC 5737): bounded by connect_timeout, not by the
  // operating system's TCP timeout (libpq rounds 1 s up to 2 s).
  const auto start = Clock::now();
  auto silent =
      PostgresStore::open({.conninfo = "host=192.0.2.1 port=5432 user=postgres dbname=authkit",
                           .connect_timeout = std::chrono::seconds{2}});
  REQUIRE_FALSE(silent.has_value());
  CHECK(silent.error().code() == Errc::storage_failure);
  CHECK(Clock::now() - start < std::chrono::seconds{6});
}

TEST_CASE("PostgresStore: sslmode=verify-full uses TLS and refuses a host the certificate lacks",
          "[store][postgres]") {
  PostgresSchema schema;
  const std::string application = "authkit-test-tls-" + std::to_string(::getpid());
  // The test cluster's certificate names IP 127.0.0.1 only, issued by its own CA.
  const std::string verify_full = "&sslmode=verify-full&sslrootcert=" + postgres_ca_file();
  auto store = open_store(tagged_conninfo(schema, application) + verify_full);
  add_user(*store, make_user("alice"));
  CHECK(code_of(store->ping()) == kOk);
  RawPg raw(schema.conninfo());
  const std::string store_backends =
      "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE "
      "application_name = '" +
      application + "'";
  CHECK(raw.scalar(store_backends + " AND ssl") != "0");
  CHECK(raw.scalar(store_backends + " AND NOT ssl") == "0");

  // The same server by a name the certificate does not carry: refused before any query.
  std::string by_name = tagged_conninfo(schema, application) + verify_full;
  by_name.replace(by_name.find("127.0.0.1"), std::string("127.0.0.1").size(), "localhost");
  auto refused = PostgresStore::open({.conninfo = by_name});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == Errc::storage_failure);
  // And a CA file that does not exist.
  auto no_ca = PostgresStore::open(
      {.conninfo = schema.conninfo() + "&sslmode=verify-full&sslrootcert=/nonexistent.pem"});
  REQUIRE_FALSE(no_ca.has_value());
  CHECK(no_ca.error().code() == Errc::storage_failure);
}

TEST_CASE("PostgresStore: empty conninfo or pool_size 0 is INVALID_CONFIGURATION",
          "[store][postgres]") {
  CHECK(open_outcome({}) == Errc::invalid_configuration);
  PostgresSchema schema;
  CHECK(open_outcome({.conninfo = schema.conninfo(), .pool_size = 0}) ==
        Errc::invalid_configuration);
}

TEST_CASE("PostgresStore: reopening migrates nothing and keeps the data", "[store][postgres]") {
  PostgresSchema schema;
  RawPg raw(schema.conninfo());
  {
    auto store = open_store(schema.conninfo());
    REQUIRE(code_of(store->create_user(make_user("alice"), make_credential("alice", "h1"))) == kOk);
    REQUIRE(code_of(store->create_session(make_session("s1", "alice"))) == kOk);
  }
  const std::string recorded =
      "SELECT string_agg(version || '@' || applied_at, ',' ORDER BY version) "
      "FROM authkit_schema_migrations";
  const std::string before = raw.scalar(recorded);
  CHECK(raw.scalar("SELECT count(*) FROM authkit_schema_migrations") ==
        std::to_string(PostgresStore::schema_version()));
  CHECK(raw.scalar("SELECT max(version) FROM authkit_schema_migrations") ==
        std::to_string(PostgresStore::schema_version()));

  auto reopened = open_store(schema.conninfo());
  CHECK(raw.scalar(recorded) == before);
  auto user = reopened->find_user_by_email("alice@example.com");
  REQUIRE(user.has_value());
  REQUIRE(user->has_value());
  check_same(**user, make_user("alice"));
  auto session = reopened->find_session(make_session("s1", "alice").token_hash);
  REQUIRE(session.has_value());
  REQUIRE(session->has_value());
  check_same(**session, make_session("s1", "alice"));
}

TEST_CASE("PostgresStore: a version 2 database gains the user fields column", "[store][postgres]") {
  PostgresSchema schema;
  RawPg raw(schema.conninfo());
  {
    auto store = open_store(schema.conninfo());
    REQUIRE(code_of(store->create_user(make_user("alice"), std::nullopt)) == kOk);
  }
  // Back to version 2: the user table as it was, without "additionalFields".
  raw.exec(R"(ALTER TABLE "user" DROP COLUMN "additionalFields")");
  raw.exec("DELETE FROM authkit_schema_migrations WHERE version > 2");
  auto reopened = open_store(schema.conninfo());
  CHECK(raw.scalar(R"(SELECT "additionalFields" FROM "user" WHERE "id" = 'alice')") == "{}");
  CHECK(raw.scalar("SELECT max(version) FROM authkit_schema_migrations") ==
        std::to_string(PostgresStore::schema_version()));
  auto user = reopened->find_user_by_id("alice");
  REQUIRE(user.has_value());
  REQUIRE(user->has_value());
  CHECK((*user)->fields.empty());
  User changed = **user;
  changed.fields = {{"company", "Acme"}, {"seats", 3.0}};
  REQUIRE(code_of(reopened->update_user(changed)) == kOk);
  CHECK(raw.scalar(R"(SELECT "additionalFields" FROM "user" WHERE "id" = 'alice')") ==
        R"({"company":"Acme","seats":3})");
}

TEST_CASE("PostgresStore: 4 instances opening one empty schema at once migrate it once",
          "[store][postgres]") {
  PostgresSchema schema;
  constexpr int kInstances = 4;
  std::vector<Outcome> outcomes(kInstances, Outcome{Errc::storage_failure});
  std::vector<std::string> details(kInstances);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  const std::string conninfo = schema.conninfo();
  for (int i = 0; i < kInstances; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      auto store = PostgresStore::open({.conninfo = conninfo, .pool_size = 2});
      const auto at = static_cast<std::size_t>(i);
      outcomes[at] = code_of(store);
      if (!store) details[at] = store.error().detail();
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  for (int i = 0; i < kInstances; ++i) {
    INFO(details[static_cast<std::size_t>(i)]);
    CHECK(outcomes[static_cast<std::size_t>(i)] == kOk);
  }
  RawPg raw(conninfo);
  // One row per version: the primary key on "version" would have made a second migration of
  // the same version fail, and every instance succeeded.
  CHECK(raw.scalar("SELECT count(*) FROM authkit_schema_migrations") ==
        std::to_string(PostgresStore::schema_version()));
  CHECK(raw.scalar("SELECT count(DISTINCT applied_at) FROM authkit_schema_migrations") ==
        std::to_string(PostgresStore::schema_version()));
}

TEST_CASE("PostgresStore: a database with a newer schema version is refused", "[store][postgres]") {
  PostgresSchema schema;
  {
    RawPg raw(schema.conninfo());
    raw.exec(
        "CREATE TABLE authkit_schema_migrations (version integer PRIMARY KEY, "
        "applied_at timestamptz NOT NULL DEFAULT now())");
    raw.exec("INSERT INTO authkit_schema_migrations (version) VALUES (" +
             std::to_string(PostgresStore::schema_version() + 1) + ")");
  }
  auto opened = PostgresStore::open({.conninfo = schema.conninfo()});
  REQUIRE_FALSE(opened.has_value());
  CHECK(opened.error().code() == Errc::storage_failure);
  CHECK(opened.error().detail().find("newer") != std::string::npos);
  // Nothing was created next to the refused version.
  RawPg raw(schema.conninfo());
  CHECK(raw.scalar("SELECT to_regclass('\"user\"') IS NULL") == "t");
}

TEST_CASE("PostgresStore: opens a database made by better-auth and its users sign in",
          "[store][postgres]") {
  PostgresSchema schema;
  const nlohmann::json vectors = load_better_auth_vectors();
  const std::string password = vectors["password_hash"]["password"];
  const std::string scrypt = vectors["password_hash"]["stored"];
  const std::string id = "Gq8ydUMgLmOmZ5XrbXR5YhKzN3ogGT7n";
  {
    // better-auth's own DDL (pg_dump of its migrations), moved from "public" into the schema.
    std::string ddl = read_text_file(testvec::vectors_dir() / "better-auth/postgres-schema.sql");
    for (std::size_t at = ddl.find("public."); at != std::string::npos;
         at = ddl.find("public.", at)) {
      ddl.erase(at, std::string("public.").size());
    }
    RawPg raw(schema.conninfo());
    raw.exec(ddl);
    // A user, its credential, a session and a jwt-plugin key, as better-auth writes them.
    raw.exec(R"(INSERT INTO "user" VALUES (')" + id +
             R"(', 'Alice', 'alice@example.com', true, NULL,
               '2023-11-14T22:13:20.000Z', '2023-11-14T22:13:21.000Z'))");
    raw.exec(
        R"(INSERT INTO account ("id", "accountId", "providerId", "userId", "password",
             "createdAt", "updatedAt") VALUES ('Qw8bYrLWdJvGkxD4nUe1sTfP0aZ9cHmN', ')" +
        id + R"(', 'credential', ')" + id + "', '" + scrypt +
        R"(', '2023-11-14T22:13:20.000Z', '2023-11-14T22:13:20.000Z'))");
    raw.exec(R"(INSERT INTO session VALUES ('ba-session', '2023-11-14T23:13:20.000Z',
               'ba-token-hash', '2023-11-14T22:13:20.000Z', '2023-11-14T22:13:20.000Z', NULL,
               NULL, ')" +
             id + "')");
    raw.exec(R"(INSERT INTO jwks VALUES ('ba-key', '{"kty":"OKP"}', 'sealed-by-better-auth',
               '2023-11-14T22:13:20.000Z', NULL, 'EdDSA', 'Ed25519'))");
  }
  const std::shared_ptr<PostgresStore> store = open_store(schema.conninfo());

  // better-auth's rows read as they are, with authkit's added column's default.
  auto ba_session = store->find_session_with_user("ba-token-hash", *store);
  REQUIRE(ba_session.has_value());
  REQUIRE(ba_session->has_value());
  CHECK((*ba_session)->session.expires_at == at(std::chrono::hours{1}));
  CHECK((*ba_session)->session.ip_address.empty());
  CHECK((*ba_session)->session.remember_me);
  CHECK((*ba_session)->user.id == id);
  CHECK((*ba_session)->user.email_verified);
  CHECK((*ba_session)->user.created_at == at());
  CHECK((*ba_session)->user.updated_at == at(seconds{1}));
  auto keys = store->list_signing_keys();
  REQUIRE(keys.has_value());
  REQUIRE(keys->size() == 1);
  CHECK(keys->front().algorithm == "EdDSA");

  // The user signs in with the old password; the scrypt hash is upgraded in place.
  auto clock = clock_at();
  auto mail = std::make_shared<MockMailService>();
  auto audit = std::make_shared<RecordingAuditSink>();
  auto auth = AuthService::create(base_options(store, mail, audit, clock));
  REQUIRE(auth.has_value());
  CHECK(code_of(auth->sign_in({.email = "alice@example.com", .password = "not the password"})) ==
        Errc::invalid_email_or_password);
  auto signed_in = auth->sign_in({.email = "alice@example.com", .password = password});
  REQUIRE(signed_in.has_value());
  auto credential = store->find_credential(id);
  REQUIRE(credential.has_value());
  REQUIRE(credential->has_value());
  CHECK((*credential)->password_hash.rfind("$argon2id$", 0) == 0);
  REQUIRE(auth->sign_in({.email = "alice@example.com", .password = password}).has_value());
  auto view = auth->get_session(signed_in->session.token);
  REQUIRE(view.has_value());
  REQUIRE(view->has_value());
  CHECK((*view)->user.id == id);

  RawPg raw(schema.conninfo());
  // Still one credential row (better-auth's, updated), and authkit's session row.
  CHECK(raw.scalar(R"(SELECT count(*) FROM account)") == "1");
  CHECK(raw.scalar(R"(SELECT id FROM account)") == "Qw8bYrLWdJvGkxD4nUe1sTfP0aZ9cHmN");
  CHECK(raw.scalar(R"(SELECT count(*) FROM session WHERE "userId" = ')" + id + "'") == "3");
  CHECK(raw.scalar("SELECT max(version) FROM authkit_schema_migrations") ==
        std::to_string(PostgresStore::schema_version()));
}

TEST_CASE("PostgresStore: counters are UNLOGGED and better-auth's rateLimit is left logged",
          "[store][postgres]") {
  const std::string persistence =
      "SELECT string_agg(relname || '=' || relpersistence::text, ',' ORDER BY relname) FROM "
      "pg_class "
      "WHERE relnamespace = current_schema()::regnamespace "
      "AND relname IN ('rateLimit', 'signInFailure', 'user')";
  {
    PostgresSchema schema;
    auto store = open_store(schema.conninfo());
    RawPg raw(schema.conninfo());
    CHECK(raw.scalar(persistence) == "rateLimit=u,signInFailure=u,user=p");
  }
  PostgresSchema schema;
  RawPg raw(schema.conninfo());
  // better-auth's table, made with rateLimit.storage = "database", with a window in it.
  raw.exec(R"(CREATE TABLE "rateLimit" (id text PRIMARY KEY, key text UNIQUE,
              count integer, "lastRequest" bigint))");
  raw.exec(R"(INSERT INTO "rateLimit" VALUES ('ba-id', 'rl:203.0.113.7|/sign-in/email', 2, )" +
           std::to_string(kNow * 1000) + ")");
  auto store = open_store(schema.conninfo());
  CHECK(raw.scalar(persistence) == "rateLimit=p,signInFailure=u,user=p");
  // The better-auth window counts on, in its own row.
  auto third = store->hit("rl:203.0.113.7|/sign-in/email", 3, seconds{10}, at(seconds{1}));
  REQUIRE(third.has_value());
  CHECK(third->allowed);
  CHECK(third->count == 3);
  auto fourth = store->hit("rl:203.0.113.7|/sign-in/email", 3, seconds{10}, at(seconds{1}));
  REQUIRE(fourth.has_value());
  CHECK_FALSE(fourth->allowed);
  CHECK(fourth->retry_after == seconds{9});
  CHECK(raw.scalar(R"(SELECT id || ':' || count FROM "rateLimit")") == "ba-id:3");
}

TEST_CASE("PostgresStore: terminated connections are replaced without failing later calls",
          "[store][postgres]") {
  PostgresSchema schema;
  const std::string application = "authkit-test-terminate-" + std::to_string(::getpid());
  auto store = open_store(tagged_conninfo(schema, application), 4);
  add_user(*store, make_user("alice"));
  RawPg raw(schema.conninfo());

  // Open all four connections: four threads each hold one while the others start.
  {
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    RawPg locker(schema.conninfo());
    locker.exec(R"(BEGIN; LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE)");
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&] {
        if (!store->find_user_by_email("alice@example.com")) ++errors;
      });
    }
    // All four wait on the lock, each on its own connection.
    const bool all_waiting =
        wait_for(raw, backends_of(application) + " AND wait_event_type = 'Lock'", "4");
    locker.exec("COMMIT");
    for (auto& t : threads) t.join();
    REQUIRE(all_waiting);
    REQUIRE(errors.load() == 0);
  }
  REQUIRE(raw.scalar(backends_of(application)) == "4");

  // The server ends every session of the store (as a restart or an administrator would).
  raw.exec(terminate_backends_of(application));
  REQUIRE(wait_for(raw, backends_of(application), "0"));

  // Reads and writes go on: the dead connections are noticed before use and replaced.
  std::vector<std::string> failures;
  const auto note = [&failures](const std::string& call, const auto& result) {
    if (!result) failures.push_back(call + ": " + result.error().detail());
  };
  for (int i = 0; i < 8; ++i) {
    note("find_user_by_email", store->find_user_by_email("alice@example.com"));
    note("create_session", store->create_session(make_session("s" + std::to_string(i), "alice")));
    note("hit", store->hit("k", 100, seconds{60}, at()));
  }
  for (const std::string& failure : failures) UNSCOPED_INFO(failure);
  CHECK(failures.empty());
  CHECK(code_of(store->ping()) == kOk);
  auto listed = store->list_sessions("alice", at());
  REQUIRE(listed.has_value());
  CHECK(listed->size() == 8);
}

TEST_CASE("PostgresStore: recovers after a server restart", "[store][postgres]") {
  // A cluster of its own: restarting the shared one would break the tests running beside this.
  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("authkit-pg-restart-" + std::to_string(::getpid())))
                              .string();
  const std::string script = "bash '" AUTHKIT_SOURCE_DIR "/scripts/pg-cluster.sh' ";
  struct Cleanup {
    std::string command;
    ~Cleanup() { (void)std::system(command.c_str()); }
  } cleanup{script + "stop '" + dir + "' >/dev/null 2>&1"};
  REQUIRE(std::system(cleanup.command.c_str()) == 0);  // a leftover of an interrupted run
  REQUIRE(std::system((script + "start '" + dir + "' >/dev/null").c_str()) == 0);
  std::ifstream port_file(dir + "/port");
  std::string port;
  REQUIRE(static_cast<bool>(port_file >> port));
  const std::string url = "postgresql://postgres@127.0.0.1:" + port + "/authkit";

  auto store = open_store(url, 4);
  add_user(*store, make_user("alice"));
  REQUIRE(code_of(store->create_session(make_session("s0", "alice"))) == kOk);
  REQUIRE(std::system((script + "restart '" + dir + "' >/dev/null").c_str()) == 0);

  // Every connection of the pool died with the server; none of the calls after it fails.
  std::vector<std::string> failures;
  const auto note = [&failures](const std::string& call, const auto& result) {
    if (!result) failures.push_back(call + ": " + result.error().detail());
  };
  for (int i = 1; i <= 4; ++i) {
    note("find_session_with_user",
         store->find_session_with_user(make_session("s0", "alice").token_hash, *store));
    note("create_session", store->create_session(make_session("s" + std::to_string(i), "alice")));
    note("begin_attempt", store->begin_attempt("signin:alice", at(), seconds{60},
                                               [](std::uint32_t) { return seconds{0}; }));
  }
  for (const std::string& failure : failures) UNSCOPED_INFO(failure);
  CHECK(failures.empty());
  auto listed = store->list_sessions("alice", at());
  REQUIRE(listed.has_value());
  CHECK(listed->size() == 5);
}

TEST_CASE("PostgresStore: a connection lost mid-call fails a write and retries a read",
          "[store][postgres]") {
  PostgresSchema schema;
  const std::string application = "authkit-test-midcall-" + std::to_string(::getpid());
  auto store = open_store(tagged_conninfo(schema, application), 2);
  add_user(*store, make_user("alice"));
  RawPg raw(schema.conninfo());
  const std::string waiting = backends_of(application) + " AND wait_event_type = 'Lock'";

  SECTION("a write in flight fails with STORAGE_FAILURE and the next one succeeds") {
    RawPg locker(schema.conninfo());
    locker.exec(R"(BEGIN; LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE)");
    Outcome outcome{kOk};
    std::thread writer(
        [&] { outcome = code_of(store->create_user(make_user("bob"), std::nullopt)); });
    const bool blocked = wait_for(raw, waiting, "1");
    raw.exec(terminate_backends_of(application));
    writer.join();
    locker.exec("ROLLBACK");
    REQUIRE(blocked);
    // The insert may or may not have run when the connection died: it is reported, not
    // repeated.
    CHECK(outcome == Errc::storage_failure);
    CHECK(code_of(store->create_user(make_user("carol"), std::nullopt)) == kOk);
  }
  SECTION("a read in flight is repeated on a new connection") {
    RawPg locker(schema.conninfo());
    locker.exec(R"(BEGIN; LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE)");
    std::optional<Result<std::optional<User>>> found;
    std::thread reader([&] { found.emplace(store->find_user_by_email("alice@example.com")); });
    const bool blocked = wait_for(raw, waiting, "1");
    const std::string first_pid =
        raw.scalar("SELECT pid FROM pg_stat_activity WHERE application_name = '" + application +
                   "' AND wait_event_type = 'Lock'");
    raw.exec(terminate_backends_of(application));
    // The repeated read waits on the lock again, on a new connection.
    const bool blocked_again =
        wait_for(raw, waiting + " AND pid <> " + (first_pid.empty() ? "0" : first_pid), "1");
    locker.exec("ROLLBACK");
    reader.join();
    REQUIRE(blocked);
    CHECK(blocked_again);
    REQUIRE(found.has_value());
    REQUIRE(found->has_value());
    REQUIRE((*found)->has_value());
    CHECK((**found)->id == "alice");
  }
}

TEST_CASE("PostgresStore: statement_timeout cancels a long statement", "[store][postgres]") {
  PostgresSchema schema;
  PostgresStoreOptions options;
  options.conninfo = schema.conninfo();
  options.statement_timeout = milliseconds{100};
  // PostgresStore's own connection, with a statement the store never runs.
  auto connection = pg::Connection::open(options);
  REQUIRE(connection.has_value());
  constexpr pg::Query kSleep{"sleep", "SELECT pg_sleep(5)", false};
  const auto start = Clock::now();
  auto slept = (*connection)->run(kSleep);
  const auto elapsed = Clock::now() - start;
  REQUIRE_FALSE(slept.has_value());
  CHECK(slept.error().code() == Errc::storage_failure);
  CHECK(slept.error().detail().find("57014") != std::string::npos);  // query_canceled
  CHECK(elapsed >= milliseconds{100});
  CHECK(elapsed < milliseconds{2000});
  // A cancelled statement leaves the connection usable.
  CHECK((*connection)->failure() == pg::Failure::other);
  constexpr pg::Query kOne{"one", "SELECT 1", false};
  CHECK(code_of((*connection)->run(kOne)) == kOk);
}

TEST_CASE("PostgresStore: a call blocked on a lock fails after statement_timeout without values",
          "[store][postgres]") {
  PostgresSchema schema;
  auto store = open_store(schema.conninfo(), 2, milliseconds{100});
  RawPg locker(schema.conninfo());
  locker.exec(R"(BEGIN; LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE)");
  const User secret = make_user("secret-user-id");
  const auto start = Clock::now();
  auto blocked = store->create_user(secret, make_credential(secret.id, "secret-hash"));
  auto read = store->find_user_by_email(secret.email);
  const auto elapsed = Clock::now() - start;
  REQUIRE_FALSE(blocked.has_value());
  CHECK(blocked.error().code() == Errc::storage_failure);
  CHECK(blocked.error().detail().find("secret") == std::string::npos);
  CHECK(blocked.error().message().find("secret") == std::string::npos);
  REQUIRE_FALSE(read.has_value());
  CHECK(read.error().code() == Errc::storage_failure);
  CHECK(elapsed < milliseconds{2000});
  locker.exec("ROLLBACK");
  // The same connections work again.
  CHECK(code_of(store->create_user(secret, make_credential(secret.id, "h"))) == kOk);
}

TEST_CASE("PostgresStore: a unique violation's error names no value", "[store][postgres]") {
  PostgresFactory f;
  add_user(*f.store, make_user("alice"));
  User twin = make_user("twin");
  twin.email = "alice@example.com";
  REQUIRE(code_of(f.store->create_session(make_session("s1", "alice"))) == kOk);
  auto duplicate = f.store->create_session(make_session("s1", "alice"));
  REQUIRE_FALSE(duplicate.has_value());
  CHECK(duplicate.error().detail().find(make_session("s1", "alice").token_hash) ==
        std::string::npos);
  CHECK(code_of(f.store->create_user(twin, std::nullopt)) == Errc::user_already_exists);
}

TEST_CASE("PostgresStore: transactions are retried after serialization failures and deadlocks",
          "[store][postgres]") {
  PostgresSchema schema;
  PostgresStoreOptions options;
  options.conninfo = schema.conninfo();
  options.transaction_retries = 3;
  auto first = pg::Connection::open(options);
  REQUIRE(first.has_value());
  PostgresStore::Impl impl(options, std::move(*first));
  constexpr pg::Query kSerialization{
      "fail", "DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = 'serialization_failure'; END $$",
      false};
  constexpr pg::Query kDeadlock{
      "fail", "DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = 'deadlock_detected'; END $$",
      false};
  constexpr pg::Query kUnique{
      "fail", "DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = 'unique_violation'; END $$",
      false};
  // Fails with `failing` on the first `failures` runs, then succeeds.
  const auto run = [&](const pg::Query& failing, int failures, int& calls) {
    calls = 0;
    return impl.transaction([&](pg::Connection& c) -> Result<void> {
      if (++calls <= failures) {
        if (auto r = c.run(failing); !r) return r.error();
      }
      return {};
    });
  };
  int calls = 0;
  CHECK(code_of(run(kSerialization, 2, calls)) == kOk);
  CHECK(calls == 3);
  CHECK(code_of(run(kDeadlock, 3, calls)) == kOk);
  CHECK(calls == 4);
  CHECK(code_of(run(kSerialization, 100, calls)) == Errc::storage_failure);
  CHECK(calls == 4);  // the first run and transaction_retries more
  CHECK(code_of(run(kUnique, 1, calls)) == Errc::storage_failure);
  CHECK(calls == 1);  // anything else is not retried
}

TEST_CASE("PostgresStore: a waiter gets STORAGE_FAILURE after acquire_timeout",
          "[store][postgres]") {
  PostgresSchema schema;
  PostgresStoreOptions options;
  options.conninfo = schema.conninfo();
  auto first = pg::Connection::open(options);
  REQUIRE(first.has_value());
  pg::Pool pool([options] { return pg::Connection::open(options); }, 1, milliseconds{100},
                std::move(*first));
  auto held = pool.acquire();
  REQUIRE(held.has_value());
  const auto start = Clock::now();
  auto waited = pool.acquire();
  const auto elapsed = Clock::now() - start;
  REQUIRE_FALSE(waited.has_value());
  CHECK(waited.error().code() == Errc::storage_failure);
  CHECK(elapsed >= milliseconds{100});
  CHECK(elapsed < milliseconds{2000});
  CHECK(pool.waiting() == 0);  // the waiter left the queue
  CHECK(pool.open_count() == 1);
}

namespace {

/// Runs `work(thread index)` on `threads` threads released together in `processes` child
/// processes (forked, so each has its own stores and connections, as separate instances of a
/// service would) and returns the sum of what the calls returned. A child reports through a
/// pipe; -1 stands for a child that failed.
template <class Work>
long race_in_processes(int processes, int threads, Work work) {
  std::vector<pid_t> children;
  std::vector<int> pipes;
  for (int p = 0; p < processes; ++p) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(fds[0]);
      std::atomic<long> sum{0};
      std::atomic<bool> go{false};
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
          while (!go.load()) std::this_thread::yield();
          sum += work(p * threads + t);
        });
      }
      go = true;
      for (auto& t : pool) t.join();
      const std::string answer = std::to_string(sum.load());
      const bool sent =
          ::write(fds[1], answer.data(), answer.size()) == static_cast<ssize_t>(answer.size());
      ::_exit(sent ? 0 : 1);  // no destructors of the parent's objects, no Catch
    }
    ::close(fds[1]);
    children.push_back(child);
    pipes.push_back(fds[0]);
  }
  long total = 0;
  for (std::size_t i = 0; i < children.size(); ++i) {
    std::string answer;
    char buffer[64];
    for (ssize_t n; (n = ::read(pipes[i], buffer, sizeof buffer)) > 0;) {
      answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(pipes[i]);
    int status = 0;
    REQUIRE(::waitpid(children[i], &status, 0) == children[i]);
    INFO("child " << i << " answered '" << answer << "'");
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE_FALSE(answer.empty());
    total += std::stol(answer);
  }
  return total;
}

}  // namespace

TEST_CASE("PostgresStore: 16 redemptions from two processes consume a token once",
          "[store][postgres]") {
  PostgresSchema schema;
  const std::string conninfo = schema.conninfo();
  const Verification v = make_verification("v1", verification_purpose::reset_password, "alice");
  {
    auto store = open_store(conninfo);
    REQUIRE(code_of(store->create_verification(v)) == kOk);
  }
  // Each process is one instance of a service, with its own pool; 8 threads share it.
  const long consumed = race_in_processes(2, 8, [&](int) -> long {
    static std::mutex mutex;
    static std::shared_ptr<PostgresStore> store;
    {
      const std::lock_guard lock(mutex);
      if (!store) {
        auto opened = PostgresStore::open({.conninfo = conninfo, .pool_size = 4});
        if (!opened) return -100;
        store = *opened;
      }
    }
    auto r = store->consume_verification(verification_purpose::reset_password, v.token_hash, at());
    if (!r) return -100;
    return r->status == ConsumeStatus::consumed ? 1 : 0;
  });
  CHECK(consumed == 1);
  auto store = open_store(conninfo);
  auto spent = store->find_verification(verification_purpose::reset_password, v.token_hash);
  REQUIRE(spent.has_value());
  REQUIRE(spent->has_value());
  CHECK((*spent)->consumed_at == std::optional<TimePoint>(at()));
}

TEST_CASE("PostgresStore: 16 sign-ups of one email from two processes create one user",
          "[store][postgres]") {
  PostgresSchema schema;
  const std::string conninfo = schema.conninfo();
  { auto store = open_store(conninfo); }  // migrated before the race
  const long created = race_in_processes(2, 8, [&](int i) -> long {
    static std::mutex mutex;
    static std::shared_ptr<PostgresStore> store;
    {
      const std::lock_guard lock(mutex);
      if (!store) {
        auto opened = PostgresStore::open({.conninfo = conninfo, .pool_size = 4});
        if (!opened) return -100;
        store = *opened;
      }
    }
    User u = make_user("racer-" + std::to_string(i));
    u.email = "same@example.com";
    auto r = store->create_user(u, make_credential(u.id, "h"));
    if (r) return 1;
    return r.error().code() == Errc::user_already_exists ? 0 : -100;
  });
  CHECK(created == 1);
  RawPg raw(conninfo);
  CHECK(raw.scalar(R"(SELECT count(*) FROM "user")") == "1");
  CHECK(raw.scalar(R"(SELECT count(*) FROM account)") == "1");
}

TEST_CASE("PostgresStore: SQL in an email or a key is stored verbatim and harmless",
          "[store][postgres]") {
  PostgresSchema schema;
  auto store = open_store(schema.conninfo());
  RawPg raw(schema.conninfo());
  const std::string injection = R"(x'); DROP TABLE "user"; --)";
  User u = make_user("mallory");
  u.email = injection;
  u.name = "Robert'); DELETE FROM session; --";
  REQUIRE(code_of(store->create_user(u, make_credential(u.id, "h"))) == kOk);
  auto found = store->find_user_by_email(injection);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, u);
  const std::string key = "rl:1.2.3.4'); DROP TABLE \"rateLimit\"; --|/sign-in/email";
  auto hit = store->hit(key, 3, seconds{10}, at());
  REQUIRE(hit.has_value());
  CHECK(hit->allowed);
  REQUIRE(store->record_failure(key, at(), seconds{60}).has_value());
  // The tables are all there, holding the text as it was given.
  CHECK(raw.scalar(R"(SELECT email FROM "user")") == injection);
  CHECK(raw.scalar(R"(SELECT name FROM "user")") == u.name);
  CHECK(raw.scalar(R"(SELECT key FROM "rateLimit")") == key);
  CHECK(raw.scalar(R"(SELECT key FROM "signInFailure")") == key);
  // user, session, account, verification, jwks, rateLimit, signInFailure and the migrations.
  CHECK(raw.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == "9");
}

TEST_CASE("PostgresStore: NUL bytes and invalid UTF-8 round-trip through escaped text",
          "[store][postgres]") {
  using namespace std::string_literals;
  PostgresSchema schema;
  auto store = open_store(schema.conninfo());
  RawPg raw(schema.conninfo());
  User u = make_user("nul-user");
  u.name = "before\0after \x01 \xff\xfe caf\xc3\xa9"s;
  REQUIRE(code_of(store->create_user(u, std::nullopt)) == kOk);
  auto found = store->find_user_by_id(u.id);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->name == u.name);
  // PostgreSQL text cannot hold them as they are: they are escaped, valid UTF-8 is not.
  CHECK(raw.scalar(R"(SELECT name FROM "user")") ==
        "before\x01"
        "00after \x01"
        "01 \x01"
        "ff\x01"
        "fe caf\xc3\xa9"s);
  // A plain value is stored exactly as given (what better-auth reads).
  CHECK(raw.scalar(R"(SELECT email FROM "user")") == "nul-user@example.com");
}

}  // namespace authkit::test
