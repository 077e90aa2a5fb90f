// jwt_quickstart: the whole JWT round trip in one program.
//
//   1. generate an ES256 signing key and keep its private JWK (as a real service would store it),
//   2. issue an access token with iss, aud and typ "at+jwt",
//   3. publish the public JWKS, and build a verifier from that JSON text alone,
//   4. verify the token and print its claims,
//   5. tamper with the token and show how it is rejected.
//
// Usage: jwt_quickstart [OUT_DIR]
// With OUT_DIR, the public JWKS and the token are also written to OUT_DIR/jwks.json and
// OUT_DIR/token.txt, so that the verify_only example can be tried on them:
//   verify_only OUT_DIR/jwks.json "$(cat OUT_DIR/token.txt)"
//               https://auth.example.com https://api.example.com
//
// Exit status: 0 if every step behaved as expected, 1 otherwise.
#include <authkit/authkit.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace {

constexpr const char* kIssuer = "https://auth.example.com";
constexpr const char* kAudience = "https://api.example.com";

int fail(const char* step, const authkit::Error& error) {
  std::cerr << step << " failed: " << error.name() << ": " << error.message();
  if (!error.detail().empty()) std::cerr << " (" << error.detail() << ")";
  std::cerr << '\n';
  return 1;
}

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text << '\n';
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace std::chrono_literals;

  // --- Issuer side -----------------------------------------------------------------------
  // 1. A fresh ES256 key. The kid names it in token headers and in the JWKS; pick something
  //    that lets you tell keys apart during rotation (a date works well).
  authkit::GenerateKeyOptions key_options;
  key_options.kid = "2026-11-a";
  auto key = authkit::Jwk::generate(authkit::Algorithm::ES256, key_options);
  if (!key) return fail("Jwk::generate", key.error());

  // A real service stores the private JWK in its secret store and loads it at start-up with
  // Jwk::parse(). The text contains the private scalar "d": treat it as a secret.
  auto private_jwk = key->to_private_json();
  if (!private_jwk) return fail("Jwk::to_private_json", private_jwk.error());
  auto reloaded = authkit::Jwk::parse(private_jwk->dump());
  if (!reloaded) return fail("Jwk::parse", reloaded.error());

  // 2. An issuer for access tokens. The lifetime has no default: choose it visibly.
  authkit::IssuerOptions issuer_options;
  issuer_options.lifetime = 15min;
  issuer_options.issuer = kIssuer;
  issuer_options.audience = {kAudience};
  issuer_options.typ = "at+jwt";  // RFC 9068 access token
  issuer_options.include_jti = true;
  auto issuer = authkit::JwtIssuer::create(*reloaded, issuer_options);
  if (!issuer) return fail("JwtIssuer::create", issuer.error());

  authkit::TokenClaims claims;
  claims.subject = "user-123";
  claims.email = "alice@example.com";
  claims.name = "Alice";
  claims.extra = {{"scope", "items:read items:write"}};
  auto token = issuer->issue(claims);
  if (!token) return fail("JwtIssuer::issue", token.error());
  std::cout << "token:\n  " << *token << "\n\n";

  // 3. The public JWKS, e.g. served at GET /api/auth/jwks. It never contains private members.
  auto published = authkit::JwkSet::of(issuer->key());
  if (!published) return fail("JwkSet::of", published.error());
  const std::string jwks_text = published->to_public_json().dump();
  std::cout << "public JWKS:\n  " << jwks_text << "\n\n";

  if (argc > 1) {
    const std::filesystem::path dir = argv[1];
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !write_file(dir / "jwks.json", jwks_text) || !write_file(dir / "token.txt", *token)) {
      std::cerr << "cannot write to " << dir << '\n';
      return 1;
    }
  }

  // --- Verifier side (could be another service that only has the JWKS text) ---------------
  auto keys = authkit::JwkSet::parse_public(jwks_text);
  if (!keys) return fail("JwkSet::parse_public", keys.error());
  authkit::VerifyOptions verify_options;
  verify_options.issuer = kIssuer;
  verify_options.audience = {kAudience};
  verify_options.typ = "at+jwt";
  verify_options.algorithms = {authkit::Algorithm::ES256};
  verify_options.required_claims = {"sub"};
  auto verifier = authkit::JwtVerifier::create(std::move(*keys), verify_options);
  if (!verifier) return fail("JwtVerifier::create", verifier.error());

  // 4. Verify and read the claims.
  auto verified = verifier->verify(*token);
  if (!verified) return fail("JwtVerifier::verify", verified.error());
  std::cout << "verified:\n"
            << "  sub   = " << verified->subject().value_or("") << '\n'
            << "  iss   = " << verified->issuer().value_or("") << '\n'
            << "  aud   = " << (verified->audience().empty() ? "" : verified->audience().front())
            << '\n'
            << "  email = " << verified->email().value_or("") << '\n'
            << "  exp   = " << authkit::to_unix_seconds(*verified->expires_at()) << '\n'
            << "  scope = " << verified->json().value("scope", "") << '\n'
            << "  all   = " << verified->payload() << "\n\n";

  // 5. Tamper: change one character of the payload segment. The signature no longer matches,
  //    and nothing from the forged payload is ever parsed.
  std::string forged = *token;
  const std::size_t payload_start = forged.find('.') + 1;
  const std::size_t at = payload_start + (forged.find('.', payload_start) - payload_start) / 2;
  forged[at] = forged[at] == 'A' ? 'B' : 'A';
  auto rejected = verifier->verify(forged);
  if (rejected) {
    std::cerr << "a tampered token was accepted\n";
    return 1;
  }
  std::cout << "tampered token rejected:\n"
            << "  code         = " << rejected.error().name() << '\n'
            << "  client sees  = "
            << authkit::errc_name(authkit::public_code(rejected.error().code())) << '\n';
  return rejected.error() == authkit::Errc::jwt_bad_signature ? 0 : 1;
}
