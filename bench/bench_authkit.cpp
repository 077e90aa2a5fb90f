// authkit's own sign (JwtIssuer::issue) and verify (JwtVerifier::verify) for the seed token.
//
// Sign measures a whole issue(): clock read, claims JSON, base64url, signature. Verify measures
// a whole verify() with iss and aud expectations: split, header, key lookup, signature, claims
// JSON, claim rules, and building the VerifiedClaims.
#include "bench_common.hpp"

#include <string>

namespace authkit_bench {
namespace {

using authkit::Algorithm;

void authkit_sign(benchmark::State& state, Algorithm alg) {
  const AlgFixture* f = fixture_or_skip(state, alg);
  if (f == nullptr) return;
  const authkit::TokenClaims claims = seed_claims();
  for (auto _ : state) {
    auto token = f->issuer.issue(claims);
    if (!token) {
      state.SkipWithError(token.error().detail().c_str());
      break;
    }
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void authkit_verify(benchmark::State& state, Algorithm alg) {
  const AlgFixture* f = fixture_or_skip(state, alg);
  if (f == nullptr) return;
  for (auto _ : state) {
    auto claims = f->verifier.verify(f->token);
    if (!claims) {
      state.SkipWithError(claims.error().detail().c_str());
      break;
    }
    benchmark::DoNotOptimize(claims);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

[[maybe_unused]] const bool registered = [] {
  for (const Algorithm alg :
       {Algorithm::HS256, Algorithm::RS256, Algorithm::PS256, Algorithm::ES256, Algorithm::EdDSA}) {
    const std::string name(authkit::algorithm_name(alg));
    benchmark::RegisterBenchmark(("authkit/" + name + "/sign").c_str(), authkit_sign, alg);
    benchmark::RegisterBenchmark(("authkit/" + name + "/verify").c_str(), authkit_verify, alg);
  }
  // Scaling: the same shared JwtVerifier hammered from 1 and 2 threads. items_per_second is
  // the total over all threads divided by wall time (UseRealTime), so 2-thread / 1-thread is
  // the throughput scaling factor (ideal: 2.0 on 2 idle cores).
  benchmark::RegisterBenchmark("authkit/HS256/verify_mt", authkit_verify, Algorithm::HS256)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  return true;
}();

}  // namespace
}  // namespace authkit_bench
