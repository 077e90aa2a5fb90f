// Shared fixtures for the authkit benchmarks: one key per algorithm, the seed claims, an
// authkit issuer and verifier, and a seed token issued by authkit that every verify benchmark
// (authkit, raw OpenSSL floor, peers) works on, so all of them process the same bytes.
//
// Fixtures are built lazily, on first use, so a filtered run (e.g. --benchmark_filter=HS256)
// never pays for RSA key generation. Building one is thread-safe (function-local statics).
#pragma once

#include <authkit/jwt/issuer.hpp>
#include <authkit/jwt/jwk.hpp>
#include <authkit/jwt/verifier.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace authkit_bench {

// The seed token's claims: {sub, email, name, iat, exp, iss, aud}.
inline constexpr std::string_view kSubject = "user-1234";
inline constexpr std::string_view kEmail = "alice@example.com";
inline constexpr std::string_view kName = "Alice Example";
inline constexpr std::string_view kIssuer = "https://auth.example.com";
inline constexpr std::string_view kAudience = "api";
// Long enough that no benchmark run (minutes) can outlive a token issued at start-up.
inline constexpr std::int64_t kLifetimeSeconds = 6 * 3600;

// The HS256 secret shared by authkit, the floors and the peers. Printable ASCII so that peers
// taking C strings see the same bytes; 40 bytes, above the 32-byte minimum.
inline constexpr std::string_view kHmacSecret = "authkit-benchmark-hs256-secret-0123456789";

/// Everything a benchmark needs for one algorithm.
struct AlgFixture {
  authkit::Algorithm alg;
  authkit::Jwk key;         ///< private (signing) key
  std::string private_pem;  ///< PKCS#8 PEM of `key`; empty for HMAC
  std::string public_pem;   ///< SPKI PEM of `key`; empty for HMAC
  authkit::JwtIssuer issuer;
  authkit::JwtVerifier verifier;  ///< expects iss = kIssuer and aud = kAudience
  std::string token;              ///< the seed token, issued by `issuer`
  std::string signing_input;      ///< `token` up to its second '.'
  std::string signature;          ///< the token's decoded signature (raw r||s for ECDSA)
};

/// The fixture for `alg` (HS256, RS256, PS256, ES256 or EdDSA). Throws on setup failure.
const AlgFixture& fixture(authkit::Algorithm alg);

/// As fixture(), but reports a setup failure through state.SkipWithError and returns null.
const AlgFixture* fixture_or_skip(benchmark::State& state, authkit::Algorithm alg);

/// The seed claims as authkit's TokenClaims (iss/aud/iat/exp come from the issuer).
authkit::TokenClaims seed_claims();

/// Current Unix time in seconds (system clock), as every peer stamps iat/exp.
inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Strict base64url decoding for fixture preparation only (never timed).
std::string b64url_decode(std::string_view in);

}  // namespace authkit_bench
