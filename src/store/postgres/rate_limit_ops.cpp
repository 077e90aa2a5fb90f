// PostgresStore: rate-limit windows (better-auth's "rateLimit": "lastRequest" = epoch ms of the
// window start) and failure records (authkit's "signInFailure").
//
// hit() is one INSERT ... ON CONFLICT DO UPDATE, the hot path (every rate-limited request).
// begin_attempt() and record_failure() lock the record with SELECT ... FOR UPDATE in a
// transaction and apply store_detail's arithmetic, shared with every backend: begin_attempt()
// must call delay_after while the record is locked, and both are on the sign-in path only.
#include <limits>

#include "store/counters.hpp"
#include "store/postgres/impl.hpp"

namespace authkit {

namespace {

using pg::Connection;
using pg::Params;
using pg::Query;

// store_detail::apply_hit() in SQL, as one atomic statement ($1 key, $2 now and $3 window in
// milliseconds, $4 max). A window that started $3 or more before now, or starts after now (the
// clock stepped back), is replaced by a new one; otherwise the hit counts while count < max.
// A denied hit changes nothing: the WHERE of DO UPDATE fails (the row is still locked for the
// statement) and "counted" is empty; the second branch then reads the full window, from the
// statement's snapshot. The key doubles as the row id, and a better-auth row for the same key
// is updated in place through the conflict on "key".
constexpr Query kHit{"rate limit hit",
                     R"sql(WITH "counted" AS (
        INSERT INTO "rateLimit" AS r ("id", "key", "count", "lastRequest")
        VALUES ($1, $1, 1, $2::bigint)
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN $2::bigint < r."lastRequest"
                           OR $2::bigint - r."lastRequest" >= $3::bigint
                         THEN 1 ELSE r."count" + 1 END,
          "lastRequest" = CASE WHEN $2::bigint < r."lastRequest"
                                 OR $2::bigint - r."lastRequest" >= $3::bigint
                               THEN $2::bigint ELSE r."lastRequest" END
        WHERE $2::bigint < r."lastRequest" OR $2::bigint - r."lastRequest" >= $3::bigint
          OR r."count" < LEAST($4::bigint, 2147483647)
        RETURNING "count", "lastRequest")
      SELECT true, "count", "lastRequest" FROM "counted"
      UNION ALL
      SELECT false, "count", "lastRequest" FROM "rateLimit"
        WHERE "key" = $1 AND NOT EXISTS (SELECT 1 FROM "counted"))sql",
                     true};
constexpr Query kLockFailure{
    "read sign-in failures",
    R"sql(SELECT "count", "lastFailure" FROM "signInFailure" WHERE "key" = $1 FOR UPDATE)sql",
    true};
constexpr Query kSelectFailure{
    "read sign-in failures",
    R"sql(SELECT "count", "lastFailure" FROM "signInFailure" WHERE "key" = $1)sql", false};
// Inserting nothing means another caller created the record meanwhile: the caller locks and
// reads it, and decides again.
constexpr Query kInsertFailure{"record sign-in failure",
                               R"sql(INSERT INTO "signInFailure" ("key", "count", "lastFailure")
      VALUES ($1, $2::bigint, $3::bigint) ON CONFLICT ("key") DO NOTHING)sql",
                               true};
constexpr Query kUpdateFailure{
    "record sign-in failure",
    R"sql(UPDATE "signInFailure" SET "count" = $2::bigint, "lastFailure" = $3::bigint
      WHERE "key" = $1)sql",
    true};
constexpr Query kDeleteFailure{"clear sign-in failures",
                               R"sql(DELETE FROM "signInFailure" WHERE "key" = $1)sql", true};
constexpr Query kDeleteStale{
    "delete stale rate limits",
    R"sql(WITH "windows" AS (DELETE FROM "rateLimit" WHERE "lastRequest" < $1::bigint
        RETURNING 1),
      "failures" AS (DELETE FROM "signInFailure" WHERE "lastFailure" < $1::bigint RETURNING 1)
      SELECT (SELECT count(*) FROM "windows") + (SELECT count(*) FROM "failures"))sql",
    true};

// How often hit() re-runs when its denied branch read an outdated window; see hit().
constexpr int kHitAttempts = 8;

// A stored count as uint32 (a hand-edited or foreign row could hold anything).
std::uint32_t count_of(std::int64_t stored) noexcept {
  if (stored < 0) return 0;
  if (stored > std::numeric_limits<std::uint32_t>::max()) {
    return std::numeric_limits<std::uint32_t>::max();
  }
  return static_cast<std::uint32_t>(stored);
}

// The locked failure record of `key` (nullopt: none).
Result<std::optional<FailureRecord>> lock_failure(Connection& c, const Params& key) {
  auto rows = c.run(kLockFailure, key);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<FailureRecord>{};
  const pg::Row row = rows->row(0);
  return std::optional<FailureRecord>{
      FailureRecord{count_of(row.integer(0)), pg::from_epoch_ms(row.integer(1))}};
}

