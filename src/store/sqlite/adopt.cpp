// SQLite: adopt_better_auth_rows(), the pass every open runs over the rows better-auth wrote.
#include <string>
#include <utility>
#include <vector>

#include "crypto/digest.hpp"
#include "password/secret_buffer.hpp"
#include "store/better_auth_rows.hpp"
#include "store/sqlite/schema.hpp"

namespace authkit::sqlite {

namespace {

// ?1 is store_detail::kSealedKeyPrefix.
#define AUTHKIT_SEALED_IN_JWKS R"sql(substr("privateKey", 1, length(?1)) = ?1)sql"
// A one-time token of authkit's: "<purpose>:" + hex(SHA-256(token)). better-auth's rows are
// "reset-password:<raw 24-character token>" and its plugins' own (OTPs, magic links...), in
// plain text; authkit refuses those tokens (they are not its 43-character ones), so the rows
// could only leak, never serve.
#define AUTHKIT_NOT_AUTHKIT_VERIFICATION                                            \
  R"sql(NOT (length("identifier") > 65 AND substr("identifier", -65, 1) = ':' )sql" \
  R"sql(AND substr("identifier", -64) NOT GLOB '*[^0-9a-f]*'))sql"

constexpr const char* kAnythingToAdopt =
    R"sql(SELECT EXISTS (SELECT 1 FROM "jwks" WHERE )sql" AUTHKIT_SEALED_IN_JWKS R"sql()
      OR EXISTS (SELECT 1 FROM "session" WHERE "tokenChecked" = 0)
      OR EXISTS (SELECT 1 FROM "verification" WHERE )sql" AUTHKIT_NOT_AUTHKIT_VERIFICATION ")";
// An authkit build before schema version 3 kept its sealed keys in "jwks"; the newest row
// there is what better-auth's /token signs with, and it cannot parse authkit's.
constexpr const char* kCopySealedKeys =
    R"sql(INSERT OR IGNORE INTO ")sql" AUTHKIT_SIGNING_KEY_TABLE
    R"sql(" ("id", "alg", "publicKey", "privateKey", "createdAt")
      SELECT "id", coalesce("alg", ''), "publicKey", "privateKey", "createdAt" FROM "jwks"
      WHERE )sql" AUTHKIT_SEALED_IN_JWKS;
constexpr const char* kDeleteSealedKeys =
    R"sql(DELETE FROM "jwks" WHERE )sql" AUTHKIT_SEALED_IN_JWKS;
constexpr const char* kUncheckedSessions =
    R"sql(SELECT "id", "token" FROM "session" WHERE "tokenChecked" = 0)sql";
// "tokenChecked" = 0 again in the WHERE: a row is rewritten at most once, whoever gets there.
constexpr const char* kCheckSession =
    R"sql(UPDATE "session" SET "token" = ?2, "tokenChecked" = 1
      WHERE "id" = ?1 AND "tokenChecked" = 0)sql";
constexpr const char* kDeleteForeignVerifications =
    R"sql(DELETE FROM "verification" WHERE )sql" AUTHKIT_NOT_AUTHKIT_VERIFICATION;

#undef AUTHKIT_SEALED_IN_JWKS
#undef AUTHKIT_NOT_AUTHKIT_VERIFICATION

Result<bool> anything_to_adopt(Connection& c) {
  auto st = c.prepare(kAnythingToAdopt);
  if (!st) return st.error();
  st->bind(1, store_detail::kSealedKeyPrefix);
  auto row = st->step();
  if (!row) return row.error();
  return *row && st->boolean(0);
}

Result<void> move_sealed_keys(Connection& c) {
  for (const char* sql : {kCopySealedKeys, kDeleteSealedKeys}) {
    auto st = c.prepare(sql);
    if (!st) return st.error();
    st->bind(1, store_detail::kSealedKeyPrefix);
    if (auto r = st->run(); !r) return r;
  }
  return {};
}

/// Hashes better-auth's tokens (as the service hashes a token it looks up) and marks every
/// unchecked row checked; a token of another shape (authkit's hash, written by an older build
/// or another process) stays as it is.
Result<void> hash_session_tokens(Connection& c) {
  std::vector<std::pair<std::string, std::string>> unchecked;  // id, token
  {
    auto st = c.prepare(kUncheckedSessions);
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      unchecked.emplace_back(st->text(0), st->text(1));
    }
  }
  Result<void> result;
  for (auto& [id, token] : unchecked) {
    if (result) {
      const std::string stored =
          store_detail::is_better_auth_session_token(token) ? digest::sha256_hex(token) : token;
      auto st = c.prepare(kCheckSession);
      if (!st) {
        result = st.error();
      } else {
        st->bind(1, std::string_view(id)).bind(2, std::string_view(stored));
        result = st->run();
      }
    }
    password::wipe(token);  // a live credential until now
  }
  return result;
}

Result<void> delete_foreign_verifications(Connection& c) {
  auto st = c.prepare(kDeleteForeignVerifications);
  if (!st) return st.error();
  return st->run();
}

}  // namespace

Result<void> adopt_better_auth_rows(Connection& connection) {
  auto needed = anything_to_adopt(connection);
  if (!needed) return needed.error();
  if (!*needed) return {};
  auto tx = Transaction::begin(connection);
  if (!tx) return tx.error();
  if (auto r = move_sealed_keys(connection); !r) return r;
  if (auto r = hash_session_tokens(connection); !r) return r;
  if (auto r = delete_foreign_verifications(connection); !r) return r;
  return tx->commit();
}

}  // namespace authkit::sqlite
