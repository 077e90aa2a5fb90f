// SqliteStore: users ("user") and password credentials ("account" rows with providerId
// 'credential' and accountId = userId, as better-auth writes them).
#include "store/sqlite/impl.hpp"
#include "store/sqlite/rows.hpp"

namespace authkit {

namespace {

using sqlite::Connection;
using sqlite::Constraint;

constexpr const char* kInsertUser = R"sql(INSERT INTO "user" ()sql" AUTHKIT_USER_COLUMNS
                                    R"sql() VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql";
constexpr const char* kSelectUserById =
    "SELECT " AUTHKIT_USER_COLUMNS R"sql( FROM "user" WHERE "id" = ?1)sql";
constexpr const char* kSelectUserByEmail =
    "SELECT " AUTHKIT_USER_COLUMNS R"sql( FROM "user" WHERE "email" = ?1)sql";
constexpr const char* kUpdateUser =
    R"sql(UPDATE "user" SET "email" = ?2, "name" = ?3, "emailVerified" = ?4, "image" = ?5,
      "updatedAt" = ?6, "additionalFields" = ?7 WHERE "id" = ?1)sql";
// Sessions and credentials cascade through their foreign keys; verification rows carry the
// user id in "value" without a foreign key (better-auth's schema), so they go explicitly.
constexpr const char* kDeleteUserVerifications =
    R"sql(DELETE FROM "verification" WHERE "value" = ?1)sql";
constexpr const char* kDeleteUser = R"sql(DELETE FROM "user" WHERE "id" = ?1)sql";
constexpr const char* kSelectCredential =
    "SELECT " AUTHKIT_CREDENTIAL_COLUMNS
    R"sql( FROM "account" WHERE "providerId" = 'credential' AND "accountId" = ?1
      AND "password" IS NOT NULL)sql";
// Inserts or replaces; the conflict target is the unique (providerId, accountId) index.
constexpr const char* kUpsertCredential =
    R"sql(INSERT INTO "account" ("id", "accountId", "providerId", "userId", "password",
      "createdAt", "updatedAt") VALUES (?1, ?2, 'credential', ?2, ?3, ?4, ?5)
      ON CONFLICT ("providerId", "accountId") DO UPDATE SET "password" = excluded."password",
      "createdAt" = excluded."createdAt", "updatedAt" = excluded."updatedAt")sql";
// Compare-and-swap in one statement: the WHERE clause carries the expected hash.
constexpr const char* kReplaceCredentialIf =
    R"sql(UPDATE "account" SET "password" = ?2, "createdAt" = ?3, "updatedAt" = ?4
      WHERE "providerId" = 'credential' AND "accountId" = ?1 AND "password" = ?5)sql";

// The id of the credential row authkit creates. better-auth's ids are 32 alphanumerics, so the
// ':' keeps this one from ever colliding with theirs; being derived, it needs no randomness
// (whose failure would be a CRYPTO_FAILURE outside the store's contract).
std::string credential_row_id(std::string_view user_id) {
  return "credential:" + std::string(user_id);
}

// Writes `credential` (insert or replace). Errors: USER_NOT_FOUND when the user is missing.
Result<void> upsert_credential(Connection& c, const Credential& credential) {
  const std::string id = credential_row_id(credential.user_id);
  auto st = c.prepare(kUpsertCredential);
  if (!st) return st.error();
  st->bind(1, std::string_view(id))
      .bind(2, std::string_view(credential.user_id))
      .bind(3, std::string_view(credential.password_hash))
      .bind_time(4, credential.created_at)
      .bind_time(5, credential.updated_at);
  auto r = st->run();
  if (!r && st->constraint() == Constraint::foreign_key) return Error(Errc::user_not_found);
  return r;
}

Result<std::optional<User>> select_user(Connection& c, const char* sql, std::string_view key) {
  auto st = c.prepare(sql);
  if (!st) return st.error();
  st->bind(1, key);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<User>{};
  auto user = sqlite::read_user(*st);
  if (!user) return user.error();
  return std::optional<User>{std::move(*user)};
}

}  // namespace

