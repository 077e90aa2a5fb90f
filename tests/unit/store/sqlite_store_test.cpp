// SqliteStore-only tests: file mode, pragmas, migrations, better-auth compatibility, token
// hashing on disk, pool concurrency, keys kept across reopening. (The behaviour every store
// shares is in the conformance suite, tests/store_conformance/.)
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdint>
#include <fstream>
#include <iterator>

#include "crypto/digest.hpp"
#include "store/sqlite/connection.hpp"
#include "unit/store/store_conformance.hpp"

namespace authkit::test {

namespace {

/// A raw SQLite connection for inspecting or preparing a database outside the store.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    REQUIRE(rc == SQLITE_OK);
  }
  /// The first column of the first row of `sql`, as text.
  std::string scalar(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      if (text) out = text;
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::shared_ptr<SqliteStore> open_store(const std::string& path, unsigned pool_size = 4,
                                        milliseconds busy = milliseconds{5000}) {
  SqliteStoreOptions options;
  options.path = path;
  options.pool_size = pool_size;
  options.busy_timeout = busy;
  auto s = SqliteStore::open(options);
  REQUIRE(s.has_value());
  return *s;
}

Outcome open_outcome(const std::string& path) {
  SqliteStoreOptions options;
  options.path = path;
  return code_of(SqliteStore::open(options));
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777U;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("I5: a new SQLite file is created with mode 0600, and so is its WAL", "[store]") {
  TempDbPath file;
  const mode_t old_umask = ::umask(022);
  auto store = open_store(file.path());
  ::umask(old_umask);
  CHECK(mode_of(file.path()) == 0600U);
  add_user(*store, make_user("alice"));  // a write creates the WAL file
  if (std::filesystem::exists(file.path() + "-wal")) CHECK(mode_of(file.path() + "-wal") == 0600U);
}

TEST_CASE("I5: an existing SQLite file's mode is tightened to 0600", "[store]") {
  TempDbPath file;
  { std::ofstream create(file.path()); }
  REQUIRE(::chmod(file.path().c_str(), 0644) == 0);
  auto store = open_store(file.path());
  CHECK(mode_of(file.path()) == 0600U);
}

TEST_CASE("I5: restrict_file_mode=false leaves the mode alone", "[store]") {
  TempDbPath file;
  { std::ofstream create(file.path()); }
  REQUIRE(::chmod(file.path().c_str(), 0640) == 0);
  SqliteStoreOptions options;
  options.path = file.path();
  options.restrict_file_mode = false;
  REQUIRE(SqliteStore::open(options).has_value());
  CHECK(mode_of(file.path()) == 0640U);
}

namespace {

/// The integer a one-row pragma answers on `c`.
std::int64_t pragma_integer(sqlite::Connection& c, const char* sql) {
  auto st = c.prepare(sql);
  REQUIRE(st.has_value());
  auto row = st->step();
  REQUIRE(row.has_value());
  REQUIRE(*row);
  return st->integer(0);
}

}  // namespace

TEST_CASE("SQLite connections commit with synchronous=NORMAL unless full_sync", "[store]") {
  TempDbPath file;
  for (const bool full : {false, true}) {
    SqliteStoreOptions options;
    options.path = file.path();
    options.full_sync = full;
    auto c = sqlite::Connection::open(options);
    REQUIRE(c.has_value());
    // 1 = NORMAL, 2 = FULL (https://sqlite.org/pragma.html#pragma_synchronous).
    CHECK(pragma_integer(**c, "PRAGMA synchronous") == (full ? 2 : 1));
  }
}

TEST_CASE("SQLite connections get the configured page cache and memory mapping", "[store]") {
  TempDbPath file;
  SqliteStoreOptions options;
  options.path = file.path();
  {
    auto c = sqlite::Connection::open(options);
    REQUIRE(c.has_value());
    CHECK(pragma_integer(**c, "PRAGMA cache_size") == -16384);  // negative: KiB
    CHECK(pragma_integer(**c, "PRAGMA mmap_size") == 1LL << 30);
  }
  options.cache_size_kib = 1024;
  options.mmap_size = 0;
  auto c = sqlite::Connection::open(options);
  REQUIRE(c.has_value());
  CHECK(pragma_integer(**c, "PRAGMA cache_size") == -1024);
  CHECK(pragma_integer(**c, "PRAGMA mmap_size") == 0);
}

TEST_CASE("I5: SQLite file databases use WAL and enforce foreign keys", "[store]") {
  TempDbPath file;
  auto store = open_store(file.path());
  RawDb raw(file.path());
  CHECK(raw.scalar("PRAGMA journal_mode") == "wal");  // WAL is persistent in the file
  // Only an enforced foreign key turns a session of a missing user into USER_NOT_FOUND;
  // without it the row would be inserted.
  CHECK(code_of(store->create_session(make_session("s1", "nobody"))) == Errc::user_not_found);
  CHECK(raw.scalar(R"(SELECT count(*) FROM "session")") == "0");
  // on delete cascade: deleting a user (outside authkit) takes its sessions along.
  add_user(*store, make_user("alice"));
  REQUIRE(code_of(store->create_session(make_session("s2", "alice"))) == kOk);
  raw.exec("PRAGMA foreign_keys=ON");
  raw.exec(R"(DELETE FROM "user" WHERE "id" = 'alice')");
  auto gone = store->find_session(make_session("s2", "alice").token_hash);
  REQUIRE(gone.has_value());
  CHECK_FALSE(gone->has_value());
}

TEST_CASE("SqliteStore: schema version is recorded and reopening keeps the data", "[store]") {
  TempDbPath file;
  CHECK(SqliteStore::schema_version() >= 1);
  {
    auto store = open_store(file.path());
    REQUIRE(code_of(store->create_user(make_user("alice"), make_credential("alice", "h1"))) == kOk);
    REQUIRE(code_of(store->create_session(make_session("s1", "alice"))) == kOk);
  }
  {
    RawDb raw(file.path());
    CHECK(raw.scalar("PRAGMA user_version") == std::to_string(SqliteStore::schema_version()));
  }
  auto reopened = open_store(file.path());
  auto user = reopened->find_user_by_email("alice@example.com");
  REQUIRE(user.has_value());
  REQUIRE(user->has_value());
  check_same(**user, make_user("alice"));
  auto session = reopened->find_session(make_session("s1", "alice").token_hash);
  REQUIRE(session.has_value());
  CHECK(session->has_value());
}

TEST_CASE("SqliteStore: a version 3 database gains the user fields column", "[store]") {
  TempDbPath file;
  {
    auto store = open_store(file.path());
    REQUIRE(code_of(store->create_user(make_user("alice"), std::nullopt)) == kOk);
  }
  {
    // Back to version 3: the user table as it was, without "additionalFields".
    RawDb raw(file.path());
    raw.exec(R"(ALTER TABLE "user" DROP COLUMN "additionalFields")");
    raw.exec("PRAGMA user_version=3");
  }
  auto reopened = open_store(file.path());
  {
    RawDb raw(file.path());
    CHECK(raw.scalar(R"(SELECT "additionalFields" FROM "user" WHERE "id" = 'alice')") == "{}");
    CHECK(raw.scalar("PRAGMA user_version") == std::to_string(SqliteStore::schema_version()));
  }
  auto user = reopened->find_user_by_id("alice");
  REQUIRE(user.has_value());
  REQUIRE(user->has_value());
  CHECK((*user)->fields.empty());
  User changed = **user;
  changed.fields = {{"company", "Acme"}, {"seats", 3.0}};
  REQUIRE(code_of(reopened->update_user(changed)) == kOk);
  {
    RawDb raw(file.path());
    CHECK(raw.scalar(R"(SELECT "additionalFields" FROM "user" WHERE "id" = 'alice')") ==
          R"({"company":"Acme","seats":3})");
    // Written by another program: unparsable text and non-scalar members are not fields.
    raw.exec(R"(UPDATE "user" SET "additionalFields" = '{"a":[1],"b":{"c":1},"d":"e"}')");
  }
  auto odd = reopened->find_user_by_id("alice");
  REQUIRE(odd.has_value());
  REQUIRE(odd->has_value());
  CHECK((*odd)->fields == UserFields{{"d", "e"}});
  {
    RawDb raw(file.path());
    raw.exec(R"(UPDATE "user" SET "additionalFields" = 'not json')");
  }
  auto garbled = reopened->find_user_by_id("alice");
  REQUIRE(garbled.has_value());
  REQUIRE(garbled->has_value());
  CHECK((*garbled)->fields.empty());
}

TEST_CASE("SqliteStore: a database with a newer schema version is refused", "[store]") {
  TempDbPath file;
  {
    RawDb raw(file.path());
    raw.exec("PRAGMA user_version=" + std::to_string(SqliteStore::schema_version() + 1));
  }
  CHECK(open_outcome(file.path()) == Errc::storage_failure);
}

TEST_CASE("SqliteStore: a file that is not a database is refused", "[store]") {
  TempDbPath file;
  {
    std::ofstream out(file.path(), std::ios::binary);
    out << std::string(4096, 'x');
  }
  CHECK(open_outcome(file.path()) == Errc::storage_failure);
}

TEST_CASE("SqliteStore: invalid options", "[store]") {
  SqliteStoreOptions options;
  options.path = ":memory:";
  options.pool_size = 0;
  CHECK(code_of(SqliteStore::open(options)) == Errc::invalid_configuration);
  options.pool_size = 1;
  options.path.clear();
  CHECK(code_of(SqliteStore::open(options)) == Errc::invalid_configuration);
}

TEST_CASE("SqliteStore: opens a better-auth database and reads its users and passwords",
          "[store]") {
  TempDbPath file;
  const std::string scrypt =
      "5c214b891933117921c2fa0162c40618:20e12023f1aa5b1d0b4c6b0e8f2b52d8c3f1e2a4b5c6d7e8f9a0b1c2"
      "d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6";
  {
    RawDb raw(file.path());
    // better-auth 1.x's DDL on SQLite (getMigrations(), core + jwt + database rate limits),
    // verbatim from the reference, hence the long lines.
    raw.exec(R"sql(
create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" integer not null, "image" text, "createdAt" date not null, "updatedAt" date not null);
create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);
create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null, "updatedAt" date not null);
create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null);
create table "jwks" ("id" text not null primary key, "publicKey" text not null, "privateKey" text not null, "createdAt" date not null, "expiresAt" date, "alg" text, "crv" text);
create table "rateLimit" ("id" text not null primary key, "key" text not null unique, "count" integer not null, "lastRequest" bigint not null);
create index "session_userId_idx" on "session" ("userId");
create index "account_userId_idx" on "account" ("userId");
create index "verification_identifier_idx" on "verification" ("identifier");
)sql");
    // One user, its credential; createdAt as ISO text, updatedAt as epoch milliseconds.
    const std::string id = "'Gq8ydUMgLmOmZ5XrbXR5YhKzN3ogGT7n'";
    raw.exec(R"(insert into "user" values ()" + id +
             R"(, 'Alice', 'alice@example.com', 1, null, '2023-11-14T22:13:20.000Z',
             1700000001000))");
    raw.exec(R"(insert into "account" ("id", "accountId", "providerId", "userId", "password",
             "createdAt", "updatedAt") values ('acc1', )" +
             id + ", 'credential', " + id + ", '" + scrypt +
             R"(', '2023-11-14T22:13:20.000Z', '2023-11-14T22:13:20.000Z'))");
    // Sessions with integer epoch-millisecond times (as other adapters write them): one live
    // for an hour after kNow, one that expired 1 ms before kNow.
    raw.exec(R"(insert into "session" values
             ('ba-live', 1700003600000, 'hash-live', 1700000000000, 1700000000000, null, null, )" +
             id + R"(), ('ba-dead', 1699999999999, 'hash-dead', 1699990000000, 1699990000000,
             null, null, )" +
             id + ")");
    // One-time tokens with integer times: one live, one expired at exactly kNow.
    raw.exec("insert into \"verification\" values ('bv1', 'reset-password:" +
             digest::sha256_hex("ba-live-token") + "', " + id +
             ", 1700003600000, 1700000000000, 1700000000000), ('bv2', 'reset-password:" +
             digest::sha256_hex("ba-dead-token") + "', " + id +
             ", 1700000000000, 1699990000000, 1699990000000)");
  }
  auto store = open_store(file.path());
  auto live_token = store->consume_verification(verification_purpose::reset_password,
                                                digest::sha256_hex("ba-live-token"), at());
  REQUIRE(live_token.has_value());
  CHECK(live_token->status == ConsumeStatus::consumed);
  REQUIRE(live_token->record.has_value());
  CHECK(live_token->record->expires_at == at(std::chrono::hours{1}));
  auto dead_token = store->consume_verification(verification_purpose::reset_password,
                                                digest::sha256_hex("ba-dead-token"), at());
  REQUIRE(dead_token.has_value());
  CHECK(dead_token->status == ConsumeStatus::expired);
  auto user = store->find_user_by_email("alice@example.com");
  REQUIRE(user.has_value());
  REQUIRE(user->has_value());
  CHECK((*user)->id == "Gq8ydUMgLmOmZ5XrbXR5YhKzN3ogGT7n");
  CHECK((*user)->name == "Alice");
  CHECK((*user)->email_verified);
  CHECK_FALSE((*user)->image.has_value());
  CHECK((*user)->created_at == at());
  CHECK((*user)->updated_at == at(seconds{1}));
  auto credential = store->find_credential("Gq8ydUMgLmOmZ5XrbXR5YhKzN3ogGT7n");
  REQUIRE(credential.has_value());
  REQUIRE(credential->has_value());
  CHECK((*credential)->password_hash == scrypt);

  // Integer times read back, and compare as times in the SQL filters.
  auto live = store->find_session("hash-live");
  REQUIRE(live.has_value());
  REQUIRE(live->has_value());
  CHECK((*live)->expires_at == at(std::chrono::hours{1}));
  CHECK((*live)->remember_me);  // the added column's default
  CHECK((*live)->ip_address.empty());
  auto listed = store->list_sessions((*user)->id, at());
  REQUIRE(listed.has_value());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().id == "ba-live");
  auto expired = store->delete_expired_sessions(at());
  REQUIRE(expired.has_value());
  CHECK(*expired == 1);
  auto dead = store->find_session("hash-dead");
  REQUIRE(dead.has_value());
  CHECK_FALSE(dead->has_value());

  // authkit's columns were added, and the full API works on the migrated tables.
  Session s = make_session("s1", (*user)->id);
  s.remember_me = false;
  REQUIRE(code_of(store->create_session(s)) == kOk);
  auto found = store->find_session(s.token_hash);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, s);
  const Verification v = make_verification("v1", verification_purpose::reset_password, (*user)->id);
  REQUIRE(code_of(store->create_verification(v)) == kOk);
  Verification duplicate = make_verification("v2", verification_purpose::reset_password, "x");
  duplicate.token_hash = v.token_hash;  // no UNIQUE on better-auth's identifier: checked anyway
  CHECK(code_of(store->create_verification(duplicate)) == Errc::invalid_argument);
  auto consumed =
      store->consume_verification(verification_purpose::reset_password, v.token_hash, at());
  REQUIRE(consumed.has_value());
  CHECK(consumed->status == ConsumeStatus::consumed);
  // Upgrading the scrypt hash in place keeps one credential row.
  auto swapped = store->replace_credential_if(
      make_credential((*user)->id, "$argon2id$v=19$m=256,t=1,p=1$c2FsdA$aGFzaA"), scrypt);
  REQUIRE(swapped.has_value());
  CHECK(*swapped);
  RawDb raw(file.path());
  CHECK(raw.scalar(R"(SELECT count(*) FROM "account")") == "1");
  CHECK(raw.scalar(R"(SELECT "rememberMe" FROM "session" WHERE "id" = 's1')") == "0");
}

