// PostgresStore: users ("user") and password credentials ("account" rows with providerId
// 'credential' and accountId = userId, as better-auth writes them).
#include "store/postgres/impl.hpp"
#include "store/postgres/rows.hpp"

namespace authkit {

namespace {

using pg::Connection;
using pg::Constraint;
using pg::Params;
using pg::Query;

constexpr Query kInsertUser{"insert user",
                            R"sql(INSERT INTO "user" ()sql" AUTHKIT_USER_COLUMNS R"sql()
      VALUES ($1, $2, $3, $4::boolean, $5, $6::timestamptz, $7::timestamptz, $8))sql",
                            true};
// The user and its credential in one statement, so both or neither are stored. The account's
// foreign key is checked at the end of the statement, when the user row exists.
constexpr Query kInsertUserWithCredential{
    "insert user", R"sql(WITH "created" AS (INSERT INTO "user" ()sql" AUTHKIT_USER_COLUMNS R"sql()
        VALUES ($1, $2, $3, $4::boolean, $5, $6::timestamptz, $7::timestamptz, $8)
        RETURNING "id")
      INSERT INTO "account" ("id", "accountId", "providerId", "userId", "password",
        "createdAt", "updatedAt")
      SELECT $9::text, "id", 'credential', "id", $10::text, $11::timestamptz, $12::timestamptz
      FROM "created"
      ON CONFLICT ("providerId", "accountId") DO UPDATE SET "password" = excluded."password",
        "createdAt" = excluded."createdAt", "updatedAt" = excluded."updatedAt")sql",
    true};
constexpr Query kSelectUserById{
    "find user", "SELECT " AUTHKIT_USER_COLUMNS R"sql( FROM "user" WHERE "id" = $1)sql", false};
constexpr Query kSelectUserByEmail{
    "find user", "SELECT " AUTHKIT_USER_COLUMNS R"sql( FROM "user" WHERE "email" = $1)sql", false};
constexpr Query kUpdateUser{
    "update user",
    R"sql(UPDATE "user" SET "email" = $2, "name" = $3, "emailVerified" = $4::boolean,
      "image" = $5, "updatedAt" = $6::timestamptz, "additionalFields" = $7 WHERE "id" = $1)sql",
    true};
// Sessions and credentials cascade through their foreign keys; verification rows carry the
// user id in "value" without a foreign key (better-auth's schema), so they go explicitly, in
// the same statement.
constexpr Query kDeleteUser{"delete user",
                            R"sql(WITH "tokens" AS (DELETE FROM "verification" WHERE "value" = $1)
      DELETE FROM "user" WHERE "id" = $1)sql",
                            true};
constexpr Query kSelectCredential{
    "find credential",
    "SELECT " AUTHKIT_CREDENTIAL_COLUMNS
    R"sql( FROM "account" WHERE "providerId" = 'credential' AND "accountId" = $1
      AND "password" IS NOT NULL)sql",
    false};
// Inserts or replaces; the conflict target is the unique (providerId, accountId) index.
constexpr Query kUpsertCredential{
    "set credential",
    R"sql(INSERT INTO "account" ("id", "accountId", "providerId", "userId", "password",
      "createdAt", "updatedAt") VALUES ($1, $2, 'credential', $2, $3, $4::timestamptz,
      $5::timestamptz)
      ON CONFLICT ("providerId", "accountId") DO UPDATE SET "password" = excluded."password",
      "createdAt" = excluded."createdAt", "updatedAt" = excluded."updatedAt")sql",
    true};
// Compare-and-swap in one statement: the WHERE clause carries the expected hash.
constexpr Query kReplaceCredentialIf{
    "replace credential",
    R"sql(UPDATE "account" SET "password" = $2, "createdAt" = $3::timestamptz,
      "updatedAt" = $4::timestamptz
      WHERE "providerId" = 'credential' AND "accountId" = $1 AND "password" = $5)sql",
    true};

// The id of the credential row authkit creates, as SqliteStore makes it: better-auth's ids
// are 32 alphanumerics, so the ':' keeps it from colliding with theirs.
std::string credential_row_id(std::string_view user_id) {
  return "credential:" + std::string(user_id);
}

