// Private: reading authkit records from SQLite result rows (shared with PostgresStore, see
// store/record_rows.hpp), and the verification identifier.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/records.hpp>

#include "store/record_rows.hpp"
#include "store/sqlite/statement.hpp"

namespace authkit::sqlite {

using store_detail::read_credential;
using store_detail::read_user;
using store_detail::read_verification;
using store_detail::verification_identifier;

/// A NULL "rememberMe" reads as false, as a NULL integer reads as 0.
[[nodiscard]] inline Result<Session> read_session(const Statement& row, int first = 0) {
  return store_detail::read_session(row, first, /*null_remember_me=*/false);
}

}  // namespace authkit::sqlite
