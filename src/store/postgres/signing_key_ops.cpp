// PostgresStore: JWT signing keys ("id" is the kid): authkit's in its own table, better-auth's
// (public halves only, for verification) read from its "jwks" table and never written.
#include "store/better_auth_rows.hpp"
#include "store/postgres/impl.hpp"
#include "store/signing_key_order.hpp"

namespace authkit {

namespace {

using pg::Connection;
using pg::Constraint;
using pg::Params;
using pg::Query;

// Both tables: authkit's keys, and better-auth's, whose public halves stay published while
// their tokens live (better-auth's private keys never open under authkit's vault).
constexpr Query kSelectKeys{
    "list signing keys",
    R"sql(SELECT "id", "alg", "publicKey", "privateKey", "createdAt" FROM ")sql" AUTHKIT_SIGNING_KEY_TABLE
    R"sql(" UNION ALL SELECT "id", "alg", "publicKey", "privateKey", "createdAt" FROM "jwks")sql",
    false};
// Writers of signing keys take turns on this transaction-level advisory lock ("authkit" +
// 02), so the count read by the INSERT below (a new statement, hence a new snapshot taken
// after the lock) cannot change before the insert commits: a compare-and-set on the count.
constexpr Query kLockKeys{"lock signing keys", "SELECT pg_advisory_xact_lock(7022364148458698754)",
                          false};
constexpr Query kInsertKeyIfCount{"insert signing key",
                                  R"sql(INSERT INTO ")sql" AUTHKIT_SIGNING_KEY_TABLE
                                  R"sql(" ("id", "alg", "publicKey", "privateKey", "createdAt")
      SELECT $1::text, $2::text, $3::text, $4::text, $5::timestamptz
      WHERE (SELECT count(*) FROM ")sql" AUTHKIT_SIGNING_KEY_TABLE
                                  R"sql(") + (SELECT count(*) FROM "jwks") = $6::bigint)sql",
                                  true};

}  // namespace

Result<std::vector<SigningKeyRecord>> PostgresStore::list_signing_keys() {
  auto keys = impl_->statements([](Connection& c) -> Result<std::vector<SigningKeyRecord>> {
    auto rows = c.run(kSelectKeys);
    if (!rows) return rows.error();
    std::vector<SigningKeyRecord> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
      const pg::Row row = rows->row(i);
      auto created = row.time(4);
      if (!created) return created.error();
      out.push_back(SigningKeyRecord{.id = row.text(0),
                                     .algorithm = row.optional_text(1).value_or(""),
                                     .public_key = row.text(2),
                                     .private_key = row.text(3),
                                     .created_at = *created});
    }
    return out;
  });
  // Sorted here with the order every store shares (ids compared byte by byte), rather than by
  // ORDER BY under the database's collation.
  if (keys) store_detail::sort_newest_first(*keys);
  return keys;
}

Result<bool> PostgresStore::insert_signing_key(const SigningKeyRecord& key,
                                               std::size_t expected_count) {
  Params p;
  p.text(key.id)
      .text(key.algorithm)
      .text(key.public_key)
      .text(key.private_key)
      .time(key.created_at)
      .integer(static_cast<std::int64_t>(expected_count));
  return impl_->transaction([&](Connection& c) -> Result<bool> {
    if (auto r = c.run(kLockKeys); !r) return r.error();
    auto r = c.run(kInsertKeyIfCount, p);
    if (!r) {
      if (c.constraint() == Constraint::unique) {
        return Error(Errc::invalid_argument, {}, "signing key id already exists");
      }
      return r.error();
    }
    return r->affected() == 1;
  });
}

}  // namespace authkit
