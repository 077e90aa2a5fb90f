// authkit_bench_profile: runs one hot path in a tight loop for profiling under callgrind
// (scripts/bench_profile.sh). Not a benchmark: it prints nothing but a checksum.
//
//   authkit_bench_profile <op> [iterations]
//   ops: hs256-verify, hs256-sign, hs256-mac-floor, and for <alg> in rs256, ps256, es256,
//        eddsa: <alg>-verify, <alg>-sign, <alg>-verify-floor, <alg>-sign-floor (the floors as
//        in bench_floor.cpp: pre-parsed EVP_PKEY, Init_ex + one-shot EVP call per operation)
//
// The warm-up happens outside profile_region(), so `--toggle-collect='*profile_region*'`
// leaves out one-time costs (fixture, OpenSSL fetches, per-thread context caches).
#include "bench_common.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using authkit_bench::AlgFixture;

enum class Op { verify, sign, mac_floor, verify_floor, sign_floor };

struct MacFloor {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  MacFloor() {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(authkit_bench::kHmacSecret.data()),
                 authkit_bench::kHmacSecret.size(), params);
  }
  ~MacFloor() {
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
  }
  MacFloor(const MacFloor&) = delete;
  MacFloor& operator=(const MacFloor&) = delete;
};

// The asymmetric floor: the key parsed once, a reused EVP_MD_CTX, Init_ex + one-shot per call.
struct EvpFloor {
  EVP_PKEY* key = nullptr;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::string signature;  // DER for ES256, as the floor verifies it
  std::vector<unsigned char> out;
  EvpFloor() = default;
  EvpFloor(const AlgFixture& f, bool is_private) {
    const std::string& pem = is_private ? f.private_pem : f.public_pem;
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    key = is_private ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr)
                     : PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (key != nullptr) out.resize(static_cast<std::size_t>(EVP_PKEY_get_size(key)));
    signature = f.signature;
    if (f.alg == authkit::Algorithm::ES256) {
      ECDSA_SIG* sig = ECDSA_SIG_new();
      const auto* raw = reinterpret_cast<const unsigned char*>(f.signature.data());
      ECDSA_SIG_set0(sig, BN_bin2bn(raw, 32, nullptr), BN_bin2bn(raw + 32, 32, nullptr));
      signature.assign(static_cast<std::size_t>(i2d_ECDSA_SIG(sig, nullptr)), '\0');
      auto* o = reinterpret_cast<unsigned char*>(signature.data());
      i2d_ECDSA_SIG(sig, &o);
      ECDSA_SIG_free(sig);
    }
  }
  ~EvpFloor() {
    EVP_PKEY_free(key);
    EVP_MD_CTX_free(ctx);
  }
  EvpFloor(const EvpFloor&) = delete;
  EvpFloor& operator=(const EvpFloor&) = delete;
};

std::size_t evp_floor(Op op, const AlgFixture& f, EvpFloor& e) {
  const char* md = f.alg == authkit::Algorithm::EdDSA ? nullptr : "SHA256";
  const auto* in = reinterpret_cast<const unsigned char*>(f.signing_input.data());
  EVP_MD_CTX_reset(e.ctx);
  EVP_PKEY_CTX* pctx = nullptr;
  const int init =
      op == Op::sign_floor
          ? EVP_DigestSignInit_ex(e.ctx, &pctx, md, nullptr, nullptr, e.key, nullptr)
          : EVP_DigestVerifyInit_ex(e.ctx, &pctx, md, nullptr, nullptr, e.key, nullptr);
  if (init != 1) return 0;
  if (f.alg == authkit::Algorithm::PS256) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32);
    EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr);
  }
  if (op == Op::sign_floor) {
    std::size_t len = e.out.size();
    return EVP_DigestSign(e.ctx, e.out.data(), &len, in, f.signing_input.size()) == 1 ? len : 0;
  }
  return EVP_DigestVerify(e.ctx, reinterpret_cast<const unsigned char*>(e.signature.data()),
                          e.signature.size(), in, f.signing_input.size()) == 1
             ? 1
             : 0;
}

