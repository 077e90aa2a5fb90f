// SqliteStore: one-time tokens in better-auth's "verification" table: identifier =
// "<purpose>:<token_hash>", value = the user id, plus authkit's "email" and "consumedAt".
#include "store/sqlite/impl.hpp"
#include "store/sqlite/rows.hpp"

namespace authkit {

namespace {

using sqlite::Connection;
using sqlite::Constraint;

// A better-auth database's "verification" has no unique constraint on "identifier", so
// create_verification() checks inside its write transaction instead of relying on one.
constexpr const char* kVerificationExists =
    R"sql(SELECT 1 FROM "verification" WHERE "id" = ?1 OR "identifier" = ?2)sql";
constexpr const char* kInsertVerification =
    R"sql(INSERT INTO "verification" ("id", "identifier", "value", "email", "expiresAt",
      "createdAt", "updatedAt", "consumedAt") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7))sql";
// Times compare as in session_ops.cpp (ISO text, or epoch ms for integer rows).
// The compare-and-set of the contract: only an unspent, unexpired row changes, and only one
// concurrent caller can change it.
constexpr const char* kConsume =
    R"sql(UPDATE "verification" SET "consumedAt" = ?2, "updatedAt" = ?2
      WHERE "identifier" = ?1 AND "consumedAt" IS NULL
      AND CASE typeof("expiresAt") WHEN 'integer' THEN "expiresAt" > ?3 ELSE "expiresAt" > ?2 END
      RETURNING )sql" AUTHKIT_VERIFICATION_COLUMNS;
constexpr const char* kSelectByIdentifier =
    "SELECT " AUTHKIT_VERIFICATION_COLUMNS R"sql( FROM "verification" WHERE "identifier" = ?1)sql";
constexpr const char* kSelectUnspent =
    "SELECT " AUTHKIT_VERIFICATION_COLUMNS
    R"sql( FROM "verification" WHERE "identifier" = ?1 AND "consumedAt" IS NULL)sql";
// Identifiers of `purpose` are exactly those in ["<purpose>:", "<purpose>;") (';' follows ':'),
// a range the identifier index serves without LIKE and its escaping.
constexpr const char* kInvalidate =
    R"sql(UPDATE "verification" SET "consumedAt" = ?4, "updatedAt" = ?4
      WHERE "value" = ?1 AND "identifier" >= ?2 AND "identifier" < ?3
      AND "consumedAt" IS NULL)sql";
constexpr const char* kDeleteStale =
    R"sql(DELETE FROM "verification" WHERE CASE typeof("expiresAt") WHEN 'integer'
      THEN "expiresAt" < ?2 ELSE "expiresAt" < ?1 END OR "consumedAt" < ?1)sql";

Result<std::optional<Verification>> read_one(sqlite::Statement& st) {
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Verification>{};
  auto v = sqlite::read_verification(st);
  if (!v) return v.error();
  // Finish the statement so an UPDATE ... RETURNING is complete before the result is used.
  if (auto r = st.run(); !r) return r.error();
  return std::optional<Verification>{std::move(*v)};
}

}  // namespace

Result<void> SqliteStore::create_verification(const Verification& verification) {
  const std::string identifier =
      sqlite::verification_identifier(verification.purpose, verification.token_hash);
  return impl_->with_connection([&](Connection& c) -> Result<void> {
    auto tx = sqlite::Transaction::begin(c);
    if (!tx) return tx.error();
    {
      auto exists = c.prepare(kVerificationExists);
      if (!exists) return exists.error();
      exists->bind(1, std::string_view(verification.id)).bind(2, std::string_view(identifier));
      auto row = exists->step();
      if (!row) return row.error();
      if (*row) {
        return Error(Errc::invalid_argument, {}, "verification id or token hash already exists");
      }
    }
    {
      auto st = c.prepare(kInsertVerification);
      if (!st) return st.error();
      st->bind(1, std::string_view(verification.id))
          .bind(2, std::string_view(identifier))
          .bind(3, std::string_view(verification.user_id))
          .bind(4, std::string_view(verification.email))
          .bind_time(5, verification.expires_at)
          .bind_time(6, verification.created_at);
      if (verification.consumed_at) {
        st->bind_time(7, *verification.consumed_at);
      } else {
        st->bind_null(7);
      }
      if (auto r = st->run(); !r) {
        if (st->constraint() == Constraint::unique) {
          return Error(Errc::invalid_argument, {}, "verification id or token hash already exists");
        }
        return r;
      }
    }
    return tx->commit();
  });
}

Result<std::optional<Verification>> SqliteStore::find_verification(std::string_view purpose,
                                                                   std::string_view token_hash) {
  const std::string identifier = sqlite::verification_identifier(purpose, token_hash);
  return impl_->with_connection([&](Connection& c) -> Result<std::optional<Verification>> {
    auto st = c.prepare(kSelectByIdentifier);
    if (!st) return st.error();
    st->bind(1, std::string_view(identifier));
    return read_one(*st);
  });
}

Result<ConsumeResult> SqliteStore::consume_verification(std::string_view purpose,
                                                        std::string_view token_hash,
                                                        std::chrono::system_clock::time_point now) {
  const std::string identifier = sqlite::verification_identifier(purpose, token_hash);
  return impl_->with_connection([&](Connection& c) -> Result<ConsumeResult> {
    {
      auto st = c.prepare(kConsume);
      if (!st) return st.error();
      st->bind(1, std::string_view(identifier)).bind_time(2, now).bind(3, sqlite::to_epoch_ms(now));
      auto consumed = read_one(*st);
      if (!consumed) return consumed.error();
      if (*consumed) return ConsumeResult{ConsumeStatus::consumed, std::move(*consumed)};
    }
    // Not changed: an unspent row left over must have expired (it stays unspent);
    // otherwise the token is unknown, spent or revoked.
    auto st = c.prepare(kSelectUnspent);
    if (!st) return st.error();
    st->bind(1, std::string_view(identifier));
    auto unspent = read_one(*st);
    if (!unspent) return unspent.error();
    if (*unspent) return ConsumeResult{ConsumeStatus::expired, std::move(*unspent)};
    return ConsumeResult{};
  });
}

Result<std::size_t> SqliteStore::invalidate_verifications(
    std::string_view user_id, std::string_view purpose, std::chrono::system_clock::time_point now) {
  const std::string low = std::string(purpose) + ":";
  const std::string high = std::string(purpose) + ";";
  return impl_->with_connection([&](Connection& c) -> Result<std::size_t> {
    auto st = c.prepare(kInvalidate);
    if (!st) return st.error();
    st->bind(1, user_id)
        .bind(2, std::string_view(low))
        .bind(3, std::string_view(high))
        .bind_time(4, now);
    if (auto r = st->run(); !r) return r.error();
    return st->changes();
  });
}

Result<std::size_t> SqliteStore::delete_stale_verifications(
    std::chrono::system_clock::time_point before) {
  return impl_->with_connection([&](Connection& c) -> Result<std::size_t> {
    auto st = c.prepare(kDeleteStale);
    if (!st) return st.error();
    st->bind_time(1, before).bind(2, sqlite::to_epoch_ms(before));
    if (auto r = st->run(); !r) return r.error();
    return st->changes();
  });
}

}  // namespace authkit
