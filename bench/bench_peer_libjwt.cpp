// Peer: libjwt (C, Debian libjwt-dev, 1.x API: jwt_new/jwt_add_grant/jwt_set_alg/
// jwt_encode_str and jwt_decode). Compiled only when CMake finds libjwt < 3.
//
// libjwt 1.x takes the key as bytes per call: for RS256/ES256 that is the PEM text, which it
// parses on every sign and verify (there is no pre-parsed key API). jwt_decode checks only the
// signature, so the verify benchmark checks exp, iss and aud itself, as a caller must.
#include "bench_common.hpp"

#include <jwt.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace authkit_bench {
namespace {

using authkit::Algorithm;

struct LibjwtAlg {
  Algorithm alg;
  jwt_alg_t id;
};

const std::string& sign_key(const AlgFixture& f) {
  static const std::string secret(kHmacSecret);
  return authkit::is_symmetric(f.alg) ? secret : f.private_pem;
}
const std::string& verify_key(const AlgFixture& f) {
  static const std::string secret(kHmacSecret);
  return authkit::is_symmetric(f.alg) ? secret : f.public_pem;
}

// Issues the seed claims; returns an empty string on failure.
std::string libjwt_sign(const AlgFixture& f, jwt_alg_t id) {
  jwt_t* jwt = nullptr;
  if (jwt_new(&jwt) != 0) return {};
  const std::int64_t now = unix_now();
  const std::string& key = sign_key(f);
  std::string out;
  if (jwt_add_grant(jwt, "sub", std::string(kSubject).c_str()) == 0 &&
      jwt_add_grant(jwt, "email", std::string(kEmail).c_str()) == 0 &&
      jwt_add_grant(jwt, "name", std::string(kName).c_str()) == 0 &&
      jwt_add_grant(jwt, "iss", std::string(kIssuer).c_str()) == 0 &&
      jwt_add_grant(jwt, "aud", std::string(kAudience).c_str()) == 0 &&
      jwt_add_grant_int(jwt, "iat", static_cast<long>(now)) == 0 &&
      jwt_add_grant_int(jwt, "exp", static_cast<long>(now + kLifetimeSeconds)) == 0 &&
      jwt_set_alg(jwt, id, reinterpret_cast<const unsigned char*>(key.data()),
                  static_cast<int>(key.size())) == 0) {
    if (char* token = jwt_encode_str(jwt)) {
      out = token;
      std::free(token);
    }
  }
  jwt_free(jwt);
  return out;
}

// Verifies the signature, then exp, iss and aud. True if the token is acceptable.
bool libjwt_verify(const AlgFixture& f, const std::string& token) {
  jwt_t* jwt = nullptr;
  const std::string& key = verify_key(f);
  if (jwt_decode(&jwt, token.c_str(), reinterpret_cast<const unsigned char*>(key.data()),
                 static_cast<int>(key.size())) != 0) {
    return false;
  }
  const long exp = jwt_get_grant_int(jwt, "exp");
  const char* iss = jwt_get_grant(jwt, "iss");
  const char* aud = jwt_get_grant(jwt, "aud");
  const bool ok =
      exp > unix_now() && iss != nullptr && kIssuer == iss && aud != nullptr && kAudience == aud;
  jwt_free(jwt);
  return ok;
}

void peer_libjwt_sign(benchmark::State& state, LibjwtAlg a) {
  const AlgFixture* f = fixture_or_skip(state, a.alg);
  if (f == nullptr) return;
  for (auto _ : state) {
    std::string token = libjwt_sign(*f, a.id);
    if (token.empty()) {
      state.SkipWithError("libjwt sign failed");
      break;
    }
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void peer_libjwt_verify(benchmark::State& state, LibjwtAlg a) {
  const AlgFixture* f = fixture_or_skip(state, a.alg);
  if (f == nullptr) return;
  // Prefer authkit's seed token (same bytes for everyone); fall back to libjwt's own.
  std::string token = f->token;
  if (!libjwt_verify(*f, token)) {
    token = libjwt_sign(*f, a.id);
    state.SetLabel("own token");
    if (!libjwt_verify(*f, token)) {
      state.SkipWithError("libjwt cannot verify the seed token or its own");
      return;
    }
  }
  for (auto _ : state) {
    if (!libjwt_verify(*f, token)) {
      state.SkipWithError("libjwt verify failed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

[[maybe_unused]] const bool registered = [] {
  for (const LibjwtAlg a :
       {LibjwtAlg{Algorithm::HS256, JWT_ALG_HS256}, LibjwtAlg{Algorithm::RS256, JWT_ALG_RS256},
        LibjwtAlg{Algorithm::ES256, JWT_ALG_ES256}}) {
    const std::string name(authkit::algorithm_name(a.alg));
    benchmark::RegisterBenchmark(("peer/libjwt/" + name + "/sign").c_str(), peer_libjwt_sign, a);
    benchmark::RegisterBenchmark(("peer/libjwt/" + name + "/verify").c_str(), peer_libjwt_verify,
                                 a);
  }
  return true;
}();

}  // namespace
}  // namespace authkit_bench
