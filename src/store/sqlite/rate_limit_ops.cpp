// SqliteStore: rate-limit windows (better-auth's "rateLimit": "lastRequest" = epoch ms of the
// window start) and failure records (authkit's "signInFailure"). Each read-modify-write runs
// in one BEGIN IMMEDIATE transaction, so concurrent callers on any connection or process are
// serialised; the arithmetic is store_detail's, shared with every backend.
#include <limits>

#include "store/counters.hpp"
#include "store/sqlite/impl.hpp"

namespace authkit {

namespace {

using sqlite::Connection;

constexpr const char* kSelectWindow =
    R"sql(SELECT "count", "lastRequest" FROM "rateLimit" WHERE "key" = ?1)sql";
// The key doubles as the row id: ids only need to be unique, and a better-auth row for the
// same key is updated in place through the conflict on "key".
constexpr const char* kUpsertWindow =
    R"sql(INSERT INTO "rateLimit" ("id", "key", "count", "lastRequest") VALUES (?1, ?1, ?2, ?3)
      ON CONFLICT ("key") DO UPDATE SET "count" = excluded."count",
      "lastRequest" = excluded."lastRequest")sql";
constexpr const char* kSelectFailure =
    R"sql(SELECT "count", "lastFailure" FROM "signInFailure" WHERE "key" = ?1)sql";
constexpr const char* kUpsertFailure =
    R"sql(INSERT INTO "signInFailure" ("key", "count", "lastFailure") VALUES (?1, ?2, ?3)
      ON CONFLICT ("key") DO UPDATE SET "count" = excluded."count",
      "lastFailure" = excluded."lastFailure")sql";
constexpr const char* kDeleteFailure = R"sql(DELETE FROM "signInFailure" WHERE "key" = ?1)sql";
constexpr const char* kDeleteStaleWindows =
    R"sql(DELETE FROM "rateLimit" WHERE "lastRequest" < ?1)sql";
constexpr const char* kDeleteStaleFailures =
    R"sql(DELETE FROM "signInFailure" WHERE "lastFailure" < ?1)sql";

// A stored count as uint32 (a hand-edited or foreign row could hold anything).
std::uint32_t count_of(std::int64_t stored) noexcept {
  if (stored < 0) return 0;
  if (stored > std::numeric_limits<std::uint32_t>::max()) {
    return std::numeric_limits<std::uint32_t>::max();
  }
  return static_cast<std::uint32_t>(stored);
}

// Reads (count, epoch-ms time) of `key` with `sql`.
Result<std::optional<std::pair<std::uint32_t, sqlite::TimePoint>>> select_counter(
    Connection& c, const char* sql, std::string_view key) {
  using Counter = std::optional<std::pair<std::uint32_t, sqlite::TimePoint>>;
  auto st = c.prepare(sql);
  if (!st) return st.error();
  st->bind(1, key);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return Counter{};
  return Counter{std::make_pair(count_of(st->integer(0)), sqlite::from_epoch_ms(st->integer(1)))};
}

Result<void> upsert_counter(Connection& c, const char* sql, std::string_view key,
                            std::uint32_t count, sqlite::TimePoint at) {
  auto st = c.prepare(sql);
  if (!st) return st.error();
  st->bind(1, key).bind(2, std::int64_t{count}).bind(3, sqlite::to_epoch_ms(at));
  return st->run();
}

}  // namespace

Result<RateLimitDecision> SqliteStore::hit(std::string_view key, std::uint32_t max,
                                           std::chrono::milliseconds window,
                                           std::chrono::system_clock::time_point now) {
  return impl_->with_connection([&](Connection& c) -> Result<RateLimitDecision> {
    auto tx = sqlite::Transaction::begin(c);
    if (!tx) return tx.error();
    auto stored = select_counter(c, kSelectWindow, key);
    if (!stored) return stored.error();
    std::optional<store_detail::RateWindow> current;
    if (*stored) current = store_detail::RateWindow{(*stored)->first, (*stored)->second};
    const store_detail::HitOutcome outcome = store_detail::apply_hit(current, max, window, now);
    if (outcome.store) {
      auto r = upsert_counter(c, kUpsertWindow, key, outcome.store->count, outcome.store->start);
      if (!r) return r.error();
    }
    if (auto r = tx->commit(); !r) return r.error();
    return outcome.decision;
  });
}

