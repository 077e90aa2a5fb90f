// Private: reading authkit records from result rows, and the verification identifier, shared by
// the SQL stores. SqliteStore and PostgresStore keep better-auth's tables, so both store the
// same columns under the same names, and read them in the same order (the *_COLUMNS lists
// below); only the row type differs (sqlite::Statement, pg::Row), and each has the accessors
// RecordRow names. Each read_* reads the columns of the matching *_COLUMNS list, starting at
// column `first` (for joined rows).
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/records.hpp>
#include <authkit/user.hpp>

#include "store/user_fields_json.hpp"

#include <chrono>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Column lists, spliced into SQL literals at compile time (never values). Quoted camelCase
// names, as better-auth creates them on both kinds of database.
// "additionalFields" (authkit's) holds User::fields as a JSON object text.
#define AUTHKIT_USER_COLUMNS                                                \
  R"("id","name","email","emailVerified","image","createdAt","updatedAt",)" \
  R"("additionalFields")"
#define AUTHKIT_SESSION_COLUMNS                                   \
  R"("id","userId","token","expiresAt","createdAt","updatedAt",)" \
  R"("ipAddress","userAgent","rememberMe")"
#define AUTHKIT_VERIFICATION_COLUMNS \
  R"("id","identifier","value","email","expiresAt","createdAt","consumedAt")"
#define AUTHKIT_CREDENTIAL_COLUMNS R"("userId","password","createdAt","updatedAt")"

namespace authkit::store_detail {

/// A result row as the SQL stores read it, by 0-based column. text() reads NULL as empty and
/// boolean() reads NULL as false; time() fails on NULL, optional_time() gives nullopt.
template <class R>
concept RecordRow = requires(const R& row, int column) {
  { row.is_null(column) } -> std::same_as<bool>;
  { row.text(column) } -> std::same_as<std::string>;
  { row.optional_text(column) } -> std::same_as<std::optional<std::string>>;
  { row.boolean(column) } -> std::same_as<bool>;
  { row.time(column) } -> std::same_as<Result<std::chrono::system_clock::time_point>>;
  {
    row.optional_time(column)
    } -> std::same_as<Result<std::optional<std::chrono::system_clock::time_point>>>;
};

template <RecordRow Row>
[[nodiscard]] Result<User> read_user(const Row& row, int first = 0) {
  User u;
  u.id = row.text(first);
  u.name = row.text(first + 1);
  u.email = row.text(first + 2);
  u.email_verified = row.boolean(first + 3);
  u.image = row.optional_text(first + 4);
  auto created = row.time(first + 5);
  if (!created) return created.error();
  auto updated = row.time(first + 6);
  if (!updated) return updated.error();
  u.created_at = *created;
  u.updated_at = *updated;
  u.fields = decode_fields(row.text(first + 7));
  return u;
}

/// `null_remember_me`: what a NULL "rememberMe" reads as. Both schemas declare the column NOT
/// NULL, so only one made outside authkit can hold a NULL; the backends read it differently
/// (see their rows.hpp).
template <RecordRow Row>
[[nodiscard]] Result<Session> read_session(const Row& row, int first, bool null_remember_me) {
  Session s;
  s.id = row.text(first);
  s.user_id = row.text(first + 1);
  s.token_hash = row.text(first + 2);
  auto expires = row.time(first + 3);
  if (!expires) return expires.error();
  auto created = row.time(first + 4);
  if (!created) return created.error();
  auto updated = row.time(first + 5);
  if (!updated) return updated.error();
  s.expires_at = *expires;
  s.created_at = *created;
  s.updated_at = *updated;
  s.ip_address = row.text(first + 6);  // NULL (better-auth's "unknown") reads as empty
  s.user_agent = row.text(first + 7);
  s.remember_me = row.is_null(first + 8) ? null_remember_me : row.boolean(first + 8);
  return s;
}

template <RecordRow Row>
[[nodiscard]] Result<Verification> read_verification(const Row& row, int first = 0) {
  Verification v;
  v.id = row.text(first);
  const std::string identifier = row.text(first + 1);
  // The token hash is hex, so the last ':' separates it from a purpose that may contain ':'.
  const std::size_t colon = identifier.rfind(':');
  if (colon == std::string::npos) {
    return Error(Errc::storage_failure, {}, "verification identifier without a purpose");
  }
  v.purpose = identifier.substr(0, colon);
  v.token_hash = identifier.substr(colon + 1);
  v.user_id = row.text(first + 2);
  v.email = row.text(first + 3);
  auto expires = row.time(first + 4);
  if (!expires) return expires.error();
  auto created = row.time(first + 5);
  if (!created) return created.error();
  auto consumed = row.optional_time(first + 6);
  if (!consumed) return consumed.error();
  v.expires_at = *expires;
  v.created_at = *created;
  v.consumed_at = *consumed;
  return v;
}

template <RecordRow Row>
[[nodiscard]] Result<Credential> read_credential(const Row& row, int first = 0) {
  Credential c;
  c.user_id = row.text(first);
  c.password_hash = row.text(first + 1);
  auto created = row.time(first + 2);
  if (!created) return created.error();
  auto updated = row.time(first + 3);
  if (!updated) return updated.error();
  c.created_at = *created;
  c.updated_at = *updated;
  return c;
}

/// better-auth's verification."identifier": "<purpose>:<token_hash>".
[[nodiscard]] inline std::string verification_identifier(std::string_view purpose,
                                                         std::string_view token_hash) {
  std::string out;
  out.reserve(purpose.size() + 1 + token_hash.size());
  out.append(purpose).append(":").append(token_hash);
  return out;
}

}  // namespace authkit::store_detail
