#include "store/postgres/schema.hpp"

#include <array>
#include <string>

#include "store/better_auth_rows.hpp"

namespace authkit::pg {

namespace {

// Version 1: better-auth's PostgreSQL schema (1.x, as its own migrations create it: camelCase
// quoted columns, timestamptz, the same constraint and index names) plus authkit's additions,
// marked. CREATE TABLE IF NOT EXISTS leaves a better-auth database's tables as they are, and
// ADD COLUMN IF NOT EXISTS then adds authkit's columns to them.
constexpr std::array kCreateV1 = {
    R"sql(CREATE TABLE IF NOT EXISTS "user" ("id" text NOT NULL PRIMARY KEY,
      "name" text NOT NULL, "email" text NOT NULL UNIQUE, "emailVerified" boolean NOT NULL,
      "image" text, "createdAt" timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL,
      "updatedAt" timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL))sql",
    R"sql(CREATE TABLE IF NOT EXISTS "session" ("id" text NOT NULL PRIMARY KEY,
      "expiresAt" timestamptz NOT NULL, "token" text NOT NULL UNIQUE,
      "createdAt" timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL,
      "updatedAt" timestamptz NOT NULL, "ipAddress" text, "userAgent" text,
      "userId" text NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE))sql",
    R"sql(CREATE TABLE IF NOT EXISTS "account" ("id" text NOT NULL PRIMARY KEY,
      "accountId" text NOT NULL, "providerId" text NOT NULL,
      "userId" text NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE, "accessToken" text,
      "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz,
      "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text,
      "createdAt" timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL,
      "updatedAt" timestamptz NOT NULL))sql",
    // better-auth has no unique constraint on "identifier"; create_verification() enforces
    // uniqueness under an advisory lock instead, the same way on both kinds of database.
    R"sql(CREATE TABLE IF NOT EXISTS "verification" ("id" text NOT NULL PRIMARY KEY,
      "identifier" text NOT NULL, "value" text NOT NULL, "expiresAt" timestamptz NOT NULL,
      "createdAt" timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL,
      "updatedAt" timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL))sql",
    // better-auth's jwt-plugin table; "id" is the kid. authkit seals "privateKey" its own way
    // (see service/signing_keys.cpp).
    R"sql(CREATE TABLE IF NOT EXISTS "jwks" ("id" text NOT NULL PRIMARY KEY,
      "publicKey" text NOT NULL, "privateKey" text NOT NULL,
      "createdAt" timestamptz NOT NULL, "expiresAt" timestamptz))sql",
    // UNLOGGED: these are counters. Every rate-limited request writes "rateLimit", and an
    // unlogged table skips the WAL for it (several times faster under load, and no
    // replication traffic). The price is that a crash, or a failover to a replica, empties
    // them, which only resets rate limits and sign-in delays: their windows last seconds to an
    // hour. Such a reset is no more than an attacker gets by waiting. A "rateLimit" table that
    // better-auth already created (logged) is left as it is.
    R"sql(CREATE UNLOGGED TABLE IF NOT EXISTS "rateLimit" ("id" text NOT NULL PRIMARY KEY,
      "key" text NOT NULL UNIQUE, "count" integer NOT NULL,
      "lastRequest" bigint NOT NULL))sql",
    // authkit: per-account failure records of the sign-in throttle ("lastFailure" in epoch
    // milliseconds, like "lastRequest"); bigint counts, which saturate at 2^32 - 1.
    R"sql(CREATE UNLOGGED TABLE IF NOT EXISTS "signInFailure" ("key" text NOT NULL PRIMARY KEY,
      "count" bigint NOT NULL, "lastFailure" bigint NOT NULL))sql",
};

// authkit's columns, on authkit's tables and on better-auth's alike.
constexpr std::array kAddedColumnsV1 = {
    R"sql(ALTER TABLE "session" ADD COLUMN IF NOT EXISTS "rememberMe" boolean NOT NULL
      DEFAULT true)sql",
    R"sql(ALTER TABLE "verification" ADD COLUMN IF NOT EXISTS "email" text)sql",
    R"sql(ALTER TABLE "verification" ADD COLUMN IF NOT EXISTS "consumedAt" timestamptz)sql",
    // Older better-auth versions created "jwks" without them.
    R"sql(ALTER TABLE "jwks" ADD COLUMN IF NOT EXISTS "alg" text)sql",
    R"sql(ALTER TABLE "jwks" ADD COLUMN IF NOT EXISTS "crv" text)sql",
};

// Run after the columns exist.
constexpr std::array kIndexesV1 = {
    R"sql(CREATE INDEX IF NOT EXISTS "session_userId_idx" ON "session" ("userId"))sql",
    R"sql(CREATE INDEX IF NOT EXISTS "account_userId_idx" ON "account" ("userId"))sql",
    R"sql(CREATE INDEX IF NOT EXISTS "verification_identifier_idx"
      ON "verification" ("identifier"))sql",
    // authkit: one credential per user, and the conflict target of set_credential()'s upsert.
    R"sql(CREATE UNIQUE INDEX IF NOT EXISTS "account_providerId_accountId_uidx"
      ON "account" ("providerId", "accountId"))sql",
    // authkit: a user's tokens, for delete_user() and invalidate_verifications(), without
    // reading every device token of every user.
    R"sql(CREATE INDEX IF NOT EXISTS "verification_value_idx" ON "verification" ("value"))sql",
};

Result<void> run_all(Connection& c, const char* what, const auto& statements) {
  for (const char* sql : statements) {
    if (auto r = c.exec(what, sql); !r) return r.error();
  }
  return {};
}

