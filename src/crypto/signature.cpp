#include "crypto/signature.hpp"

#include "crypto/mac.hpp"
#include "crypto/ossl.hpp"
#include "jwt/jwk_impl.hpp"

#include <openssl/crypto.h>
#include <openssl/rsa.h>

namespace authkit::sig {
namespace {

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// A per-thread EVP_MD_CTX, reset before each use, saves an allocation per token.
EVP_MD_CTX* thread_md_ctx() {
  thread_local ossl::Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (ctx) EVP_MD_CTX_reset(ctx.get());
  return ctx.get();
}

bool configure_pss(EVP_PKEY_CTX* pctx, const detail::AlgorithmInfo& ai) {
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, static_cast<int>(ai.hash_bytes)) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, ai.digest, nullptr) == 1;
}

// DER ECDSA-Sig-Value -> raw r‖s, each left-padded to the field size.
bool der_to_raw(const unsigned char* der, std::size_t der_len, std::size_t field, std::string& out) {
  const unsigned char* p = der;
  ossl::Ptr<ECDSA_SIG> s(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)));
  if (!s) return false;
  out.assign(2 * field, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  return BN_bn2binpad(ECDSA_SIG_get0_r(s.get()), o, static_cast<int>(field)) >= 0 &&
         BN_bn2binpad(ECDSA_SIG_get0_s(s.get()), o + field, static_cast<int>(field)) >= 0;
}

// Raw r‖s -> DER, after the caller checked the exact length.
bool raw_to_der(std::string_view raw, std::size_t field, std::string& der) {
  ossl::Ptr<ECDSA_SIG> s(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes(raw), static_cast<int>(field), nullptr);
  BIGNUM* ss = BN_bin2bn(bytes(raw) + field, static_cast<int>(field), nullptr);
  if (!s || r == nullptr || ss == nullptr || ECDSA_SIG_set0(s.get(), r, ss) != 1) {
    BN_free(r);
    BN_free(ss);
    return false;
  }
  const int len = i2d_ECDSA_SIG(s.get(), nullptr);
  if (len <= 0) return false;
  der.resize(static_cast<std::size_t>(len));
  auto* o = reinterpret_cast<unsigned char*>(der.data());
  return i2d_ECDSA_SIG(s.get(), &o) == len;
}

}  // namespace

Result<std::string> sign(const detail::JwkImpl& key, std::string_view input) {
  if (!key.has_private) return Error(Errc::invalid_key, "This key cannot sign (no private part)");
  const auto& ai = detail::info(key.alg);
  if (key.kty == KeyType::oct) {
    unsigned char tag[EVP_MAX_MD_SIZE];
    auto len = mac::compute(key, input, tag);
    if (!len) return len.error();
    return std::string(reinterpret_cast<const char*>(tag), *len);
  }
  EVP_MD_CTX* ctx = thread_md_ctx();
  EVP_PKEY_CTX* pctx = nullptr;
  if (ctx == nullptr ||
      EVP_DigestSignInit_ex(ctx, &pctx, ai.digest, nullptr, nullptr, key.pkey.get(), nullptr) != 1) {
    return ossl::failure("EVP_DigestSignInit_ex");
  }
  if (ai.pss && !configure_pss(pctx, ai)) return ossl::failure("PSS parameters");
  std::size_t len = 0;
  if (EVP_DigestSign(ctx, nullptr, &len, bytes(input), input.size()) != 1) {
    return ossl::failure("EVP_DigestSign (size)");
  }
  std::string out(len, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_DigestSign(ctx, o, &len, bytes(input), input.size()) != 1) {
    return ossl::failure("EVP_DigestSign");
  }
  out.resize(len);
  if (key.kty == KeyType::EC) {
    std::string raw;
    if (!der_to_raw(o, len, ai.ec_field_bytes, raw)) return ossl::failure("ECDSA DER to raw");
    return raw;
  }
  return out;
}

bool verify(const detail::JwkImpl& key, std::string_view input, std::string_view signature) {
  const auto& ai = detail::info(key.alg);
  if (key.kty == KeyType::oct) {
    unsigned char tag[EVP_MAX_MD_SIZE];
    auto len = mac::compute(key, input, tag);
    // Length is public (it is the algorithm's); the tag bytes are compared in constant time.
    return len && *len == signature.size() &&
           CRYPTO_memcmp(tag, signature.data(), signature.size()) == 0;
  }
  std::string der;
  if (key.kty == KeyType::EC) {
    // RFC 7518 §3.4: exactly 2 × field bytes; anything else (DER included) is invalid.
    if (signature.size() != 2 * ai.ec_field_bytes) return false;
    if (!raw_to_der(signature, ai.ec_field_bytes, der)) {
      ossl::drain_errors();
      return false;
    }
    signature = der;
  } else if (key.kty == KeyType::OKP && signature.size() != 64) {
    return false;
  }
  EVP_MD_CTX* ctx = thread_md_ctx();
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = ctx != nullptr &&
            EVP_DigestVerifyInit_ex(ctx, &pctx, ai.digest, nullptr, nullptr, key.pkey.get(),
                                    nullptr) == 1 &&
            (!ai.pss || configure_pss(pctx, ai)) &&
            EVP_DigestVerify(ctx, bytes(signature), signature.size(), bytes(input), input.size()) ==
                1;
  if (!ok) ossl::drain_errors();
  return ok;
}

}  // namespace authkit::sig
