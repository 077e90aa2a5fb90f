// Taking over a better-auth database (docs/migrating-from-better-auth.md), on SQLite and on
// PostgreSQL: better-auth's raw session tokens become their hashes exactly once, so its
// signed-in users stay signed in; its plain-text one-time tokens go; authkit's sealed signing
// keys live apart from better-auth's "jwks", whose keys stay published while their tokens live.
//
// The rows are written with raw SQL as better-auth 1.7 writes them (its DDL, its 32-character
// tokens); tests/e2e/node/better_auth_migration.test.mjs does the same with better-auth itself.
// Threads started here only record outcomes; the test thread asserts.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "crypto/digest.hpp"
#include "unit/service/service_harness.hpp"
#include "unit/store/store_conformance.hpp"
#include "util/iso8601.hpp"

namespace authkit::test {

namespace {

// better-auth 1.7's SQLite DDL (getMigrations(): core + jwt), verbatim from its reference.
constexpr const char* kBetterAuthSqliteDdl = R"sql(
create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" integer not null, "image" text, "createdAt" date not null, "updatedAt" date not null);
create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);
create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null, "updatedAt" date not null);
create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null);
create table "jwks" ("id" text not null primary key, "publicKey" text not null, "privateKey" text not null, "createdAt" date not null, "expiresAt" date, "alg" text, "crv" text);
create index "session_userId_idx" on "session" ("userId");
create index "account_userId_idx" on "account" ("userId");
create index "verification_identifier_idx" on "verification" ("identifier");
)sql";

constexpr const char* kUserId = "Gq8ydUMgLmOmZ5XrbXR5YhKzN3ogGT7n";

/// at(offset) as better-auth writes times (ISO-8601 UTC with milliseconds).
std::string iso(milliseconds offset) { return iso8601::format(at(offset)); }

/// A session token as better-auth makes them (generateId(32): [A-Za-z0-9]{32}), number `n`.
std::string better_auth_token(int n) {
  std::string token = "LG5qK92PG2JJYI0r4ZxdBH6nSlquz8oZ";  // captured from better-auth 1.7.25
  const std::string digits = std::to_string(n);
  token.replace(token.size() - digits.size(), digits.size(), digits);
  return token;
}

/// A SQLite file made by better-auth, and raw access to it.
struct SqliteSide {
  static constexpr const char* name = "sqlite";
  TempDbPath file;