Result<RateLimitDecision> SqliteStore::begin_attempt(
    std::string_view key, std::chrono::system_clock::time_point now,
    std::chrono::seconds reset_after,
    const std::function<std::chrono::seconds(std::uint32_t)>& delay_after) {
  return impl_->with_connection([&](Connection& c) -> Result<RateLimitDecision> {
    auto tx = sqlite::Transaction::begin(c);
    if (!tx) return tx.error();
    auto stored = select_counter(c, kSelectFailure, key);
    if (!stored) return stored.error();
    std::optional<FailureRecord> current;
    if (*stored) current = FailureRecord{(*stored)->first, (*stored)->second};
    const store_detail::AttemptOutcome outcome =
        store_detail::apply_attempt(current, now, reset_after, delay_after);
    if (outcome.store) {
      auto r =
          upsert_counter(c, kUpsertFailure, key, outcome.store->count, outcome.store->last_failure);
      if (!r) return r.error();
    }
    if (auto r = tx->commit(); !r) return r.error();
    return outcome.decision;
  });
}

Result<FailureRecord> SqliteStore::record_failure(std::string_view key,
                                                  std::chrono::system_clock::time_point now,
                                                  std::chrono::seconds reset_after) {
  return impl_->with_connection([&](Connection& c) -> Result<FailureRecord> {
    auto tx = sqlite::Transaction::begin(c);
    if (!tx) return tx.error();
    auto stored = select_counter(c, kSelectFailure, key);
    if (!stored) return stored.error();
    std::optional<FailureRecord> current;
    if (*stored) current = FailureRecord{(*stored)->first, (*stored)->second};
    const FailureRecord next = store_detail::apply_failure(current, now, reset_after);
    if (auto r = upsert_counter(c, kUpsertFailure, key, next.count, next.last_failure); !r) {
      return r.error();
    }
    if (auto r = tx->commit(); !r) return r.error();
    return next;
  });
}

Result<std::optional<FailureRecord>> SqliteStore::find_failures(std::string_view key) {
  return impl_->with_connection([&](Connection& c) -> Result<std::optional<FailureRecord>> {
    auto stored = select_counter(c, kSelectFailure, key);
    if (!stored) return stored.error();
    if (!*stored) return std::optional<FailureRecord>{};
    return std::optional<FailureRecord>{FailureRecord{(*stored)->first, (*stored)->second}};
  });
}

Result<void> SqliteStore::clear_failures(std::string_view key) {
  return impl_->with_connection([&](Connection& c) -> Result<void> {
    auto st = c.prepare(kDeleteFailure);
    if (!st) return st.error();
    st->bind(1, key);
    return st->run();
  });
}

Result<std::size_t> SqliteStore::delete_stale_rate_limits(
    std::chrono::system_clock::time_point before) {
  return impl_->with_connection([&](Connection& c) -> Result<std::size_t> {
    auto tx = sqlite::Transaction::begin(c);
    if (!tx) return tx.error();
    std::size_t deleted = 0;
    for (const char* sql : {kDeleteStaleWindows, kDeleteStaleFailures}) {
      auto st = c.prepare(sql);
      if (!st) return st.error();
      st->bind(1, sqlite::to_epoch_ms(before));
      if (auto r = st->run(); !r) return r.error();
      deleted += st->changes();
    }
    if (auto r = tx->commit(); !r) return r.error();
    return deleted;
  });
}

}  // namespace authkit