TEST_CASE("G1: the database holds the token hash, never the raw token", "[store]") {
  TempDbPath file;
  const std::string raw_token = "some-raw-token";
  const std::string hash = digest::sha256_hex(raw_token);
  const std::string raw_reset = "raw-reset-token-value";
  const std::string reset_hash = digest::sha256_hex(raw_reset);
  {
    auto store = open_store(file.path());
    add_user(*store, make_user("alice"));
    Session s = make_session("s1", "alice");
    s.token_hash = hash;
    REQUIRE(code_of(store->create_session(s)) == kOk);
    Verification v = make_verification("v1", verification_purpose::reset_password, "alice");
    v.token_hash = reset_hash;
    REQUIRE(code_of(store->create_verification(v)) == kOk);
  }  // closing the last connection checkpoints the WAL into the main file
  std::string bytes = file_bytes(file.path());
  if (std::filesystem::exists(file.path() + "-wal")) bytes += file_bytes(file.path() + "-wal");
  CHECK(bytes.find(raw_token) == std::string::npos);
  CHECK(bytes.find(raw_reset) == std::string::npos);
  CHECK(bytes.find(hash) != std::string::npos);
  CHECK(bytes.find(reset_hash) != std::string::npos);
}

TEST_CASE(
    "SqliteStore: a held write lock gives STORAGE_FAILURE after the busy timeout, "
    "without values in the error",
    "[store]") {
  TempDbPath file;
  auto store = open_store(file.path(), 2, milliseconds{1});
  RawDb raw(file.path());
  raw.exec("BEGIN IMMEDIATE");
  const User secret = make_user("secret-user-id");
  auto blocked = store->create_user(secret, make_credential(secret.id, "secret-hash"));
  REQUIRE_FALSE(blocked.has_value());
  CHECK(blocked.error().code() == Errc::storage_failure);
  CHECK(blocked.error().detail().find("secret") == std::string::npos);
  CHECK(blocked.error().message().find("secret") == std::string::npos);
  raw.exec("ROLLBACK");
  // The failed transaction was rolled back and the connection is usable again.
  CHECK(code_of(store->create_user(secret, make_credential(secret.id, "h"))) == kOk);
}

