// AuthService::jwt_verifier(): a JwtVerifier preset with the service's own keys and claims.
#include "service/state.hpp"

#include <authkit/jwt/verifier.hpp>

namespace authkit {

Result<JwtVerifier> AuthService::jwt_verifier(VerifyOptions options) const {
  const Impl& s = *impl_;
  if (!options.issuer) options.issuer = s.options.jwt.issuer;
  if (options.audience.empty()) options.audience = {s.options.jwt.audience};
  // The same clock that stamps iat/exp, so an injected test clock covers both ends.
  if (!options.clock) options.clock = s.clock;
  return JwtVerifier::create(s.jwt_keys, std::move(options));
}

Result<JwtVerifier> AuthService::jwt_verifier() const { return jwt_verifier(VerifyOptions{}); }

}  // namespace authkit
