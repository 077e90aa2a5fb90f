// tools/sign_claims.hpp: turning "jwt sign" options into TokenClaims and IssuerOptions.
#pragma once

#include <authkit/jwt/claims.hpp>
#include <authkit/jwt/issuer.hpp>

#include "args.hpp"

namespace authkit::cli {

/// What "jwt sign" asks the issuer for.
struct SignRequest {
  TokenClaims claims;
  IssuerOptions options;  ///< lifetime, issuer, audience, typ
};

/// Merges --claims (JSON text, or @FILE / @- to read it) with --sub, --iss, --aud, --typ and
/// --expires-in (default 15m). sub/iss/aud may come from either side but must not conflict;
/// email and name become the typed claims; exp, iat, nbf and jti cannot be set.
/// Throws UsageError for bad or conflicting values, CommandFailure for an unreadable file.
[[nodiscard]] SignRequest build_sign_request(const ParsedArgs& args);

}  // namespace authkit::cli
