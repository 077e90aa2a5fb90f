// PostgresStore: sessions. The "token" column holds hex(SHA-256(token)), never the token.
#include "store/postgres/impl.hpp"
#include "store/postgres/rows.hpp"

namespace authkit {

namespace {

using pg::Connection;
using pg::Constraint;
using pg::Params;
using pg::Query;

// "tokenChecked" = true: the token is already authkit's hash (see adopt.cpp).
constexpr Query kInsertSession{"insert session",
                               R"sql(INSERT INTO "session" ()sql" AUTHKIT_SESSION_COLUMNS R"sql(,
      "tokenChecked") VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6::timestamptz,
      $7, $8, $9::boolean, true))sql",
                               true};
constexpr Query kSelectSessionByToken{
    "find session", "SELECT " AUTHKIT_SESSION_COLUMNS R"sql( FROM "session" WHERE "token" = $1)sql",
    false};
// The session check's one statement: the session and its user. The session columns come
// first, so read_user() starts at column 9.
constexpr Query kSelectSessionWithUser{
    "find session",
    R"sql(SELECT s."id", s."userId", s."token", s."expiresAt", s."createdAt", s."updatedAt",
      s."ipAddress", s."userAgent", s."rememberMe",
      u."id", u."name", u."email", u."emailVerified", u."image", u."createdAt", u."updatedAt",
      u."additionalFields"
      FROM "session" s JOIN "user" u ON u."id" = s."userId" WHERE s."token" = $1)sql",
    false};
constexpr int kJoinedUserColumn = 9;
constexpr Query kUpdateSessionExpiry{
    "update session",
    R"sql(UPDATE "session" SET "expiresAt" = $2::timestamptz, "updatedAt" = $3::timestamptz
      WHERE "id" = $1)sql",
    true};
// Ties in "createdAt" go to the larger id, compared byte by byte (COLLATE "C") as every store
// compares them, whatever the database's collation.
constexpr Query kListSessions{"list sessions",
                              "SELECT " AUTHKIT_SESSION_COLUMNS R"sql( FROM "session"
      WHERE "userId" = $1 AND "expiresAt" > $2::timestamptz
      ORDER BY "createdAt" DESC, "id" COLLATE "C" DESC)sql",
                              false};
constexpr Query kDeleteSession{
    "delete session", R"sql(DELETE FROM "session" WHERE "id" = $1 AND "userId" = $2)sql", true};
// One statement, so no session of the user survives a concurrent reset. With no keep_id, $2
// is NULL, from which every id is distinct.
constexpr Query kDeleteSessions{
    "delete sessions",
    R"sql(DELETE FROM "session" WHERE "userId" = $1 AND "id" IS DISTINCT FROM $2::text)sql", true};
constexpr Query kDeleteExpiredSessions{
    "delete expired sessions",
    R"sql(DELETE FROM "session" WHERE "expiresAt" <= $1::timestamptz)sql", true};

Result<std::optional<Session>> one_session(const pg::Rows& rows) {
  if (rows.empty()) return std::optional<Session>{};
  auto session = pg::read_session(rows.row(0));
  if (!session) return session.error();
  return std::optional<Session>{std::move(*session)};
}

}  // namespace

Result<void> PostgresStore::create_session(const Session& session) {
  Params p;
  p.text(session.id)
      .text(session.user_id)
      .text(session.token_hash)
      .time(session.expires_at)
      .time(session.created_at)
      .time(session.updated_at)
      .text(session.ip_address)
      .text(session.user_agent)
      .boolean(session.remember_me);
  return impl_->statements([&](Connection& c) -> Result<void> {
    auto r = c.run(kInsertSession, p);
    if (r) return {};
    if (c.constraint() == Constraint::unique) {
      return Error(Errc::invalid_argument, {}, "session id or token hash already exists");
    }
    if (c.constraint() == Constraint::foreign_key) return Error(Errc::user_not_found);
    return r.error();
  });
}

Result<std::optional<Session>> PostgresStore::find_session(std::string_view token_hash) {
  return impl_->statements([&](Connection& c) -> Result<std::optional<Session>> {
    auto rows = c.run(kSelectSessionByToken, Params().text(token_hash));
    if (!rows) return rows.error();
    return one_session(*rows);
  });
}

Result<std::optional<SessionWithUser>> PostgresStore::find_session_with_user(
    std::string_view token_hash, UserStore& users) {
  if (&users != static_cast<UserStore*>(this)) {
    return SessionStore::find_session_with_user(token_hash, users);
  }
  return impl_->statements([&](Connection& c) -> Result<std::optional<SessionWithUser>> {
    auto rows = c.run(kSelectSessionWithUser, Params().text(token_hash));
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<SessionWithUser>{};
    auto session = pg::read_session(rows->row(0));
    if (!session) return session.error();
    auto user = pg::read_user(rows->row(0), kJoinedUserColumn);
    if (!user) return user.error();
    return std::optional<SessionWithUser>(
        SessionWithUser{.session = std::move(*session), .user = std::move(*user)});
  });
}

Result<bool> PostgresStore::update_session_expiry(
    std::string_view id, std::chrono::system_clock::time_point expires_at,
    std::chrono::system_clock::time_point updated_at) {
  Params p;
  p.text(id).time(expires_at).time(updated_at);
  return impl_->changed_one(kUpdateSessionExpiry, p);
}

Result<std::vector<Session>> PostgresStore::list_sessions(
    std::string_view user_id, std::chrono::system_clock::time_point now) {
  Params p;
  p.text(user_id).time(now);
  return impl_->statements([&](Connection& c) -> Result<std::vector<Session>> {
    auto rows = c.run(kListSessions, p);
    if (!rows) return rows.error();
    std::vector<Session> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
      auto session = pg::read_session(rows->row(i));
      if (!session) return session.error();
      out.push_back(std::move(*session));
    }
    return out;
  });
}

Result<bool> PostgresStore::delete_session(std::string_view id, std::string_view user_id) {
  Params p;
  p.text(id).text(user_id);
  return impl_->changed_one(kDeleteSession, p);
}

Result<std::size_t> PostgresStore::delete_sessions(std::string_view user_id,
                                                   std::optional<std::string_view> keep_id) {
  Params p;
  p.text(user_id).text(keep_id);
  return impl_->changed_rows(kDeleteSessions, p);
}

Result<std::size_t> PostgresStore::delete_expired_sessions(
    std::chrono::system_clock::time_point now) {
  Params p;
  p.time(now);
  return impl_->changed_rows(kDeleteExpiredSessions, p);
}

}  // namespace authkit