TEST_CASE("K4: 8 threads of mixed reads and writes on a file database with 4 connections",
          "[store]") {
  TempDbPath file;
  auto store = open_store(file.path(), 4);
  constexpr int kThreads = 8;
  constexpr int kRounds = 15;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string user_id = "user-" + std::to_string(t);
      if (!store->create_user(make_user(user_id), make_credential(user_id, "h"))) ++errors;
      for (int i = 0; i < kRounds; ++i) {
        const std::string sid = user_id + "-s" + std::to_string(i);
        if (!store->create_session(make_session(sid, user_id))) ++errors;
        auto found = store->find_session(make_session(sid, user_id).token_hash);
        if (!found || !found->has_value()) ++errors;
        if (!store->find_user_by_email(user_id + "@example.com")) ++errors;
        if (!store->hit("shared", 1000, milliseconds{60'000}, at())) ++errors;
        if (!store->list_sessions(user_id, at())) ++errors;
        if (!store->record_failure("account:" + user_id, at(), seconds{60})) ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(errors.load() == 0);
  for (int t = 0; t < kThreads; ++t) {
    auto list = store->list_sessions("user-" + std::to_string(t), at());
    REQUIRE(list.has_value());
    CHECK(list->size() == static_cast<std::size_t>(kRounds));
  }
  auto shared = store->hit("shared", 1000, milliseconds{60'000}, at());
  REQUIRE(shared.has_value());
  CHECK(shared->count == static_cast<std::uint32_t>(kThreads * kRounds + 1));
}

TEST_CASE("SigningKeyStore: SQLite keeps keys across reopening the file", "[store]") {
  TempDbPath file;
  const auto key = make_signing_key("persisted", at());
  {
    auto store = SqliteFileFactory::open(file.path());
    REQUIRE(code_of(store->insert_signing_key(key, 0)) == kOk);
  }
  auto store = SqliteFileFactory::open(file.path());
  auto keys = store->list_signing_keys();
  REQUIRE(keys.has_value());
  REQUIRE(keys->size() == 1);
  check_same(keys->front(), key);
}

}  // namespace authkit::test
