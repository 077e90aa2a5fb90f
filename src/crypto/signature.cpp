#include "crypto/signature.hpp"

#include "crypto/mac.hpp"
#include "crypto/ossl.hpp"

#include <openssl/crypto.h>
#include <openssl/rsa.h>

#include <cstring>

namespace authkit::sig {
namespace {

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// A per-thread EVP_MD_CTX saves an allocation per token. It is reset when each use ends, so a
// thread never keeps a reference to the last key (a private signing key included) alive.
class ScopedMdCtx {
 public:
  ScopedMdCtx() noexcept {
    thread_local ossl::Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    ctx_ = ctx.get();
  }
  ~ScopedMdCtx() {
    if (ctx_ != nullptr) EVP_MD_CTX_reset(ctx_);
  }
  ScopedMdCtx(const ScopedMdCtx&) = delete;
  ScopedMdCtx& operator=(const ScopedMdCtx&) = delete;
  EVP_MD_CTX* get() const noexcept { return ctx_; }

 private:
  EVP_MD_CTX* ctx_ = nullptr;
};

bool configure_pss(EVP_PKEY_CTX* pctx, const AlgorithmInfo& ai) {
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, static_cast<int>(ai.hash_bytes)) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, ai.digest, nullptr) == 1;
}

// ECDSA signatures: JWS uses raw r‖s (RFC 7518 §3.4), OpenSSL uses the DER ECDSA-Sig-Value
// SEQUENCE { INTEGER r, INTEGER s }. Both conversions are done by hand: going through
// ECDSA_SIG/BIGNUM (d2i/i2d, BN_bin2bn, the constant-time BN_bn2binpad) costs several
// allocations and about as many instructions as all the JWT work of a token. DER is canonical,
// so the bytes are exactly those i2d_ECDSA_SIG produces.

// Reads a DER length at der[*pos] (short form, or long form with one byte, enough for every
// ECDSA-Sig-Value up to P-521). False if malformed or past `end`.
bool read_der_length(const unsigned char* der, std::size_t end, std::size_t* pos,
                     std::size_t* len) {
  if (*pos >= end) return false;
  const unsigned char first = der[(*pos)++];
  if (first < 0x80) {
    *len = first;
  } else if (first == 0x81 && *pos < end && der[*pos] >= 0x80) {
    *len = der[(*pos)++];
  } else {
    return false;
  }
  return *len <= end - *pos;
}

// Reads one non-negative, minimally encoded DER INTEGER at der[*pos] into `out` (exactly
// `field` bytes, big-endian, left-padded with zeros). False if malformed, negative, not minimal
// or wider than `field`.
bool read_der_uint(const unsigned char* der, std::size_t end, std::size_t* pos, std::size_t field,
                   unsigned char* out) {
  std::size_t len = 0;
  if (*pos >= end || der[(*pos)++] != 0x02 || !read_der_length(der, end, pos, &len) || len == 0) {
    return false;
  }
  const unsigned char* v = der + *pos;
  *pos += len;
  if (v[0] & 0x80) return false;  // negative: never an ECDSA r or s
  if (len > 1 && v[0] == 0) {
    if ((v[1] & 0x80) == 0) return false;  // not minimal DER (as d2i_ECDSA_SIG rejects it)
    ++v;                                   // the sign byte
    --len;
  }
  if (len > field) return false;
  std::memset(out, 0, field - len);
  std::memcpy(out + (field - len), v, len);
  return true;
}

