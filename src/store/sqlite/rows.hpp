// Private: reading authkit records from result rows, and the verification identifier.
// Each read_* expects the column order of the matching *_COLUMNS macro.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/records.hpp>
#include <authkit/user.hpp>

#include <string>
#include <string_view>

#include "store/sqlite/statement.hpp"

// Column lists, spliced into SQL literals at compile time (never values).
#define AUTHKIT_USER_COLUMNS \
  R"("id","name","email","emailVerified","image","createdAt","updatedAt")"
#define AUTHKIT_SESSION_COLUMNS                                   \
  R"("id","userId","token","expiresAt","createdAt","updatedAt",)" \
  R"("ipAddress","userAgent","rememberMe")"
#define AUTHKIT_VERIFICATION_COLUMNS \
  R"("id","identifier","value","email","expiresAt","createdAt","consumedAt")"
#define AUTHKIT_CREDENTIAL_COLUMNS R"("userId","password","createdAt","updatedAt")"

namespace authkit::sqlite {

/// `first` is the column where the record's columns start (for joined rows).
[[nodiscard]] Result<User> read_user(const Statement& row, int first = 0);
[[nodiscard]] Result<Session> read_session(const Statement& row, int first = 0);
[[nodiscard]] Result<Verification> read_verification(const Statement& row);
[[nodiscard]] Result<Credential> read_credential(const Statement& row);

/// better-auth's verification."identifier": "<purpose>:<token_hash>".
[[nodiscard]] std::string verification_identifier(std::string_view purpose,
                                                  std::string_view token_hash);

}  // namespace authkit::sqlite
