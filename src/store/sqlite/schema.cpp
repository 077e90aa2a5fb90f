#include "store/sqlite/schema.hpp"

#include <array>
#include <string>

#include "store/better_auth_rows.hpp"

namespace authkit::sqlite {

namespace {

// Version 1. The CREATE TABLE statements are better-auth's DDL (1.x, SQLite) with authkit's
// columns appended; IF NOT EXISTS leaves a better-auth database's tables as they are, and
// add_missing_column() then adds authkit's columns to them.
constexpr std::array kCreateV1 = {
    R"sql(CREATE TABLE IF NOT EXISTS "user" ("id" text not null primary key,
      "name" text not null, "email" text not null unique, "emailVerified" integer not null,
      "image" text, "createdAt" date not null, "updatedAt" date not null))sql",
    R"sql(CREATE TABLE IF NOT EXISTS "session" ("id" text not null primary key,
      "expiresAt" date not null, "token" text not null unique, "createdAt" date not null,
      "updatedAt" date not null, "ipAddress" text, "userAgent" text,
      "userId" text not null references "user" ("id") on delete cascade,
      "rememberMe" integer not null default 1))sql",
    R"sql(CREATE TABLE IF NOT EXISTS "account" ("id" text not null primary key,
      "accountId" text not null, "providerId" text not null,
      "userId" text not null references "user" ("id") on delete cascade, "accessToken" text,
      "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date,
      "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null,
      "updatedAt" date not null))sql",
    R"sql(CREATE TABLE IF NOT EXISTS "verification" ("id" text not null primary key,
      "identifier" text not null unique, "value" text not null, "expiresAt" date not null,
      "createdAt" date not null, "updatedAt" date not null, "email" text,
      "consumedAt" date))sql",
    R"sql(CREATE TABLE IF NOT EXISTS "rateLimit" ("id" text not null primary key,
      "key" text not null unique, "count" integer not null, "lastRequest" bigint not null))sql",
    R"sql(CREATE TABLE IF NOT EXISTS "signInFailure" ("key" text not null primary key,
      "count" integer not null, "lastFailure" bigint not null))sql",
};

// Run after the columns exist.
constexpr std::array kIndexesV1 = {
    R"sql(CREATE INDEX IF NOT EXISTS "session_userId_idx" ON "session" ("userId"))sql",
    R"sql(CREATE INDEX IF NOT EXISTS "account_userId_idx" ON "account" ("userId"))sql",
    R"sql(CREATE INDEX IF NOT EXISTS "verification_identifier_idx"
      ON "verification" ("identifier"))sql",
    // One credential per user, and the conflict target of set_credential()'s upsert.
    R"sql(CREATE UNIQUE INDEX IF NOT EXISTS "account_providerId_accountId_uidx"
      ON "account" ("providerId", "accountId"))sql",
};

// authkit's columns on better-auth tables: (table_info pragma, column, ALTER TABLE).
struct AddedColumn {
  const char* table_info;
  const char* column;
  const char* alter;
};
constexpr std::array kAddedColumnsV1 = {
    AddedColumn{R"sql(PRAGMA table_info("session"))sql", "rememberMe",
                R"sql(ALTER TABLE "session" ADD COLUMN "rememberMe" integer not null
                  default 1)sql"},
    AddedColumn{R"sql(PRAGMA table_info("verification"))sql", "email",
                R"sql(ALTER TABLE "verification" ADD COLUMN "email" text)sql"},
    AddedColumn{R"sql(PRAGMA table_info("verification"))sql", "consumedAt",
                R"sql(ALTER TABLE "verification" ADD COLUMN "consumedAt" date)sql"},
};

Result<bool> has_column(Connection& c, const char* table_info, std::string_view column) {
  auto st = c.prepare(table_info);
  if (!st) return st.error();
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return false;
    if (st->text(1) == column) return true;  // table_info columns: cid, name, type, ...
  }
}

Result<void> migrate_to_v1(Connection& c) {
  for (const char* sql : kCreateV1) {
    if (auto r = c.exec(sql); !r) return r;
  }
  for (const AddedColumn& added : kAddedColumnsV1) {
    auto present = has_column(c, added.table_info, added.column);
    if (!present) return present.error();
    if (!*present) {
      if (auto r = c.exec(added.alter); !r) return r;
    }
  }
  for (const char* sql : kIndexesV1) {
    if (auto r = c.exec(sql); !r) return r;
  }
  return {};
}

