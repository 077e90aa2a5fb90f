// Peer: cpp-jwt (arun11299/cpp-jwt, Debian libcpp-jwt-dev, header-only <jwt/jwt.hpp> on
// nlohmann::json). Compiled only when CMake finds that header.
//
// cpp-jwt takes the key as a string per call: for RS256/ES256 the PEM text, parsed on every
// sign and verify (it has no pre-parsed key API). jwt::decode with verify(true), issuer(...)
// and aud(...) checks the signature, exp, iss and aud.
#include "bench_common.hpp"

#include <jwt/jwt.hpp>

#include <string>
#include <system_error>

namespace authkit_bench {
namespace {

using authkit::Algorithm;

const std::string& sign_key(const AlgFixture& f) {
  static const std::string secret(kHmacSecret);
  return authkit::is_symmetric(f.alg) ? secret : f.private_pem;
}
const std::string& verify_key(const AlgFixture& f) {
  static const std::string secret(kHmacSecret);
  return authkit::is_symmetric(f.alg) ? secret : f.public_pem;
}

// Issues the seed claims; returns an empty string on failure.
std::string cppjwt_sign(const AlgFixture& f) {
  namespace p = jwt::params;
  const std::string alg(authkit::algorithm_name(f.alg));
  const std::int64_t now = unix_now();
  jwt::jwt_object obj{p::algorithm(alg), p::secret(sign_key(f)),
                      p::payload({{"sub", kSubject.data()},
                                  {"email", kEmail.data()},
                                  {"name", kName.data()},
                                  {"iss", kIssuer.data()},
                                  {"aud", kAudience.data()}})};
  obj.add_claim("iat", now);
  obj.add_claim("exp", now + kLifetimeSeconds);
  std::error_code ec;
  std::string token = obj.signature(ec);
  return ec ? std::string() : token;
}

bool cppjwt_verify(const AlgFixture& f, const std::string& token) {
  namespace p = jwt::params;
  const std::string alg(authkit::algorithm_name(f.alg));
  std::error_code ec;
  auto obj = jwt::decode(token, p::algorithms({alg}), ec, p::secret(verify_key(f)), p::verify(true),
                         p::issuer(kIssuer.data()), p::aud(kAudience.data()));
  benchmark::DoNotOptimize(obj);
  return !ec;
}

void peer_cppjwt_sign(benchmark::State& state, Algorithm alg) {
  const AlgFixture* f = fixture_or_skip(state, alg);
  if (f == nullptr) return;
  for (auto _ : state) {
    std::string token = cppjwt_sign(*f);
    if (token.empty()) {
      state.SkipWithError("cpp-jwt sign failed");
      break;
    }
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void peer_cppjwt_verify(benchmark::State& state, Algorithm alg) {
  const AlgFixture* f = fixture_or_skip(state, alg);
  if (f == nullptr) return;
  // Prefer authkit's seed token (same bytes for everyone); fall back to cpp-jwt's own.
  std::string token = f->token;
  if (!cppjwt_verify(*f, token)) {
    token = cppjwt_sign(*f);
    state.SetLabel("own token");
    if (!cppjwt_verify(*f, token)) {
      state.SkipWithError("cpp-jwt cannot verify the seed token or its own");
      return;
    }
  }
  for (auto _ : state) {
    if (!cppjwt_verify(*f, token)) {
      state.SkipWithError("cpp-jwt verify failed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

[[maybe_unused]] const bool registered = [] {
  for (const Algorithm alg : {Algorithm::HS256, Algorithm::RS256, Algorithm::ES256}) {
    const std::string name(authkit::algorithm_name(alg));
    benchmark::RegisterBenchmark(("peer/cpp-jwt/" + name + "/sign").c_str(), peer_cppjwt_sign, alg);
    benchmark::RegisterBenchmark(("peer/cpp-jwt/" + name + "/verify").c_str(), peer_cppjwt_verify,
                                 alg);
  }
  return true;
}();

}  // namespace
}  // namespace authkit_bench
