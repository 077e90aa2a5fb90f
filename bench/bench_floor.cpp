// The raw OpenSSL floor: the least work any JWS implementation on OpenSSL 3 must do per token,
// over exactly the seed token's signing input (and signature), with everything that can be
// prepared once (keys, contexts, decoded signatures) prepared outside the timed loop.
//
// HS256
//   floor/HS256/mac_ctx_reuse  An EVP_MAC_CTX keyed once; per call EVP_MAC_init(ctx, NULL, 0,
//                              NULL) (re-arm, keeping the key pads) + EVP_MAC_update +
//                              EVP_MAC_final. This is the floor the HS256 targets refer to.
//   floor/HS256/hmac_oneshot   HMAC() one-shot, which re-keys (and fetches) every call; for
//                              reference only, it is what a naive implementation pays.
//   A verify also needs a constant-time compare of the tag; that (a few ns) is NOT in the floor.
//
// RS256, PS256, ES256, EdDSA (pre-parsed EVP_PKEY, per-thread EVP_MD_CTX reused)
//   floor/<alg>/sign    EVP_DigestSignInit_ex + EVP_DigestSign into a buffer sized once.
//   floor/<alg>/verify  EVP_DigestVerifyInit_ex + EVP_DigestVerify.
//   The *Init_ex call is inside the loop on purpose: a JWT library binding one key to many
//   tokens must (re)initialise the digest-sign/verify operation per token.
//   PS256: the PSS parameters (padding, salt length = 32, MGF1-SHA256) are set per call too,
//   since they live in the per-operation EVP_PKEY_CTX.
//   ES256: the floor uses OpenSSL's native DER ECDSA-Sig-Value. The floor SIGN returns DER and
//   the floor VERIFY checks a DER signature converted once, outside the loop. authkit's figures
//   additionally pay the JWS raw r||s <-> DER conversion (RFC 7518 §3.4); that conversion is
//   part of authkit's measured overhead against this floor, deliberately.
//   EdDSA: no digest (Ed25519 is one-shot), otherwise the same.
#include "bench_common.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace authkit_bench {
namespace {

using authkit::Algorithm;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* p) const noexcept { EVP_MAC_CTX_free(p); }
};
struct MacDeleter {
  void operator()(EVP_MAC* p) const noexcept { EVP_MAC_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

PkeyPtr read_pem(const std::string& pem, bool is_private) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) throw std::runtime_error("BIO_new_mem_buf");
  EVP_PKEY* key = is_private ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr)
                             : PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) throw std::runtime_error("PEM parse failed");
  return PkeyPtr(key);
}

const char* digest_of(Algorithm alg) { return alg == Algorithm::EdDSA ? nullptr : "SHA256"; }

bool set_pss(EVP_PKEY_CTX* pctx) {
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr) == 1;
}

// Raw r||s (32 + 32 bytes) -> DER, for preparing the ES256 floor's input (not timed).
std::string es256_raw_to_der(const std::string& raw) {
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes(raw), 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes(raw) + 32, 32, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    throw std::runtime_error("ECDSA_SIG");
  }
  const int len = i2d_ECDSA_SIG(sig, nullptr);
  std::string der(static_cast<std::size_t>(len), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig, &out);
  ECDSA_SIG_free(sig);
  return der;
}

// ---------------------------------------------------------------------------------------------
// HS256
// ---------------------------------------------------------------------------------------------

