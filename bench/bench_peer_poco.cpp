// Peer: Poco::JWT (Debian libpoco-dev; PocoJWT + PocoCrypto + PocoFoundation). Compiled only
// when CMake finds Poco's JWT component.
//
// Poco keeps parsed keys in the Signer (RSAKey/ECKey), like authkit's Jwk, so keys are loaded
// once outside the timed loop. Signer::verify checks only the signature, so the verify
// benchmark checks exp, iss and aud itself, as a caller must.
#include "bench_common.hpp"

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/Exception.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/SharedPtr.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>

namespace authkit_bench {
namespace {

using authkit::Algorithm;

struct PocoSigners {
  std::unique_ptr<Poco::JWT::Signer> signer;    ///< private key
  std::unique_ptr<Poco::JWT::Signer> verifier;  ///< public key only (HMAC: the secret)
  std::string alg;
};

PocoSigners make_signers(const AlgFixture& f) {
  PocoSigners s;
  s.alg = std::string(authkit::algorithm_name(f.alg));
  if (authkit::is_symmetric(f.alg)) {
    s.signer = std::make_unique<Poco::JWT::Signer>(std::string(kHmacSecret));
    s.verifier = std::make_unique<Poco::JWT::Signer>(std::string(kHmacSecret));
  } else if (f.alg == Algorithm::RS256) {
    std::istringstream priv(f.private_pem);
    std::istringstream pub(f.public_pem);
    s.signer = std::make_unique<Poco::JWT::Signer>(
        Poco::SharedPtr<Poco::Crypto::RSAKey>(new Poco::Crypto::RSAKey(nullptr, &priv)));
    s.verifier = std::make_unique<Poco::JWT::Signer>(
        Poco::SharedPtr<Poco::Crypto::RSAKey>(new Poco::Crypto::RSAKey(&pub, nullptr)));
  } else {
    std::istringstream priv(f.private_pem);
    std::istringstream pub(f.public_pem);
    s.signer = std::make_unique<Poco::JWT::Signer>(
        Poco::SharedPtr<Poco::Crypto::ECKey>(new Poco::Crypto::ECKey(nullptr, &priv)));
    s.verifier = std::make_unique<Poco::JWT::Signer>(
        Poco::SharedPtr<Poco::Crypto::ECKey>(new Poco::Crypto::ECKey(&pub, nullptr)));
  }
  s.signer->addAlgorithm(s.alg);
  s.verifier->setAlgorithms({s.alg});
  return s;
}

std::string poco_sign(const PocoSigners& s) {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.setSubject(std::string(kSubject));
  token.payload().set("email", std::string(kEmail));
  token.payload().set("name", std::string(kName));
  token.setIssuer(std::string(kIssuer));
  token.setAudience(std::string(kAudience));
  const std::int64_t now = unix_now();
  token.setIssuedAt(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(now)));
  token.setExpiration(
      Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(now + kLifetimeSeconds)));
  return s.signer->sign(token, s.alg);
}

bool poco_verify(const PocoSigners& s, const std::string& jwt) {
  Poco::JWT::Token token;
  if (!s.verifier->tryVerify(jwt, token)) return false;
  const auto aud = token.getAudience();
  return token.getExpiration() > Poco::Timestamp() && token.getIssuer() == kIssuer &&
         std::find(aud.begin(), aud.end(), kAudience) != aud.end();
}

void peer_poco_sign(benchmark::State& state, Algorithm alg) {
  const AlgFixture* f = fixture_or_skip(state, alg);
  if (f == nullptr) return;
  try {
    const PocoSigners s = make_signers(*f);
    for (auto _ : state) {
      std::string token = poco_sign(s);
      benchmark::DoNotOptimize(token);
    }
  } catch (const Poco::Exception& e) {
    state.SkipWithError(("Poco: " + e.displayText()).c_str());
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void peer_poco_verify(benchmark::State& state, Algorithm alg) {
  const AlgFixture* f = fixture_or_skip(state, alg);
  if (f == nullptr) return;
  try {
    const PocoSigners s = make_signers(*f);
    // Prefer authkit's seed token (same bytes for everyone); fall back to Poco's own.
    std::string token = f->token;
    if (!poco_verify(s, token)) {
      token = poco_sign(s);
      state.SetLabel("own token");
      if (!poco_verify(s, token)) {
        state.SkipWithError("Poco cannot verify the seed token or its own");
        return;
      }
    }
    for (auto _ : state) {
      if (!poco_verify(s, token)) {
        state.SkipWithError("Poco verify failed");
        break;
      }
    }
  } catch (const Poco::Exception& e) {
    state.SkipWithError(("Poco: " + e.displayText()).c_str());
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

[[maybe_unused]] const bool registered = [] {
  for (const Algorithm alg : {Algorithm::HS256, Algorithm::RS256, Algorithm::ES256}) {
    const std::string name(authkit::algorithm_name(alg));
    benchmark::RegisterBenchmark(("peer/poco/" + name + "/sign").c_str(), peer_poco_sign, alg);
    benchmark::RegisterBenchmark(("peer/poco/" + name + "/verify").c_str(), peer_poco_verify, alg);
  }
  return true;
}();

}  // namespace
}  // namespace authkit_bench