Result<void> migrate_to_v1(Connection& c) {
  if (auto r = run_all(c, "create tables", kCreateV1); !r) return r;
  if (auto r = run_all(c, "add columns", kAddedColumnsV1); !r) return r;
  return run_all(c, "create indexes", kIndexesV1);
}

// Version 2: the tables of a better-auth migration (docs/migrating-from-better-auth.md).
// authkit's sealed signing keys get a table of their own, and "session" a "tokenChecked" flag:
// false (the default, so every row better-auth inserts) until adopt_better_auth_rows() has
// looked at the row's token. The partial index keeps that look at each open to the rows not
// yet seen. The rows themselves are moved and rewritten by adopt_better_auth_rows(), at every
// open, not here.
constexpr std::array kCreateV2 = {
    R"sql(CREATE TABLE IF NOT EXISTS ")sql" AUTHKIT_SIGNING_KEY_TABLE
    R"sql(" ("id" text NOT NULL PRIMARY KEY, "alg" text NOT NULL, "publicKey" text NOT NULL,
      "privateKey" text NOT NULL, "createdAt" timestamptz NOT NULL))sql",
    // A constant default: no table rewrite, however many sessions there are.
    R"sql(ALTER TABLE "session" ADD COLUMN IF NOT EXISTS "tokenChecked" boolean NOT NULL
      DEFAULT false)sql",
    R"sql(CREATE INDEX IF NOT EXISTS "session_tokenUnchecked_idx" ON "session" ("id")
      WHERE NOT "tokenChecked")sql",
};

Result<void> migrate_to_v2(Connection& c) { return run_all(c, "better-auth tables", kCreateV2); }

// Version 3: extra user fields (AuthServiceOptions::user_fields), all in one JSON object text
// column, so declaring, changing or dropping a field never needs DDL and no SQL is ever built
// from a field name. text, not jsonb: both stores then hold the same bytes. A constant default
// adds the column without rewriting the table; rows better-auth inserts read as no fields.
constexpr std::array kAddedColumnsV3 = {
    R"sql(ALTER TABLE "user" ADD COLUMN IF NOT EXISTS "additionalFields" text NOT NULL
      DEFAULT '{}')sql",
};

Result<void> migrate_to_v3(Connection& c) { return run_all(c, "user fields", kAddedColumnsV3); }

using Migration = Result<void> (*)(Connection&);
// kMigrations[i] takes the schema from version i to i + 1.
constexpr std::array<Migration, kSchemaVersion> kMigrations = {&migrate_to_v1, &migrate_to_v2,
                                                               &migrate_to_v3};

// Arbitrary, fixed for every authkit build ("authkit" + 01): the key of the lock under which
// migrations run. Advisory locks are per database, so instances using different schemas of
// one database take turns, which costs nothing.
constexpr const char* kLockForMigration = "SELECT pg_advisory_xact_lock(7022364148458698753)";

}  // namespace

Result<void> lock_for_migration(Connection& c) {
  // DDL on a large better-auth table (the unique index on "account") may outlast the per-call
  // statement timeout, and the lock waits for another instance's migration to finish.
  if (auto r = c.exec("migrate", "SELECT set_config('statement_timeout', '0', true)"); !r) {
    return r.error();
  }
  if (auto r = c.exec("migrate", kLockForMigration); !r) return r.error();
  return {};
}

namespace {

Result<int> recorded_version(Connection& c) {
  auto exists =
      c.exec("read schema version", "SELECT to_regclass('authkit_schema_migrations') IS NOT NULL");
  if (!exists) return exists.error();
  if (exists->empty() || !exists->row(0).boolean(0)) return 0;
  auto version = c.exec("read schema version",
                        "SELECT coalesce(max(\"version\"), 0) FROM authkit_schema_migrations");
  if (!version) return version.error();
  return version->empty() ? 0 : static_cast<int>(version->row(0).integer(0));
}

Error too_new(int version) {
  return Error(Errc::storage_failure, {},
               "database schema version " + std::to_string(version) +
                   " is newer than this build supports (" + std::to_string(kSchemaVersion) + ")");
}

Result<void> migrate_locked(Connection& c) {
  if (auto r = lock_for_migration(c); !r) return r;
  if (auto r = c.exec("migrate", R"sql(CREATE TABLE IF NOT EXISTS authkit_schema_migrations (
        "version" integer NOT NULL PRIMARY KEY,
        "applied_at" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP))sql");
      !r) {
    return r.error();
  }
  // Read again under the lock: another instance may have migrated meanwhile.
  auto version = recorded_version(c);
  if (!version) return version.error();
  if (*version > kSchemaVersion) return too_new(*version);
  for (int target = *version + 1; target <= kSchemaVersion; ++target) {
    if (auto r = kMigrations[static_cast<std::size_t>(target - 1)](c); !r) return r;
    Params recorded;
    recorded.integer(target);
    // clock_timestamp(), not the column's default (the transaction's start): each step is
    // recorded at the time it finished, so the steps of one run stay distinguishable.
    auto r = c.exec("record migration",
                    "INSERT INTO authkit_schema_migrations (\"version\", \"applied_at\") "
                    "VALUES ($1::bigint, clock_timestamp())",
                    recorded);
    if (!r) return r.error();
  }
  return {};
}

}  // namespace

Result<void> migrate(Connection& connection) {
  auto version = recorded_version(connection);
  if (!version) return version.error();
  if (*version > kSchemaVersion) return too_new(*version);
  if (*version == kSchemaVersion) return {};
  if (auto r = connection.begin(); !r) return r;
  if (auto r = migrate_locked(connection); !r) {
    connection.rollback();
    return r;
  }
  return connection.commit();
}

}  // namespace authkit::pg
