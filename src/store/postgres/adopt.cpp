// PostgreSQL: adopt_better_auth_rows(), the pass every open runs over the rows better-auth
// wrote. The rules are SQLite's (sqlite/adopt.cpp); only the SQL differs.
#include <string>
#include <utility>
#include <vector>

#include "crypto/digest.hpp"
#include "password/secret_buffer.hpp"
#include "store/better_auth_rows.hpp"
#include "store/postgres/schema.hpp"

namespace authkit::pg {

namespace {

// $1 is store_detail::kSealedKeyPrefix.
#define AUTHKIT_SEALED_IN_JWKS R"sql(left("privateKey", length($1::text)) = $1::text)sql"
// Not "<purpose>:" + hex(SHA-256(token)), authkit's form: better-auth's plain-text rows
// ("reset-password:<raw 24-character token>", its plugins' OTPs and links), which authkit
// refuses as tokens anyway, so they could only leak, never serve.
#define AUTHKIT_NOT_AUTHKIT_VERIFICATION R"sql("identifier" !~ ':[0-9a-f]{64}$')sql"

constexpr const char* kAnythingToAdopt =
    R"sql(SELECT EXISTS (SELECT 1 FROM "jwks" WHERE )sql" AUTHKIT_SEALED_IN_JWKS R"sql()
      OR EXISTS (SELECT 1 FROM "session" WHERE NOT "tokenChecked")
      OR EXISTS (SELECT 1 FROM "verification" WHERE )sql" AUTHKIT_NOT_AUTHKIT_VERIFICATION ")";
// An authkit build before schema version 2 kept its sealed keys in "jwks"; the newest row
// there is what better-auth's /token signs with, and it cannot parse authkit's.
constexpr const char* kMoveSealedKeys =
    R"sql(WITH moved AS (DELETE FROM "jwks" WHERE )sql" AUTHKIT_SEALED_IN_JWKS R"sql(
      RETURNING "id", "alg", "publicKey", "privateKey", "createdAt")
      INSERT INTO ")sql" AUTHKIT_SIGNING_KEY_TABLE
    R"sql(" ("id", "alg", "publicKey", "privateKey", "createdAt")
      SELECT "id", coalesce("alg", ''), "publicKey", "privateKey", "createdAt" FROM moved
      ON CONFLICT ("id") DO NOTHING)sql";
constexpr const char* kUncheckedSessions =
    R"sql(SELECT "id", "token" FROM "session" WHERE NOT "tokenChecked")sql";
// NOT "tokenChecked" again in the WHERE: a row is rewritten at most once, whoever gets there.
constexpr const char* kCheckSession =
    R"sql(UPDATE "session" SET "token" = $2, "tokenChecked" = true
      WHERE "id" = $1 AND NOT "tokenChecked")sql";
constexpr const char* kDeleteForeignVerifications =
    R"sql(DELETE FROM "verification" WHERE )sql" AUTHKIT_NOT_AUTHKIT_VERIFICATION;

#undef AUTHKIT_SEALED_IN_JWKS
#undef AUTHKIT_NOT_AUTHKIT_VERIFICATION

Params sealed_prefix() {
  Params p;
  p.text(store_detail::kSealedKeyPrefix);
  return p;
}

Result<bool> anything_to_adopt(Connection& c) {
  auto rows = c.exec("look for better-auth rows", kAnythingToAdopt, sealed_prefix());
  if (!rows) return rows.error();
  return !rows->empty() && rows->row(0).boolean(0);
}

/// Hashes better-auth's tokens (as the service hashes a token it looks up) and marks every
/// unchecked row checked; a token of another shape (authkit's hash, written by an older build)
/// stays as it is.
Result<void> hash_session_tokens(Connection& c) {
  std::vector<std::pair<std::string, std::string>> unchecked;  // id, token
  {
    auto rows = c.exec("read better-auth sessions", kUncheckedSessions);
    if (!rows) return rows.error();
    unchecked.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
      unchecked.emplace_back(rows->row(i).text(0), rows->row(i).text(1));
    }
  }
  Result<void> result;
  for (auto& [id, token] : unchecked) {
    if (result) {
      Params p;
      p.text(id).text(store_detail::is_better_auth_session_token(token) ? digest::sha256_hex(token)
                                                                        : token);
      if (auto r = c.exec("hash a better-auth session token", kCheckSession, p); !r) {
        result = r.error();
      }
    }
    password::wipe(token);  // a live credential until now
  }
  return result;
}

Result<void> adopt_locked(Connection& c) {
  if (auto r = lock_for_migration(c); !r) return r;
  if (auto r = c.exec("move sealed signing keys", kMoveSealedKeys, sealed_prefix()); !r) {
    return r.error();
  }
  if (auto r = hash_session_tokens(c); !r) return r;
  if (auto r = c.exec("delete better-auth one-time tokens", kDeleteForeignVerifications); !r) {
    return r.error();
  }
  return {};
}

}  // namespace

Result<void> adopt_better_auth_rows(Connection& connection) {
  auto needed = anything_to_adopt(connection);
  if (!needed) return needed.error();
  if (!*needed) return {};
  if (auto r = connection.begin(); !r) return r;
  if (auto r = adopt_locked(connection); !r) {
    connection.rollback();
    return r;
  }
  return connection.commit();
}

}  // namespace authkit::pg
