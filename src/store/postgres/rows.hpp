// Private: reading authkit records from result rows, and the verification identifier.
// Each read_* expects the column order of the matching *_COLUMNS macro.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/records.hpp>
#include <authkit/user.hpp>

#include <string>
#include <string_view>

#include "store/postgres/result.hpp"

// Column lists, spliced into SQL literals at compile time (never values).
#define AUTHKIT_PG_USER_COLUMNS \
  R"("id","name","email","emailVerified","image","createdAt","updatedAt")"
#define AUTHKIT_PG_SESSION_COLUMNS                                \
  R"("id","userId","token","expiresAt","createdAt","updatedAt",)" \
  R"("ipAddress","userAgent","rememberMe")"
#define AUTHKIT_PG_VERIFICATION_COLUMNS \
  R"("id","identifier","value","email","expiresAt","createdAt","consumedAt")"
#define AUTHKIT_PG_CREDENTIAL_COLUMNS R"("userId","password","createdAt","updatedAt")"

namespace authkit::pg {

/// `first` is the column where the record's columns start (for joined rows).
[[nodiscard]] Result<User> read_user(const Row& row, int first = 0);
[[nodiscard]] Result<Session> read_session(const Row& row, int first = 0);
[[nodiscard]] Result<Verification> read_verification(const Row& row, int first = 0);
[[nodiscard]] Result<Credential> read_credential(const Row& row);

/// better-auth's verification."identifier": "<purpose>:<token_hash>".
[[nodiscard]] std::string verification_identifier(std::string_view purpose,
                                                  std::string_view token_hash);

}  // namespace authkit::pg
