#include <authkit/jwt/simple.hpp>

namespace authkit {

Result<SimpleJwt> SimpleJwt::create(const Secret& secret, std::shared_ptr<const Clock> clock) {
  auto key = Jwk::from_secret(secret, Algorithm::HS256);
  if (!key) return key.error();
  IssuerOptions issue_options;
  issue_options.lifetime = std::chrono::duration_cast<std::chrono::seconds>(simple_jwt_lifetime);
  issue_options.clock = clock;
  auto issuer = JwtIssuer::create(*key, std::move(issue_options));
  if (!issuer) return issuer.error();
  auto keys = JwkSet::of(*key);
  if (!keys) return keys.error();
  VerifyOptions verify_options;
  verify_options.clock = std::move(clock);
  verify_options.algorithms = {Algorithm::HS256};
  auto verifier = JwtVerifier::create(std::move(*keys), std::move(verify_options));
  if (!verifier) return verifier.error();
  return SimpleJwt(std::move(*issuer), std::move(*verifier));
}

Result<SimpleJwt> SimpleJwt::from_env(std::shared_ptr<const Clock> clock) {
  auto secret = Secret::from_env(jwt_secret_env);
  if (!secret) return secret.error();
  return create(*secret, std::move(clock));
}

Result<std::string> SimpleJwt::issue(const User& user) const {
  if (user.id.empty()) return Error(Errc::invalid_argument, "user id must not be empty");
  TokenClaims claims;
  claims.subject = user.id;
  claims.email = user.email;
  claims.name = user.name;
  return issuer_.issue(claims);
}

Result<VerifiedClaims> SimpleJwt::verify(std::string_view token) const {
  return verifier_.verify(token);
}

Result<std::string> issue_simple_jwt(const User& user) {
  auto jwt = SimpleJwt::from_env();
  if (!jwt) return jwt.error();
  return jwt->issue(user);
}

Result<VerifiedClaims> verify_simple_jwt(std::string_view token) {
  auto jwt = SimpleJwt::from_env();
  if (!jwt) return jwt.error();
  return jwt->verify(token);
}

}  // namespace authkit
