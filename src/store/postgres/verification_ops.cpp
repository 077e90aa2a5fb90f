// PostgresStore: one-time tokens in better-auth's "verification" table: identifier =
// "<purpose>:<token_hash>", value = the user id, plus authkit's "email" and "consumedAt".
#include "store/postgres/impl.hpp"
#include "store/postgres/rows.hpp"

namespace authkit {

namespace {

using pg::Connection;
using pg::Constraint;
using pg::Params;
using pg::Query;

// better-auth's "identifier" has no unique constraint, so concurrent creators of one
// identifier take turns on a transaction-level advisory lock keyed by its hash (the two-key
// form, whose first key, "akv1", keeps it apart from other users of advisory locks) and
// check before inserting.
constexpr Query kLockIdentifier{"lock verification identifier",
                                "SELECT pg_advisory_xact_lock(1634432561, hashtext($1))", false};
constexpr Query kInsertVerification{
    "insert verification",
    R"sql(INSERT INTO "verification" ("id", "identifier", "value", "email", "expiresAt",
        "createdAt", "updatedAt", "consumedAt")
      SELECT $1::text, $2::text, $3::text, $4::text, $5::timestamptz, $6::timestamptz,
        $6::timestamptz, $7::timestamptz
      WHERE NOT EXISTS (SELECT 1 FROM "verification"
        WHERE "id" = $1::text OR "identifier" = $2::text))sql",
    true};
constexpr Query kSelectByIdentifier{"find verification",
                                    "SELECT " AUTHKIT_VERIFICATION_COLUMNS
                                    R"sql( FROM "verification" WHERE "identifier" = $1 LIMIT 1)sql",
                                    false};
// The compare-and-set of the contract in one statement: only an unspent, unexpired row
// changes, and of concurrent callers only the first changes it (the others wait for its row
// lock, then find it spent). When nothing changed, the second branch tells an expired token
// (still unspent, "expiresAt" <= now) from an unknown or spent one; a row that a concurrent
// caller spent after this statement's snapshot still looks unexpired there, so it is never
// misreported as expired.
constexpr Query kConsume{"consume verification",
                         R"sql(WITH "spent" AS (
        UPDATE "verification" SET "consumedAt" = $2::timestamptz, "updatedAt" = $2::timestamptz
        WHERE "identifier" = $1 AND "consumedAt" IS NULL AND "expiresAt" > $2::timestamptz
        RETURNING )sql" AUTHKIT_VERIFICATION_COLUMNS R"sql()
      SELECT true, * FROM "spent"
      UNION ALL
      (SELECT false, )sql" AUTHKIT_VERIFICATION_COLUMNS R"sql( FROM "verification"
        WHERE "identifier" = $1 AND "consumedAt" IS NULL AND "expiresAt" <= $2::timestamptz
        AND NOT EXISTS (SELECT 1 FROM "spent") LIMIT 1))sql",
                         true};
constexpr Query kInvalidate{
    "invalidate verifications",
    R"sql(UPDATE "verification" SET "consumedAt" = $3::timestamptz, "updatedAt" = $3::timestamptz
      WHERE "value" = $1 AND starts_with("identifier", $2) AND "consumedAt" IS NULL)sql",
    true};
constexpr Query kDeleteStale{"delete stale verifications",
                             R"sql(DELETE FROM "verification"
      WHERE "expiresAt" < $1::timestamptz OR "consumedAt" < $1::timestamptz)sql",
                             true};

Error duplicate() {
  return Error(Errc::invalid_argument, {}, "verification id or token hash already exists");
}

Result<std::optional<Verification>> read_first(const pg::Rows& rows, int first = 0) {
  if (rows.empty()) return std::optional<Verification>{};
  auto v = pg::read_verification(rows.row(0), first);
  if (!v) return v.error();
  return std::optional<Verification>{std::move(*v)};
}

}  // namespace

Result<void> PostgresStore::create_verification(const Verification& verification) {
  const std::string identifier =
      pg::verification_identifier(verification.purpose, verification.token_hash);
  Params lock;
  lock.text(identifier);
  Params p;
  p.text(verification.id)
      .text(identifier)
      .text(verification.user_id)
      .text(verification.email)
      .time(verification.expires_at)
      .time(verification.created_at);
  if (verification.consumed_at) {
    p.time(*verification.consumed_at);
  } else {
    p.null();
  }
  return impl_->transaction([&](Connection& c) -> Result<void> {
    if (auto r = c.run(kLockIdentifier, lock); !r) return r.error();
    auto r = c.run(kInsertVerification, p);
    if (!r) {
      // The primary key, raced by a creator of another identifier with the same id.
      if (c.constraint() == Constraint::unique) return duplicate();
      return r.error();
    }
    if (r->affected() == 0) return duplicate();
    return {};
  });
}

Result<std::optional<Verification>> PostgresStore::find_verification(std::string_view purpose,
                                                                     std::string_view token_hash) {
  Params p;
  p.text(pg::verification_identifier(purpose, token_hash));
  return impl_->statements([&](Connection& c) -> Result<std::optional<Verification>> {
    auto rows = c.run(kSelectByIdentifier, p);
    if (!rows) return rows.error();
    return read_first(*rows);
  });
}

Result<ConsumeResult> PostgresStore::consume_verification(
    std::string_view purpose, std::string_view token_hash,
    std::chrono::system_clock::time_point now) {
  Params p;
  p.text(pg::verification_identifier(purpose, token_hash)).time(now);
  return impl_->statements([&](Connection& c) -> Result<ConsumeResult> {
    auto rows = c.run(kConsume, p);
    if (!rows) return rows.error();
    auto found = read_first(*rows, 1);
    if (!found) return found.error();
    if (!*found) return ConsumeResult{};
    const bool consumed = rows->row(0).boolean(0);
    return ConsumeResult{consumed ? ConsumeStatus::consumed : ConsumeStatus::expired,
                         std::move(*found)};
  });
}

Result<std::size_t> PostgresStore::invalidate_verifications(
    std::string_view user_id, std::string_view purpose, std::chrono::system_clock::time_point now) {
  // The identifiers of `purpose` are those starting with "<purpose>:" (a purpose that merely
  // starts the same, "reset-password-extra", does not match).
  Params p;
  p.text(user_id).text(std::string(purpose) + ":").time(now);
  return impl_->changed_rows(kInvalidate, p);
}

Result<std::size_t> PostgresStore::delete_stale_verifications(
    std::chrono::system_clock::time_point before) {
  Params p;
  p.time(before);
  return impl_->changed_rows(kDeleteStale, p);
}

}  // namespace authkit
