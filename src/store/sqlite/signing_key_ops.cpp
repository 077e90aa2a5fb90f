// SqliteStore: JWT signing keys ("id" is the kid): authkit's in its own table, better-auth's
// (public halves only, for verification) read from its "jwks" table and never written.
#include "store/better_auth_rows.hpp"
#include "store/signing_key_order.hpp"
#include "store/sqlite/impl.hpp"

namespace authkit {

namespace {

using sqlite::Connection;
using sqlite::Constraint;

// Both tables: authkit's keys, and better-auth's, whose public halves stay published while
// their tokens live (better-auth's private keys never open under authkit's vault).
constexpr const char* kSelectKeys =
    R"sql(SELECT "id", "alg", "publicKey", "privateKey", "createdAt" FROM ")sql" AUTHKIT_SIGNING_KEY_TABLE
    R"sql(" UNION ALL SELECT "id", "alg", "publicKey", "privateKey", "createdAt" FROM "jwks")sql";
constexpr const char* kCountKeys =
    R"sql(SELECT (SELECT count(*) FROM ")sql" AUTHKIT_SIGNING_KEY_TABLE
    R"sql(") + (SELECT count(*) FROM "jwks"))sql";
constexpr const char* kInsertKey = R"sql(INSERT INTO ")sql" AUTHKIT_SIGNING_KEY_TABLE
                                   R"sql(" ("id", "alg", "publicKey", "privateKey", "createdAt")
      VALUES (?1, ?2, ?3, ?4, ?5))sql";

}  // namespace

Result<std::vector<SigningKeyRecord>> SqliteStore::list_signing_keys() {
  auto keys = impl_->with_connection([](Connection& c) -> Result<std::vector<SigningKeyRecord>> {
    auto st = c.prepare(kSelectKeys);
    if (!st) return st.error();
    std::vector<SigningKeyRecord> out;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return out;
      auto created = st->time(4);
      if (!created) return created.error();
      out.push_back(SigningKeyRecord{.id = st->text(0),
                                     .algorithm = st->optional_text(1).value_or(""),
                                     .public_key = st->text(2),
                                     .private_key = st->text(3),
                                     .created_at = *created});
    }
  });
  // Sorted here rather than by ORDER BY: a better-auth row may keep "createdAt" as epoch
  // milliseconds, which SQLite would order apart from ISO text.
  if (keys) store_detail::sort_newest_first(*keys);
  return keys;
}

Result<bool> SqliteStore::insert_signing_key(const SigningKeyRecord& key,
                                             std::size_t expected_count) {
  return impl_->with_connection([&](Connection& c) -> Result<bool> {
    // BEGIN IMMEDIATE: the count and the insert happen under the write lock, so two writers
    // cannot both see the same count.
    auto tx = sqlite::Transaction::begin(c);
    if (!tx) return tx.error();
    {
      auto count = c.prepare(kCountKeys);
      if (!count) return count.error();
      auto row = count->step();
      if (!row) return row.error();
      if (!*row || count->integer(0) != static_cast<std::int64_t>(expected_count)) return false;
    }
    auto st = c.prepare(kInsertKey);
    if (!st) return st.error();
    st->bind(1, std::string_view(key.id))
        .bind(2, std::string_view(key.algorithm))
        .bind(3, std::string_view(key.public_key))
        .bind(4, std::string_view(key.private_key))
        .bind_time(5, key.created_at);
    if (auto r = st->run(); !r) {
      if (st->constraint() == Constraint::unique) {
        return Error(Errc::invalid_argument, {}, "signing key id already exists");
      }
      return r.error();
    }
    if (auto r = tx->commit(); !r) return r.error();
    return true;
  });
}

}  // namespace authkit
