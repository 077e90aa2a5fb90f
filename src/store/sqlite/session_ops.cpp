// SqliteStore: sessions. The "token" column holds hex(SHA-256(token)), never the token.
#include "store/sqlite/impl.hpp"
#include "store/sqlite/rows.hpp"

namespace authkit {

namespace {

using sqlite::Connection;
using sqlite::Constraint;

// "tokenChecked" = 1: the token is already authkit's hash (see adopt.cpp).
constexpr const char* kInsertSession =
    R"sql(INSERT INTO "session" ()sql" AUTHKIT_SESSION_COLUMNS
    R"sql(,"tokenChecked") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1))sql";
constexpr const char* kSelectSessionByToken =
    "SELECT " AUTHKIT_SESSION_COLUMNS R"sql( FROM "session" WHERE "token" = ?1)sql";
// The session check's one statement: the session and its user. The session columns come
// first, so read_user() starts at column 9.
constexpr const char* kSelectSessionWithUser =
    R"sql(SELECT s."id",s."userId",s."token",s."expiresAt",s."createdAt",s."updatedAt",
      s."ipAddress",s."userAgent",s."rememberMe",
      u."id",u."name",u."email",u."emailVerified",u."image",u."createdAt",u."updatedAt",
      u."additionalFields"
      FROM "session" s JOIN "user" u ON u."id" = s."userId" WHERE s."token" = ?1)sql";
constexpr int kJoinedUserColumn = 9;
constexpr const char* kUpdateSessionExpiry =
    R"sql(UPDATE "session" SET "expiresAt" = ?2, "updatedAt" = ?3 WHERE "id" = ?1)sql";
// Times are fixed-width ISO-8601 text, so text comparison is time comparison; a row written
// with integer epoch milliseconds (by another adapter) is compared with the same instant in
// milliseconds instead (in SQLite every integer sorts before every text).
constexpr const char* kListSessions = "SELECT " AUTHKIT_SESSION_COLUMNS
                                      R"sql( FROM "session" WHERE "userId" = ?1
      AND CASE typeof("expiresAt") WHEN 'integer' THEN "expiresAt" > ?3 ELSE "expiresAt" > ?2 END
      ORDER BY "createdAt" DESC, "id" DESC)sql";
constexpr const char* kDeleteSession =
    R"sql(DELETE FROM "session" WHERE "id" = ?1 AND "userId" = ?2)sql";
// One statement, so no session of the user survives a concurrent reset. With no keep_id,
// ?2 is NULL and "id" IS NOT NULL holds for every row.
constexpr const char* kDeleteSessions =
    R"sql(DELETE FROM "session" WHERE "userId" = ?1 AND "id" IS NOT ?2)sql";
constexpr const char* kDeleteExpiredSessions =
    R"sql(DELETE FROM "session" WHERE CASE typeof("expiresAt") WHEN 'integer'
      THEN "expiresAt" <= ?2 ELSE "expiresAt" <= ?1 END)sql";

}  // namespace

Result<void> SqliteStore::create_session(const Session& session) {
  return impl_->with_connection([&](Connection& c) -> Result<void> {
    auto st = c.prepare(kInsertSession);
    if (!st) return st.error();
    st->bind(1, std::string_view(session.id))
        .bind(2, std::string_view(session.user_id))
        .bind(3, std::string_view(session.token_hash))
        .bind_time(4, session.expires_at)
        .bind_time(5, session.created_at)
        .bind_time(6, session.updated_at)
        .bind(7, std::string_view(session.ip_address))
        .bind(8, std::string_view(session.user_agent))
        .bind(9, session.remember_me);
    auto r = st->run();
    if (r) return r;
    if (st->constraint() == Constraint::unique) {
      return Error(Errc::invalid_argument, {}, "session id or token hash already exists");
    }
    if (st->constraint() == Constraint::foreign_key) return Error(Errc::user_not_found);
    return r;
  });
}

Result<std::optional<Session>> SqliteStore::find_session(std::string_view token_hash) {
  return impl_->with_connection([&](Connection& c) -> Result<std::optional<Session>> {
    auto st = c.prepare(kSelectSessionByToken);
    if (!st) return st.error();
    st->bind(1, token_hash);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Session>{};
    auto session = sqlite::read_session(*st);
    if (!session) return session.error();
    return std::optional<Session>{std::move(*session)};
  });
}

Result<std::optional<SessionWithUser>> SqliteStore::find_session_with_user(
    std::string_view token_hash, UserStore& users) {
  if (&users != static_cast<UserStore*>(this)) {
    return SessionStore::find_session_with_user(token_hash, users);
  }
  return impl_->with_connection([&](Connection& c) -> Result<std::optional<SessionWithUser>> {
    auto st = c.prepare(kSelectSessionWithUser);
    if (!st) return st.error();
    st->bind(1, token_hash);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<SessionWithUser>{};
    auto session = sqlite::read_session(*st);
    if (!session) return session.error();
    auto user = sqlite::read_user(*st, kJoinedUserColumn);
    if (!user) return user.error();
    return std::optional<SessionWithUser>(
        SessionWithUser{.session = std::move(*session), .user = std::move(*user)});
  });
}

Result<bool> SqliteStore::update_session_expiry(std::string_view id,
                                                std::chrono::system_clock::time_point expires_at,
                                                std::chrono::system_clock::time_point updated_at) {
  return impl_->with_connection([&](Connection& c) -> Result<bool> {
    auto st = c.prepare(kUpdateSessionExpiry);
    if (!st) return st.error();
    st->bind(1, id).bind_time(2, expires_at).bind_time(3, updated_at);
    if (auto r = st->run(); !r) return r.error();
    return st->changes() == 1;
  });
}

Result<std::vector<Session>> SqliteStore::list_sessions(std::string_view user_id,
                                                        std::chrono::system_clock::time_point now) {
  return impl_->with_connection([&](Connection& c) -> Result<std::vector<Session>> {
    auto st = c.prepare(kListSessions);
    if (!st) return st.error();
    st->bind(1, user_id).bind_time(2, now).bind(3, sqlite::to_epoch_ms(now));
    std::vector<Session> out;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return out;
      auto session = sqlite::read_session(*st);
      if (!session) return session.error();
      out.push_back(std::move(*session));
    }
  });
}

Result<bool> SqliteStore::delete_session(std::string_view id, std::string_view user_id) {
  return impl_->with_connection([&](Connection& c) -> Result<bool> {
    auto st = c.prepare(kDeleteSession);
    if (!st) return st.error();
    st->bind(1, id).bind(2, user_id);
    if (auto r = st->run(); !r) return r.error();
    return st->changes() == 1;
  });
}

Result<std::size_t> SqliteStore::delete_sessions(std::string_view user_id,
                                                 std::optional<std::string_view> keep_id) {
  return impl_->with_connection([&](Connection& c) -> Result<std::size_t> {
    auto st = c.prepare(kDeleteSessions);
    if (!st) return st.error();
    st->bind(1, user_id).bind(2, keep_id);
    if (auto r = st->run(); !r) return r.error();
    return st->changes();
  });
}

Result<std::size_t> SqliteStore::delete_expired_sessions(
    std::chrono::system_clock::time_point now) {
  return impl_->with_connection([&](Connection& c) -> Result<std::size_t> {
    auto st = c.prepare(kDeleteExpiredSessions);
    if (!st) return st.error();
    st->bind_time(1, now).bind(2, sqlite::to_epoch_ms(now));
    if (auto r = st->run(); !r) return r.error();
    return st->changes();
  });
}

}  // namespace authkit
