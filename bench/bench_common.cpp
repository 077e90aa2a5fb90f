#include "bench_common.hpp"

#include <authkit/jwt/jwk_set.hpp>
#include <authkit/secret.hpp>

#include <array>
#include <span>
#include <stdexcept>

namespace authkit_bench {
namespace {

AlgFixture make_fixture(authkit::Algorithm alg) {
  authkit::Jwk key = [&] {
    if (authkit::is_symmetric(alg)) {
      auto secret = authkit::Secret::from_string(kHmacSecret).value();
      return authkit::Jwk::from_secret(secret, alg, "bench-hs").value();
    }
    authkit::GenerateKeyOptions options;
    options.kid = "bench-" + std::string(authkit::algorithm_name(alg));
    return authkit::Jwk::generate(alg, options).value();
  }();
  std::string private_pem;
  std::string public_pem;
  if (!key.is_symmetric()) {
    private_pem = key.to_private_pem().value();
    public_pem = key.to_public_pem().value();
  }

  authkit::IssuerOptions issuer_options;
  issuer_options.lifetime = std::chrono::seconds(kLifetimeSeconds);
  issuer_options.issuer = std::string(kIssuer);
  issuer_options.audience = {std::string(kAudience)};
  auto issuer = authkit::JwtIssuer::create(key, issuer_options).value();

  authkit::VerifyOptions verify_options;
  verify_options.issuer = std::string(kIssuer);
  verify_options.audience = {std::string(kAudience)};
  auto verifier =
      authkit::JwtVerifier::create(authkit::JwkSet::of(key).value(), verify_options).value();

  std::string token = issuer.issue(seed_claims()).value();
  if (!verifier.verify(token)) throw std::runtime_error("seed token does not verify");
  const std::size_t second_dot = token.rfind('.');
  std::string signing_input = token.substr(0, second_dot);
  std::string signature = b64url_decode(std::string_view(token).substr(second_dot + 1));

  return AlgFixture{alg,
                    std::move(key),
                    std::move(private_pem),
                    std::move(public_pem),
                    std::move(issuer),
                    std::move(verifier),
                    std::move(token),
                    std::move(signing_input),
                    std::move(signature)};
}

}  // namespace

const AlgFixture& fixture(authkit::Algorithm alg) {
  using authkit::Algorithm;
  switch (alg) {
    case Algorithm::HS256: {
      static const AlgFixture f = make_fixture(alg);
      return f;
    }
    case Algorithm::RS256: {
      static const AlgFixture f = make_fixture(alg);
      return f;
    }
    case Algorithm::PS256: {
      static const AlgFixture f = make_fixture(alg);
      return f;
    }
    case Algorithm::ES256: {
      static const AlgFixture f = make_fixture(alg);
      return f;
    }
    case Algorithm::EdDSA: {
      static const AlgFixture f = make_fixture(alg);
      return f;
    }
    default:
      throw std::invalid_argument("no benchmark fixture for this algorithm");
  }
}

const AlgFixture* fixture_or_skip(benchmark::State& state, authkit::Algorithm alg) {
  try {
    return &fixture(alg);
  } catch (const std::exception& e) {
    state.SkipWithError((std::string("fixture setup failed: ") + e.what()).c_str());
    return nullptr;
  }
}

authkit::TokenClaims seed_claims() {
  authkit::TokenClaims claims;
  claims.subject = std::string(kSubject);
  claims.email = std::string(kEmail);
  claims.name = std::string(kName);
  return claims;
}

std::string b64url_decode(std::string_view in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    const std::size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) throw std::invalid_argument("not base64url");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace authkit_bench