  SqliteSide() { exec(kBetterAuthSqliteDdl); }
  void exec(const std::string& sql) const {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.path().c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string error = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    INFO(sql << ": " << error);
    REQUIRE(rc == SQLITE_OK);
  }
  /// The first column of the first row ("" for none or NULL).
  std::string scalar(const std::string& sql) const {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.path().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    const int prepared = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    INFO(sql << ": " << sqlite3_errmsg(db));
    std::string out;
    const bool ok = prepared == SQLITE_OK && sqlite3_step(st) != SQLITE_ERROR;
    if (ok && sqlite3_column_text(st, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    REQUIRE(ok);
    return out;
  }
  Result<std::shared_ptr<Store>> open() const {
    auto store = SqliteStore::open({.path = file.path(), .pool_size = 4});
    if (!store) return store.error();
    return std::shared_ptr<Store>(*store);
  }
};

/// A PostgreSQL schema made by better-auth (its own DDL, tests/vectors/data/better-auth), and
/// raw access to it.
struct PostgresSide {
  static constexpr const char* name = "postgres";
  PostgresSchema schema;

  PostgresSide() {
    std::ifstream in(testvec::vectors_dir() / "better-auth/postgres-schema.sql", std::ios::binary);
    REQUIRE(in.good());
    std::string ddl((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto at = ddl.find("public."); at != std::string::npos; at = ddl.find("public.", at)) {
      ddl.erase(at, std::string("public.").size());
    }
    exec(ddl);
  }
  void exec(const std::string& sql) const { (void)query(sql); }
  std::string scalar(const std::string& sql) const { return query(sql); }
  Result<std::shared_ptr<Store>> open() const {
    auto store = PostgresStore::open({.conninfo = schema.conninfo(), .pool_size = 4});
    if (!store) return store.error();
    return std::shared_ptr<Store>(*store);
  }

 private:
  std::string query(const std::string& sql) const {
    PGconn* conn = PQconnectdb(schema.conninfo().c_str());
    PGresult* result = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(result);
    std::string out;
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && !PQgetisnull(result, 0, 0)) {
      out = PQgetvalue(result, 0, 0);
    }
    const std::string message = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    INFO(sql << ": " << message);
    REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
    return out;
  }
};

template <class Side>
std::shared_ptr<Store> open_store(const Side& side) {
  auto store = side.open();
  if (!store) FAIL("open: " << store.error().detail());
  return *store;
}

/// Alice as better-auth stores her: a user and a credential with its scrypt hash.
template <class Side>
void add_better_auth_user(const Side& side) {
  const nlohmann::json vectors = load_better_auth_vectors();
  const std::string scrypt = vectors["password_hash"]["stored"];
  side.exec(std::string(R"(INSERT INTO "user" ("id", "name", "email", "emailVerified", "image",
              "createdAt", "updatedAt") VALUES (')") +
            kUserId + "', 'Alice', 'alice@example.com', true, NULL, '" +
            iso(-std::chrono::hours{48}) + "', '" + iso(-std::chrono::hours{48}) + "')");
  side.exec(std::string(R"(INSERT INTO "account" ("id", "accountId", "providerId", "userId",
              "password", "createdAt", "updatedAt") VALUES ('Qw8bYrLWdJvGkxD4nUe1sTfP0aZ9cHmN', ')") +
            kUserId + "', 'credential', '" + kUserId + "', '" + scrypt + "', '" +
            iso(-std::chrono::hours{48}) + "', '" + iso(-std::chrono::hours{48}) + "')");
}

/// A session as better-auth's sign-in writes it: the raw token, live for 7 days.
template <class Side>
void add_better_auth_session(const Side& side, const std::string& id, const std::string& token) {
  side.exec(R"(INSERT INTO "session" ("id", "expiresAt", "token", "createdAt", "updatedAt",
              "ipAddress", "userAgent", "userId") VALUES (')" +
            id + "', '" + iso(std::chrono::hours{24 * 7}) + "', '" + token + "', '" +
            iso(-std::chrono::hours{1}) + "', '" + iso(-std::chrono::hours{1}) +
            "', '', 'better-auth-browser/1.0', '" + kUserId + "')");
}

template <class Side>
std::string token_of(const Side& side, const std::string& session_id) {
  return side.scalar(R"(SELECT "token" FROM "session" WHERE "id" = ')" + session_id + "'");
}

AuthService make_service(const std::shared_ptr<Store>& store,
                         const std::shared_ptr<ManualClock>& clock) {
  auto options = base_options(store, std::make_shared<MockMailService>(),
                              std::make_shared<RecordingAuditSink>(), clock);
  auto secret = Secret::from_string(std::string(40, 'k'));
  REQUIRE(secret.has_value());
  options.jwt.key_secret = std::make_shared<const Secret>(std::move(*secret));
  auto service = AuthService::create(options);
  if (!service) FAIL("AuthService::create: " << service.error().detail());
  return std::move(*service);
}

std::vector<std::string> published_kids(const AuthService& service) {
  std::vector<std::string> out;
  for (const auto& key : service.jwks()["keys"]) out.push_back(key["kid"].get<std::string>());
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("better-auth migration: raw session tokens become their hashes exactly once",
                   "[store][postgres][better-auth]", SqliteSide, PostgresSide) {
  TestType side;
  add_better_auth_user(side);
  const std::string raw = better_auth_token(1);
  add_better_auth_session(side, "ba-s1", raw);
  // A row an authkit build before the migration wrote (its hash, no "tokenChecked" yet), and
  // one whose token has neither shape: both are left as they are.
  const std::string older_authkit_hash = digest::sha256_hex("an authkit token");
  add_better_auth_session(side, "ak-old", older_authkit_hash);
  add_better_auth_session(side, "odd", "legacy-token");
  (void)open_store(side);

  CHECK(token_of(side, "ba-s1") == digest::sha256_hex(raw));
  CHECK(token_of(side, "ak-old") == older_authkit_hash);
  CHECK(token_of(side, "odd") == "legacy-token");
  CHECK(side.scalar(R"(SELECT count(*) FROM "session" WHERE NOT "tokenChecked")") == "0");

  // Opened again: nothing is hashed a second time.
  (void)open_store(side);
  CHECK(token_of(side, "ba-s1") == digest::sha256_hex(raw));
  CHECK(token_of(side, "ak-old") == older_authkit_hash);

  // better-auth ran on the database again and signed someone in: the next open takes that
  // session over too, and still leaves the others alone.
  const std::string later = better_auth_token(2);
  add_better_auth_session(side, "ba-s2", later);
  (void)open_store(side);
  CHECK(token_of(side, "ba-s2") == digest::sha256_hex(later));
  CHECK(token_of(side, "ba-s1") == digest::sha256_hex(raw));
  CHECK(side.scalar(R"(SELECT count(*) FROM "session" WHERE "token" = ')" + raw + "'") == "0");
}

TEMPLATE_TEST_CASE("better-auth migration: an old session token resolves through get_session",
                   "[store][postgres][better-auth]", SqliteSide, PostgresSide) {
  TestType side;
  add_better_auth_user(side);
  const std::string raw = better_auth_token(1);
  add_better_auth_session(side, "ba-s1", raw);
  add_better_auth_session(side, "ba-s2", better_auth_token(2));
  auto clock = clock_at();
  std::string authkit_token;
  {
    auto store = open_store(side);
    auto service = make_service(store, clock);
    auto view = service.get_session(raw);
    REQUIRE(view.has_value());
    REQUIRE(view->has_value());
    CHECK((*view)->session.id == "ba-s1");
    CHECK((*view)->user.id == kUserId);
    CHECK((*view)->user.email == "alice@example.com");
    // Both of Alice's better-auth sessions are listed (live, no raw tokens in them), and a
    // token that is not hers does not resolve.
    auto listed = service.list_sessions(raw);
    REQUIRE(listed.has_value());
    CHECK(listed->size() == 2);
    auto unknown = service.get_session(better_auth_token(9));
    REQUIRE(unknown.has_value());
    CHECK_FALSE(unknown->has_value());
    // The old password signs in (better-auth's scrypt hash, upgraded to Argon2id).
    const std::string password = load_better_auth_vectors()["password_hash"]["password"];
    auto signed_in = service.sign_in({.email = "alice@example.com", .password = password});
    REQUIRE(signed_in.has_value());
    authkit_token = signed_in->session.token;
  }
  CHECK(side.scalar(R"(SELECT "password" FROM "account")").rfind("$argon2id$", 0) == 0);
  // After a restart both kinds of session still resolve: authkit's own is not hashed again.
  auto service = make_service(open_store(side), clock);
  for (const std::string& token : {raw, authkit_token}) {
    auto view = service.get_session(token);
    REQUIRE(view.has_value());
    CHECK(view->has_value());
  }
}

TEMPLATE_TEST_CASE("better-auth migration: plain-text one-time tokens are deleted",
                   "[store][postgres][better-auth]", SqliteSide, PostgresSide) {
  TestType side;
  add_better_auth_user(side);
  const auto row = [&](const std::string& id, const std::string& identifier,
                       const std::string& value) {
    side.exec(R"(INSERT INTO "verification" ("id", "identifier", "value", "expiresAt",
                "createdAt", "updatedAt") VALUES (')" +
              id + "', '" + identifier + "', '" + value + "', '" + iso(std::chrono::hours{1}) +
              "', '" + iso(milliseconds{0}) + "', '" + iso(milliseconds{0}) + "')");
  };
  // better-auth's: a reset link's raw 24-character token, and a plugin's one-time code.
  row("ba-reset", "reset-password:AbCdEfGhIjKlMnOpQrStUvWx", kUserId);
  row("ba-otp", "sign-in-otp-alice@example.com", "492817:0");
  // authkit's: "<purpose>:" + hex(SHA-256(token)).
  row("ak-reset", "reset-password:" + digest::sha256_hex("a reset token"), kUserId);
  row("ak-device", "sign-in-device:" + digest::sha256_hex("a device token"), kUserId);
  row("ak-custom", "host-purpose:" + digest::sha256_hex("a host's token"), kUserId);
  auto store = open_store(side);

  CHECK(side.scalar(R"(SELECT count(*) FROM "verification")") == "3");
  CHECK(side.scalar(R"(SELECT count(*) FROM "verification" WHERE "id" LIKE 'ba-%')") == "0");
  // authkit's rows still work.
  auto found = store->find_verification(verification_purpose::reset_password,
                                        digest::sha256_hex("a reset token"));
  REQUIRE(found.has_value());
  CHECK(found->has_value());
}

TEMPLATE_TEST_CASE(
    "better-auth migration: authkit's signing keys leave jwks and better-auth's stay published",
    "[store][postgres][better-auth]", SqliteSide, PostgresSide) {
  TestType side;
  add_better_auth_user(side);
  // better-auth's key, as its jwt plugin stores it (captured from 1.7.25), made a day ago.
  const nlohmann::json vectors = load_better_auth_vectors();
  const nlohmann::json ba_jwk = vectors["jwt_eddsa"]["jwks"]["keys"][0];
  const std::string ba_kid = ba_jwk["kid"];
  const nlohmann::json ba_public = {{"crv", ba_jwk["crv"]}, {"x", ba_jwk["x"]}, {"kty", "OKP"}};
  const std::string ba_private = vectors["jwks_row_encrypted_private_key"];
  side.exec(R"(INSERT INTO "jwks" ("id", "publicKey", "privateKey", "createdAt", "alg", "crv")
              VALUES (')" +
            ba_kid + "', '" + ba_public.dump() + "', '" + ba_private + "', '" +
            iso(-std::chrono::hours{24}) + "', 'EdDSA', 'Ed25519')");
  auto clock = clock_at();
  std::string authkit_kid;
  {
    auto service = make_service(open_store(side), clock);
    const auto kids = published_kids(service);
    REQUIRE(kids.size() == 2);
    authkit_kid = kids[0];
    CHECK(kids[1] == ba_kid);
  }
  // authkit's key went to its own table; better-auth's jwks holds only better-auth's row.
  const std::string only_better_auth = R"(SELECT count(*) FROM "jwks" WHERE "id" = ')" + ba_kid +
                                       R"(' AND "privateKey" = ')" + ba_private + "'";
  CHECK(side.scalar(R"(SELECT count(*) FROM "jwks")") == "1");
  CHECK(side.scalar(only_better_auth) == "1");
  CHECK(side.scalar(R"(SELECT "id" FROM "authkit_signing_keys")") == authkit_kid);

  // A database an authkit build before this table wrote: its sealed key in "jwks", where it
  // is the newest row and better-auth's /token fails on it. The next open moves it out.
  side.exec(R"(INSERT INTO "jwks" ("id", "publicKey", "privateKey", "createdAt", "alg")
              SELECT "id", "publicKey", "privateKey", "createdAt", "alg"
              FROM "authkit_signing_keys")");
  side.exec(R"(DELETE FROM "authkit_signing_keys")");
  {
    auto service = make_service(open_store(side), clock);
    // The same key signs (it was moved, not replaced), and better-auth's is still published.
    CHECK(published_kids(service) == std::vector<std::string>{authkit_kid, ba_kid});
  }
  CHECK(side.scalar(R"(SELECT count(*) FROM "jwks")") == "1");
  CHECK(side.scalar(only_better_auth) == "1");
  CHECK(side.scalar(R"(SELECT count(*) FROM "authkit_signing_keys")") == "1");

  // Once better-auth's last tokens (signed before authkit's key existed) have expired, its key
  // is no longer published: jwt_expires_in (15 min) plus 5 min of clock skew.
  clock->advance(std::chrono::minutes{21});
  auto later = make_service(open_store(side), clock);
  CHECK(published_kids(later) == std::vector<std::string>{authkit_kid});
  CHECK(side.scalar(R"(SELECT count(*) FROM "jwks")") == "1");
}

TEMPLATE_TEST_CASE("better-auth migration: 4 instances opening at once hash each token once",
                   "[store][postgres][better-auth]", SqliteSide, PostgresSide) {
  TestType side;
  add_better_auth_user(side);
  constexpr int kSessions = 20;
  for (int i = 0; i < kSessions; ++i) {
    add_better_auth_session(side, "ba-" + std::to_string(i), better_auth_token(100 + i));
  }
  constexpr int kInstances = 4;
  std::vector<Outcome> outcomes(kInstances, Outcome{Errc::storage_failure});
  std::vector<std::string> details(kInstances);
  std::vector<std::shared_ptr<Store>> stores(kInstances);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      auto store = side.open();
      const auto at_index = static_cast<std::size_t>(i);
      outcomes[at_index] = code_of(store);
      if (store) {
        stores[at_index] = *store;
      } else {
        details[at_index] = store.error().detail();
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  for (int i = 0; i < kInstances; ++i) {
    INFO(details[static_cast<std::size_t>(i)]);
    CHECK(outcomes[static_cast<std::size_t>(i)] == kOk);
  }
  for (int i = 0; i < kSessions; ++i) {
    INFO("session " << i);
    CHECK(token_of(side, "ba-" + std::to_string(i)) ==
          digest::sha256_hex(better_auth_token(100 + i)));
  }
}

}  // namespace authkit::test