void floor_hs256_mac_ctx_reuse(benchmark::State& state) {
  const AlgFixture* f = fixture_or_skip(state, Algorithm::HS256);
  if (f == nullptr) return;
  // Fetch and key once (per thread, as authkit does); only re-arm + MAC per call.
  std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx.get(), bytes(kHmacSecret), kHmacSecret.size(), params) != 1) {
    state.SkipWithError("EVP_MAC setup failed");
    return;
  }
  const std::string& input = f->signing_input;
  unsigned char tag[EVP_MAX_MD_SIZE];
  for (auto _ : state) {
    std::size_t len = 0;
    if (EVP_MAC_init(ctx.get(), nullptr, 0, nullptr) != 1 ||
        EVP_MAC_update(ctx.get(), bytes(input), input.size()) != 1 ||
        EVP_MAC_final(ctx.get(), tag, &len, sizeof tag) != 1) {
      state.SkipWithError("EVP_MAC failed");
      break;
    }
    benchmark::DoNotOptimize(tag);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void floor_hs256_hmac_oneshot(benchmark::State& state) {
  const AlgFixture* f = fixture_or_skip(state, Algorithm::HS256);
  if (f == nullptr) return;
  const std::string& input = f->signing_input;
  unsigned char tag[EVP_MAX_MD_SIZE];
  for (auto _ : state) {
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), kHmacSecret.data(), static_cast<int>(kHmacSecret.size()), bytes(input),
             input.size(), tag, &len) == nullptr) {
      state.SkipWithError("HMAC failed");
      break;
    }
    benchmark::DoNotOptimize(tag);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// ---------------------------------------------------------------------------------------------
// Asymmetric
// ---------------------------------------------------------------------------------------------

void floor_sign(benchmark::State& state, Algorithm alg) {
  const AlgFixture* f = fixture_or_skip(state, alg);
  if (f == nullptr) return;
  PkeyPtr key;
  try {
    key = read_pem(f->private_pem, true);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::vector<unsigned char> sig(static_cast<std::size_t>(EVP_PKEY_get_size(key.get())));
  const std::string& input = f->signing_input;
  const bool pss = alg == Algorithm::PS256;
  for (auto _ : state) {
    EVP_MD_CTX_reset(ctx.get());
    EVP_PKEY_CTX* pctx = nullptr;
    std::size_t len = sig.size();
    if (EVP_DigestSignInit_ex(ctx.get(), &pctx, digest_of(alg), nullptr, nullptr, key.get(),
                              nullptr) != 1 ||
        (pss && !set_pss(pctx)) ||
        EVP_DigestSign(ctx.get(), sig.data(), &len, bytes(input), input.size()) != 1) {
      state.SkipWithError("EVP_DigestSign failed");
      break;
    }
    benchmark::DoNotOptimize(sig.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void floor_verify(benchmark::State& state, Algorithm alg) {
  const AlgFixture* f = fixture_or_skip(state, alg);
  if (f == nullptr) return;
  PkeyPtr key;
  std::string signature;
  try {
    key = read_pem(f->public_pem, false);
    // ES256: OpenSSL verifies DER; the conversion from the JWS raw form is done here, once.
    signature = alg == Algorithm::ES256 ? es256_raw_to_der(f->signature) : f->signature;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const std::string& input = f->signing_input;
  const bool pss = alg == Algorithm::PS256;
  for (auto _ : state) {
    EVP_MD_CTX_reset(ctx.get());
    EVP_PKEY_CTX* pctx = nullptr;
    if (EVP_DigestVerifyInit_ex(ctx.get(), &pctx, digest_of(alg), nullptr, nullptr, key.get(),
                                nullptr) != 1 ||
        (pss && !set_pss(pctx)) ||
        EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(input),
                         input.size()) != 1) {
      state.SkipWithError("EVP_DigestVerify failed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

[[maybe_unused]] const bool registered = [] {
  benchmark::RegisterBenchmark("floor/HS256/mac_ctx_reuse", floor_hs256_mac_ctx_reuse);
  benchmark::RegisterBenchmark("floor/HS256/hmac_oneshot", floor_hs256_hmac_oneshot);
  for (const Algorithm alg :
       {Algorithm::RS256, Algorithm::PS256, Algorithm::ES256, Algorithm::EdDSA}) {
    const std::string name(authkit::algorithm_name(alg));
    benchmark::RegisterBenchmark(("floor/" + name + "/sign").c_str(), floor_sign, alg);
    benchmark::RegisterBenchmark(("floor/" + name + "/verify").c_str(), floor_verify, alg);
  }
  return true;
}();

}  // namespace
}  // namespace authkit_bench