Params& user_params(Params& p, const User& user) {
  return p.text(user.id)
      .text(user.name)
      .text(user.email)
      .boolean(user.email_verified)
      .text(user.image)
      .time(user.created_at)
      .time(user.updated_at)
      .text(store_detail::encode_fields(user.fields));
}

Result<std::optional<User>> select_user(Connection& c, const Query& query, std::string_view key) {
  auto rows = c.run(query, Params().text(key));
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<User>{};
  auto user = pg::read_user(rows->row(0));
  if (!user) return user.error();
  return std::optional<User>{std::move(*user)};
}

}  // namespace

Result<void> PostgresStore::create_user(const User& user,
                                        const std::optional<Credential>& credential) {
  if (credential && credential->user_id != user.id) {
    return Error(Errc::invalid_argument, {}, "credential.user_id differs from user.id");
  }
  Params p;
  user_params(p, user);
  if (credential) {
    p.text(credential_row_id(user.id))
        .text(credential->password_hash)
        .time(credential->created_at)
        .time(credential->updated_at);
  }
  return impl_->statements([&](Connection& c) -> Result<void> {
    auto r = c.run(credential ? kInsertUserWithCredential : kInsertUser, p);
    if (r) return {};
    // The primary key or the unique email: either way the account exists.
    if (c.constraint() == Constraint::unique) return Error(Errc::user_already_exists);
    return r.error();
  });
}

Result<std::optional<User>> PostgresStore::find_user_by_id(std::string_view id) {
  return impl_->statements([&](Connection& c) { return select_user(c, kSelectUserById, id); });
}

Result<std::optional<User>> PostgresStore::find_user_by_email(std::string_view email) {
  return impl_->statements(
      [&](Connection& c) { return select_user(c, kSelectUserByEmail, email); });
}

Result<void> PostgresStore::update_user(const User& user) {
  Params p;
  p.text(user.id)
      .text(user.email)
      .text(user.name)
      .boolean(user.email_verified)
      .text(user.image)
      .time(user.updated_at)
      .text(store_detail::encode_fields(user.fields));
  return impl_->statements([&](Connection& c) -> Result<void> {
    auto r = c.run(kUpdateUser, p);
    if (!r) {
      if (c.constraint() == Constraint::unique) return Error(Errc::user_already_exists);
      return r.error();
    }
    if (r->affected() == 0) return Error(Errc::user_not_found);
    return {};
  });
}

Result<bool> PostgresStore::delete_user(std::string_view id) {
  Params p;
  p.text(id);
  return impl_->changed_one(kDeleteUser, p);
}

Result<std::optional<Credential>> PostgresStore::find_credential(std::string_view user_id) {
  return impl_->statements([&](Connection& c) -> Result<std::optional<Credential>> {
    auto rows = c.run(kSelectCredential, Params().text(user_id));
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<Credential>{};
    auto credential = pg::read_credential(rows->row(0));
    if (!credential) return credential.error();
    return std::optional<Credential>{std::move(*credential)};
  });
}

Result<void> PostgresStore::set_credential(const Credential& credential) {
  Params p;
  p.text(credential_row_id(credential.user_id))
      .text(credential.user_id)
      .text(credential.password_hash)
      .time(credential.created_at)
      .time(credential.updated_at);
  return impl_->statements([&](Connection& c) -> Result<void> {
    auto r = c.run(kUpsertCredential, p);
    if (r) return {};
    if (c.constraint() == Constraint::foreign_key) return Error(Errc::user_not_found);
    return r.error();
  });
}

Result<bool> PostgresStore::replace_credential_if(const Credential& credential,
                                                  std::string_view expected_hash) {
  Params p;
  p.text(credential.user_id)
      .text(credential.password_hash)
      .time(credential.created_at)
      .time(credential.updated_at)
      .text(expected_hash);
  return impl_->changed_one(kReplaceCredentialIf, p);
}

}  // namespace authkit