Result<void> SqliteStore::create_user(const User& user,
                                      const std::optional<Credential>& credential) {
  if (credential && credential->user_id != user.id) {
    return Error(Errc::invalid_argument, {}, "credential.user_id differs from user.id");
  }
  const std::string fields = store_detail::encode_fields(user.fields);
  return impl_->with_connection([&](Connection& c) -> Result<void> {
    auto tx = sqlite::Transaction::begin(c);
    if (!tx) return tx.error();
    {
      auto st = c.prepare(kInsertUser);
      if (!st) return st.error();
      st->bind(1, std::string_view(user.id))
          .bind(2, std::string_view(user.name))
          .bind(3, std::string_view(user.email))
          .bind(4, user.email_verified)
          .bind(5, user.image)
          .bind_time(6, user.created_at)
          .bind_time(7, user.updated_at)
          .bind(8, std::string_view(fields));
      if (auto r = st->run(); !r) {
        if (st->constraint() == Constraint::unique) return Error(Errc::user_already_exists);
        return r;
      }
    }
    if (credential) {
      if (auto r = upsert_credential(c, *credential); !r) return r;
    }
    return tx->commit();
  });
}

Result<std::optional<User>> SqliteStore::find_user_by_id(std::string_view id) {
  return impl_->with_connection([&](Connection& c) { return select_user(c, kSelectUserById, id); });
}

Result<std::optional<User>> SqliteStore::find_user_by_email(std::string_view email) {
  return impl_->with_connection(
      [&](Connection& c) { return select_user(c, kSelectUserByEmail, email); });
}

Result<void> SqliteStore::update_user(const User& user) {
  const std::string fields = store_detail::encode_fields(user.fields);
  return impl_->with_connection([&](Connection& c) -> Result<void> {
    auto st = c.prepare(kUpdateUser);
    if (!st) return st.error();
    st->bind(1, std::string_view(user.id))
        .bind(2, std::string_view(user.email))
        .bind(3, std::string_view(user.name))
        .bind(4, user.email_verified)
        .bind(5, user.image)
        .bind_time(6, user.updated_at)
        .bind(7, std::string_view(fields));
    if (auto r = st->run(); !r) {
      if (st->constraint() == Constraint::unique) return Error(Errc::user_already_exists);
      return r;
    }
    if (st->changes() == 0) return Error(Errc::user_not_found);
    return {};
  });
}

Result<bool> SqliteStore::delete_user(std::string_view id) {
  return impl_->with_connection([&](Connection& c) -> Result<bool> {
    auto tx = sqlite::Transaction::begin(c);
    if (!tx) return tx.error();
    {
      auto st = c.prepare(kDeleteUserVerifications);
      if (!st) return st.error();
      st->bind(1, id);
      if (auto r = st->run(); !r) return r.error();
    }
    bool deleted = false;
    {
      auto st = c.prepare(kDeleteUser);
      if (!st) return st.error();
      st->bind(1, id);
      if (auto r = st->run(); !r) return r.error();
      deleted = st->changes() == 1;
    }
    if (auto r = tx->commit(); !r) return r.error();
    return deleted;
  });
}

Result<std::optional<Credential>> SqliteStore::find_credential(std::string_view user_id) {
  return impl_->with_connection([&](Connection& c) -> Result<std::optional<Credential>> {
    auto st = c.prepare(kSelectCredential);
    if (!st) return st.error();
    st->bind(1, user_id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Credential>{};
    auto credential = sqlite::read_credential(*st);
    if (!credential) return credential.error();
    return std::optional<Credential>{std::move(*credential)};
  });
}

Result<void> SqliteStore::set_credential(const Credential& credential) {
  return impl_->with_connection([&](Connection& c) { return upsert_credential(c, credential); });
}

Result<bool> SqliteStore::replace_credential_if(const Credential& credential,
                                                std::string_view expected_hash) {
  return impl_->with_connection([&](Connection& c) -> Result<bool> {
    auto st = c.prepare(kReplaceCredentialIf);
    if (!st) return st.error();
    st->bind(1, std::string_view(credential.user_id))
        .bind(2, std::string_view(credential.password_hash))
        .bind_time(3, credential.created_at)
        .bind_time(4, credential.updated_at)
        .bind(5, expected_hash);
    if (auto r = st->run(); !r) return r.error();
    return st->changes() == 1;
  });
}

}  // namespace authkit
