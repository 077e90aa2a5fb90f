// verify_only: what a resource service does with a token from an issuer it trusts.
//
// Usage: verify_only JWKS_FILE TOKEN ISSUER AUDIENCE
//   JWKS_FILE  the issuer's public key set ({"keys":[...]}), e.g. saved from its /jwks URL
//   TOKEN      the compact JWT (what follows "Bearer " in an Authorization header)
//   ISSUER     the expected "iss"
//   AUDIENCE   this service's audience; the token's "aud" must contain it
//
// Exit status: 0 and the verified claims as JSON on stdout; 1 and "error: <CODE>" on stderr
// if the token is rejected; 2 for usage errors and unusable key files.
#include <authkit/authkit.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

constexpr int kRejected = 1;
constexpr int kUsage = 2;

int usage() {
  std::cerr << "usage: verify_only JWKS_FILE TOKEN ISSUER AUDIENCE\n";
  return kUsage;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) return usage();
  const std::string jwks_path = argv[1];
  const std::string token = argv[2];

  std::ifstream in(jwks_path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << jwks_path << '\n';
    return kUsage;
  }
  std::ostringstream text;
  text << in.rdbuf();

  // A public set: private members ("d", "k", ...) are refused, every key must name its alg.
  auto keys = authkit::JwkSet::parse_public(text.str());
  if (!keys) {
    std::cerr << jwks_path << ": " << keys.error().name() << ": " << keys.error().message() << '\n';
    return kUsage;
  }

  authkit::VerifyOptions options;
  options.issuer = argv[3];
  options.audience = {argv[4]};
  options.required_claims = {"sub"};
  // options.algorithms stays empty: exactly the algorithms of the keys in the set.
  auto verifier = authkit::JwtVerifier::create(std::move(*keys), options);
  if (!verifier) {
    // Configuration errors are programming or deployment errors, not token errors.
    std::cerr << verifier.error().name() << ": " << verifier.error().message() << '\n';
    return kUsage;
  }

  auto claims = verifier->verify(token);
  if (!claims) {
    const authkit::Error& e = claims.error();
    // The precise code and detail are for logs; an HTTP client would only get
    // public_code(e.code()), i.e. INVALID_TOKEN for every JWT_* failure.
    std::cerr << "error: " << e.name();
    if (!e.claim().empty()) std::cerr << " (claim " << e.claim() << ")";
    if (!e.detail().empty()) std::cerr << ": " << e.detail();
    std::cerr << "\npublic code: " << authkit::errc_name(authkit::public_code(e.code())) << '\n';
    return kRejected;
  }
  std::cout << claims->json().dump(2) << '\n';
  return 0;
}