// DER ECDSA-Sig-Value (OpenSSL's signature output) -> raw r‖s, each left-padded to the field
// size.
bool der_to_raw(const unsigned char* der, std::size_t der_len, std::size_t field,
                std::string& out) {
  std::size_t pos = 0;
  std::size_t seq_len = 0;
  if (der_len < 2 || der[pos++] != 0x30 || !read_der_length(der, der_len, &pos, &seq_len) ||
      pos + seq_len != der_len) {
    return false;
  }
  out.assign(2 * field, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  return read_der_uint(der, der_len, &pos, field, o) &&
         read_der_uint(der, der_len, &pos, field, o + field) && pos == der_len;
}

// Appends `field` big-endian bytes as a minimal DER INTEGER (a non-negative value).
void append_der_uint(const unsigned char* v, std::size_t field, std::string& der) {
  std::size_t skip = 0;
  while (skip + 1 < field && v[skip] == 0) ++skip;  // minimal: no leading zeros (keep one byte)
  const bool pad = (v[skip] & 0x80) != 0;           // keep the value positive
  const std::size_t len = field - skip + (pad ? 1 : 0);
  der += '\x02';
  if (len >= 0x80) der += '\x81';
  der += static_cast<char>(len);
  if (pad) der += '\0';
  der.append(reinterpret_cast<const char*>(v + skip), field - skip);
}

// Raw r‖s -> DER, after the caller checked the exact length (2 × field bytes).
bool raw_to_der(std::string_view raw, std::size_t field, std::string& der) {
  std::string body;
  body.reserve(2 * field + 8);
  append_der_uint(bytes(raw), field, body);
  append_der_uint(bytes(raw) + field, field, body);
  der.clear();
  der += '\x30';
  if (body.size() >= 0x80) der += '\x81';
  der += static_cast<char>(body.size());
  der += body;
  return true;
}

}  // namespace

Result<std::string> sign(const KeyMaterial& key, std::string_view input) {
  if (!key.has_private) return Error(Errc::invalid_key, "This key cannot sign (no private part)");
  const AlgorithmInfo& ai = *key.info;
  if (ai.family == KeyFamily::hmac) {
    unsigned char tag[EVP_MAX_MD_SIZE];
    auto len = mac::compute(key, input, tag);
    if (!len) return len.error();
    return std::string(reinterpret_cast<const char*>(tag), *len);
  }
  ScopedMdCtx scoped;
  EVP_MD_CTX* ctx = scoped.get();
  EVP_PKEY_CTX* pctx = nullptr;
  if (ctx == nullptr || EVP_DigestSignInit_ex(ctx, &pctx, ai.digest, nullptr, nullptr,
                                              key.pkey.get(), nullptr) != 1) {
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
  if (ai.family == KeyFamily::ec) {
    std::string raw;
    if (!der_to_raw(o, len, ai.ec_field_bytes, raw)) return ossl::failure("ECDSA DER to raw");
    return raw;
  }
  return out;
}

bool verify(const KeyMaterial& key, std::string_view input, std::string_view signature) {
  const AlgorithmInfo& ai = *key.info;
  if (ai.family == KeyFamily::hmac) {
    unsigned char tag[EVP_MAX_MD_SIZE];
    auto len = mac::compute(key, input, tag);
    // Length is public (it is the algorithm's); the tag bytes are compared in constant time.
    return len && *len == signature.size() &&
           CRYPTO_memcmp(tag, signature.data(), signature.size()) == 0;
  }
  std::string der;
  if (ai.family == KeyFamily::ec) {
    // RFC 7518 §3.4: exactly 2 × field bytes; anything else (DER included) is invalid.
    if (signature.size() != 2 * ai.ec_field_bytes) return false;
    if (!raw_to_der(signature, ai.ec_field_bytes, der)) {
      ossl::drain_errors();
      return false;
    }
    signature = der;
  } else if (ai.family == KeyFamily::okp && signature.size() != 64) {
    return false;
  }
  ScopedMdCtx scoped;
  EVP_MD_CTX* ctx = scoped.get();
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok =
      ctx != nullptr &&
      EVP_DigestVerifyInit_ex(ctx, &pctx, ai.digest, nullptr, nullptr, key.pkey.get(), nullptr) ==
          1 &&
      (!ai.pss || configure_pss(pctx, ai)) &&
      EVP_DigestVerify(ctx, bytes(signature), signature.size(), bytes(input), input.size()) == 1;
  if (!ok) ossl::drain_errors();
  return ok;
}

}  // namespace authkit::sig
