// Private: the only way to build a VerifiedClaims (used by JwtVerifier).
#pragma once

#include <authkit/jwt/claims.hpp>

namespace authkit::detail {

struct ClaimsAccess {
  static VerifiedClaims make() { return VerifiedClaims(); }
  static auto& sub(VerifiedClaims& c) { return c.sub_; }
  static auto& iss(VerifiedClaims& c) { return c.iss_; }
  static auto& jti(VerifiedClaims& c) { return c.jti_; }
  static auto& email(VerifiedClaims& c) { return c.email_; }
  static auto& name(VerifiedClaims& c) { return c.name_; }
  static auto& typ(VerifiedClaims& c) { return c.typ_; }
  static auto& aud(VerifiedClaims& c) { return c.aud_; }
  static auto& exp(VerifiedClaims& c) { return c.exp_; }
  static auto& nbf(VerifiedClaims& c) { return c.nbf_; }
  static auto& iat(VerifiedClaims& c) { return c.iat_; }
  static auto& payload(VerifiedClaims& c) { return c.payload_; }
};

}  // namespace authkit::detail