// Stores `record` as the failure record of `key`: an update when `existed`, else an insert.
// Returns false when the insert lost a race (the caller reads the record again).
Result<bool> store_failure(Connection& c, std::string_view key, bool existed,
                           const FailureRecord& record) {
  Params p;
  p.text(key).integer(record.count).integer(pg::to_epoch_ms(record.last_failure));
  auto r = c.run(existed ? kUpdateFailure : kInsertFailure, p);
  if (!r) return r.error();
  return r->affected() == 1;
}

}  // namespace

Result<RateLimitDecision> PostgresStore::hit(std::string_view key, std::uint32_t max,
                                             std::chrono::milliseconds window,
                                             std::chrono::system_clock::time_point now) {
  Params p;
  p.text(key).integer(pg::to_epoch_ms(now)).integer(window.count()).integer(max);
  for (int attempt = 0; attempt < kHitAttempts; ++attempt) {
    auto outcome =
        impl_->statements([&](Connection& c) -> Result<std::optional<RateLimitDecision>> {
          auto rows = c.run(kHit, p);
          if (!rows) return rows.error();
          if (rows->empty()) return std::optional<RateLimitDecision>{};
          const pg::Row row = rows->row(0);
          const std::uint32_t count = count_of(row.integer(1));
          if (row.boolean(0)) {
            return std::optional<RateLimitDecision>{
                RateLimitDecision{true, count, std::chrono::seconds{0}}};
          }
          // Denied: the arithmetic (retry_after) is store_detail's, on the window as read.
          const store_detail::HitOutcome denied = store_detail::apply_hit(
              store_detail::RateWindow{count, pg::from_epoch_ms(row.integer(2))}, max, window, now);
          if (denied.decision.allowed) return std::optional<RateLimitDecision>{};
          return std::optional<RateLimitDecision>{denied.decision};
        });
    if (!outcome) return outcome.error();
    if (*outcome) return **outcome;
    // The statement denied the hit against the newest version of the row but read an older
    // one from its snapshot (a concurrent caller changed or created the window in between).
    // A denied hit changed nothing, so running it again is still exactly one hit.
  }
  return Error(Errc::storage_failure, {}, "rate limit hit: the window kept changing");
}

Result<RateLimitDecision> PostgresStore::begin_attempt(
    std::string_view key, std::chrono::system_clock::time_point now,
    std::chrono::seconds reset_after,
    const std::function<std::chrono::seconds(std::uint32_t)>& delay_after) {
  Params locked;
  locked.text(key);
  return impl_->transaction([&](Connection& c) -> Result<RateLimitDecision> {
    for (;;) {
      auto current = lock_failure(c, locked);
      if (!current) return current.error();
      // delay_after runs here, with the record locked (or absent: then it is not called).
      const store_detail::AttemptOutcome outcome =
          store_detail::apply_attempt(*current, now, reset_after, delay_after);
      if (!outcome.store) return outcome.decision;
      auto stored = store_failure(c, key, current->has_value(), *outcome.store);
      if (!stored) return stored.error();
      if (*stored) return outcome.decision;
    }
  });
}

Result<FailureRecord> PostgresStore::record_failure(std::string_view key,
                                                    std::chrono::system_clock::time_point now,
                                                    std::chrono::seconds reset_after) {
  Params locked;
  locked.text(key);
  return impl_->transaction([&](Connection& c) -> Result<FailureRecord> {
    for (;;) {
      auto current = lock_failure(c, locked);
      if (!current) return current.error();
      const FailureRecord next = store_detail::apply_failure(*current, now, reset_after);
      auto stored = store_failure(c, key, current->has_value(), next);
      if (!stored) return stored.error();
      if (*stored) return next;
    }
  });
}

Result<std::optional<FailureRecord>> PostgresStore::find_failures(std::string_view key) {
  return impl_->statements([&](Connection& c) -> Result<std::optional<FailureRecord>> {
    auto rows = c.run(kSelectFailure, Params().text(key));
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<FailureRecord>{};
    const pg::Row row = rows->row(0);
    return std::optional<FailureRecord>{
        FailureRecord{count_of(row.integer(0)), pg::from_epoch_ms(row.integer(1))}};
  });
}

Result<void> PostgresStore::clear_failures(std::string_view key) {
  return impl_->statements([&](Connection& c) -> Result<void> {
    auto r = c.run(kDeleteFailure, Params().text(key));
    if (!r) return r.error();
    return {};
  });
}

Result<std::size_t> PostgresStore::delete_stale_rate_limits(
    std::chrono::system_clock::time_point before) {
  Params p;
  p.integer(pg::to_epoch_ms(before));
  return impl_->statements([&](Connection& c) -> Result<std::size_t> {
    auto rows = c.run(kDeleteStale, p);
    if (!rows) return rows.error();
    if (rows->empty()) return std::size_t{0};
    return static_cast<std::size_t>(rows->row(0).integer(0));
  });
}

}  // namespace authkit