// One operation; returns a value folded into the checksum so nothing is optimised away.
std::size_t once(Op op, const AlgFixture& f, const authkit::TokenClaims& claims, MacFloor& floor,
                 EvpFloor& evp) {
  switch (op) {
    case Op::verify_floor:
    case Op::sign_floor:
      return evp_floor(op, f, evp);
    case Op::verify: {
      auto r = f.verifier.verify(f.token);
      return r ? r->payload().size() : 0;
    }
    case Op::sign: {
      auto r = f.issuer.issue(claims);
      return r ? r->size() : 0;
    }
    case Op::mac_floor: {
      unsigned char tag[EVP_MAX_MD_SIZE];
      std::size_t len = 0;
      EVP_MAC_init(floor.ctx, nullptr, 0, nullptr);
      EVP_MAC_update(floor.ctx, reinterpret_cast<const unsigned char*>(f.signing_input.data()),
                     f.signing_input.size());
      EVP_MAC_final(floor.ctx, tag, &len, sizeof tag);
      return len + tag[0];
    }
  }
  return 0;
}

[[gnu::noinline]] std::size_t profile_region(Op op, long n, const AlgFixture& f,
                                             const authkit::TokenClaims& claims, MacFloor& floor,
                                             EvpFloor& evp) {
  std::size_t sum = 0;
  for (long i = 0; i < n; ++i) sum += once(op, f, claims, floor, evp);
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <op> [iterations]  (see the comment at the top)\n", argv[0]);
    return 2;
  }
  const std::string name = argv[1];
  const auto dash = name.find('-');
  const std::string alg_name = name.substr(0, dash);
  const std::string what = dash == std::string::npos ? "" : name.substr(dash + 1);
  authkit::Algorithm alg;
  if (alg_name == "hs256") {
    alg = authkit::Algorithm::HS256;
  } else if (alg_name == "rs256") {
    alg = authkit::Algorithm::RS256;
  } else if (alg_name == "ps256") {
    alg = authkit::Algorithm::PS256;
  } else if (alg_name == "es256") {
    alg = authkit::Algorithm::ES256;
  } else if (alg_name == "eddsa") {
    alg = authkit::Algorithm::EdDSA;
  } else {
    std::fprintf(stderr, "unknown algorithm in '%s'\n", argv[1]);
    return 2;
  }
  const bool hmac = alg == authkit::Algorithm::HS256;
  Op op;
  if (what == "verify") {
    op = Op::verify;
  } else if (what == "sign") {
    op = Op::sign;
  } else if (what == "mac-floor" && hmac) {
    op = Op::mac_floor;
  } else if (what == "verify-floor" && !hmac) {
    op = Op::verify_floor;
  } else if (what == "sign-floor" && !hmac) {
    op = Op::sign_floor;
  } else {
    std::fprintf(stderr, "unknown op '%s'\n", argv[1]);
    return 2;
  }
  const long n = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 10000;
  const AlgFixture& f = authkit_bench::fixture(alg);
  const authkit::TokenClaims claims = authkit_bench::seed_claims();
  MacFloor floor;
  std::optional<EvpFloor> evp_storage;
  if (op == Op::verify_floor || op == Op::sign_floor) {
    evp_storage.emplace(f, op == Op::sign_floor);
  } else {
    evp_storage.emplace();
  }
  EvpFloor& evp = *evp_storage;
  std::size_t sum = 0;
  const long warmup = hmac ? 1000 : 20;
  for (long i = 0; i < warmup; ++i) sum += once(op, f, claims, floor, evp);
  sum += profile_region(op, n, f, claims, floor, evp);
  std::printf("%s x %ld: checksum %zu\n", argv[1], n, sum);
  return sum == 0 ? 1 : 0;
}