// Version 2: the JWT signing keys, in better-auth's jwt-plugin table. authkit sealed the
// "privateKey" column its own way (see service/signing_keys.cpp), which better-auth cannot
// read: since version 3 authkit's keys are in a table of their own.
Result<void> migrate_to_v2(Connection& c) {
  return c.exec(R"sql(CREATE TABLE IF NOT EXISTS "jwks" ("id" text not null primary key,
    "publicKey" text not null, "privateKey" text not null, "createdAt" date not null,
    "expiresAt" date, "alg" text, "crv" text))sql");
}

// Version 3: the tables of a better-auth migration (docs/migrating-from-better-auth.md).
// authkit's sealed signing keys get a table of their own, and "session" a "tokenChecked" flag:
// 0 (the default, so every row better-auth inserts) until adopt() has looked at the row's
// token. The partial index keeps that look at each open to the rows not yet seen. The rows
// themselves are moved and rewritten by adopt(), at every open, not here.
Result<void> migrate_to_v3(Connection& c) {
  if (auto r = c.exec(R"sql(CREATE TABLE IF NOT EXISTS ")sql" AUTHKIT_SIGNING_KEY_TABLE
                      R"sql(" ("id" text not null primary key, "alg" text not null,
        "publicKey" text not null, "privateKey" text not null, "createdAt" date not null))sql");
      !r) {
    return r;
  }
  auto present = has_column(c, R"sql(PRAGMA table_info("session"))sql", "tokenChecked");
  if (!present) return present.error();
  if (!*present) {
    if (auto r = c.exec(R"sql(ALTER TABLE "session" ADD COLUMN "tokenChecked" integer not null
          default 0)sql");
        !r) {
      return r;
    }
  }
  return c.exec(R"sql(CREATE INDEX IF NOT EXISTS "session_tokenUnchecked_idx"
    ON "session" ("id") WHERE "tokenChecked" = 0)sql");
}

// Version 4: extra user fields (AuthServiceOptions::user_fields), all in one JSON object text
// column, so declaring, changing or dropping a field never needs DDL and no SQL is ever built
// from a field name. A constant default: rows better-auth inserts read as no fields.
Result<void> migrate_to_v4(Connection& c) {
  auto present = has_column(c, R"sql(PRAGMA table_info("user"))sql", "additionalFields");
  if (!present) return present.error();
  if (*present) return {};
  return c.exec(
      R"sql(ALTER TABLE "user" ADD COLUMN "additionalFields" text not null default '{}')sql");
}

using Migration = Result<void> (*)(Connection&);
// kMigrations[i] takes the schema from version i to i + 1.
constexpr std::array<Migration, kSchemaVersion> kMigrations = {&migrate_to_v1, &migrate_to_v2,
                                                               &migrate_to_v3, &migrate_to_v4};

// PRAGMA user_version cannot take a bound parameter, so each target version has its literal.
constexpr std::array<const char*, kSchemaVersion> kSetVersion = {
    "PRAGMA user_version=1", "PRAGMA user_version=2", "PRAGMA user_version=3",
    "PRAGMA user_version=4"};

Result<int> user_version(Connection& c) {
  auto st = c.prepare("PRAGMA user_version");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return *row ? static_cast<int>(st->integer(0)) : 0;
}

}  // namespace

Result<void> migrate(Connection& connection) {
  for (int target = 1; target <= kSchemaVersion; ++target) {
    auto tx = Transaction::begin(connection);
    if (!tx) return tx.error();
    auto version = user_version(connection);
    if (!version) return version.error();
    if (*version > kSchemaVersion) {
      return Error(Errc::storage_failure, {},
                   "database schema version " + std::to_string(*version) +
                       " is newer than this build supports (" + std::to_string(kSchemaVersion) +
                       ")");
    }
    if (*version >= target) continue;  // the transaction rolls back: nothing was written
    const auto index = static_cast<std::size_t>(target - 1);
    if (auto r = kMigrations[index](connection); !r) return r;
    if (auto r = connection.exec(kSetVersion[index]); !r) return r;
    if (auto r = tx->commit(); !r) return r;
  }
  return {};
}

}  // namespace authkit::sqlite
