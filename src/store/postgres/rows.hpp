// Private: reading authkit records from PostgreSQL result rows (shared with SqliteStore, see
// store/record_rows.hpp), and the verification identifier.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/records.hpp>

#include "store/postgres/result.hpp"
#include "store/record_rows.hpp"

namespace authkit::pg {

using store_detail::read_credential;
using store_detail::read_user;
using store_detail::read_verification;
using store_detail::verification_identifier;

/// A NULL "rememberMe" reads as true, the column's default.
[[nodiscard]] inline Result<Session> read_session(const Row& row, int first = 0) {
  return store_detail::read_session(row, first, /*null_remember_me=*/true);
}

}  // namespace authkit::pg
