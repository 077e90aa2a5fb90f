// Jwk: construction, validation of key material, and metadata.
#include "jwt/jwk_impl.hpp"

#include "crypto/base64url.hpp"
#include "crypto/random.hpp"
#include "crypto/signature.hpp"
#include "jwt/limits.hpp"

#include <openssl/crypto.h>

namespace authkit {
namespace detail {
namespace {

// The EC group name OpenSSL reports for a key, normalised to our names.
bool group_matches(const EVP_PKEY* pkey, const char* want) {
  char name[64] = {0};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) !=
      1) {
    return false;
  }
  return std::string_view(name, len) == want;
}

Result<void> check_ec(Algorithm alg, EVP_PKEY* pkey, bool has_private) {
  const sig::AlgorithmInfo& ai = info(alg);
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC || !group_matches(pkey, ai.ossl_group)) {
    ossl::drain_errors();
    return Error(Errc::invalid_key, std::string("Key is not on the curve ") + ai.curve + " that " +
                                        std::string(algorithm_name(alg)) + " needs");
  }
  ossl::Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!ctx) return ossl::failure("EVP_PKEY_CTX_new_from_pkey");
  // Full public-key validation: on the curve, not infinity, correct order.
  if (EVP_PKEY_public_check(ctx.get()) != 1) {
    return Error(Errc::invalid_key, "EC public point is not valid for the curve",
                 ossl::drain_errors());
  }
  if (has_private && EVP_PKEY_pairwise_check(ctx.get()) != 1) {
    return Error(Errc::invalid_key, "EC private key does not match its public point",
                 ossl::drain_errors());
  }
  return {};
}

Result<void> check_rsa(EVP_PKEY* pkey) {
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
    return Error(Errc::invalid_key, "Key is not an RSA key");
  }
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
      EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
    BN_free(n);
    BN_free(e);
    return Error(Errc::invalid_key, "RSA key lacks n or e", ossl::drain_errors());
  }
  ossl::Ptr<BIGNUM> n_owner(n), e_owner(e);
  return check_rsa_public(n, e);
}

}  // namespace

Result<void> check_kid(std::string_view kid) {
  if (kid.empty() || kid.size() > 256) {
    return Error(Errc::invalid_key, "kid must be 1 to 256 characters");
  }
  for (const char c : kid) {
    if (c < 0x20 || c > 0x7E) return Error(Errc::invalid_key, "kid must be printable ASCII");
  }
  return {};
}

Result<Jwk> JwkAccess::make_hmac(Algorithm alg, std::vector<unsigned char> secret,
                                 std::string kid) {
  auto impl = std::make_shared<Jwk::Impl>(alg);
  impl->key.secret = std::move(secret);  // owned by impl from here on, so it is always wiped
  if (!authkit::is_symmetric(alg)) {
    return Error(Errc::invalid_argument, "HMAC secrets can only be used with HS256/384/512");
  }
  const std::size_t need = info(alg).hash_bytes;
  if (impl->key.secret.size() < need) {
    return Error(Errc::weak_key,
                 std::string(algorithm_name(alg)) + " keys must be at least " +
                     std::to_string(need) + " bytes (RFC 7518 §3.2)",
                 "key has " + std::to_string(impl->key.secret.size()) + " bytes");
  }
  impl->key.has_private = true;
  impl->kid = std::move(kid);
  if (impl->kid.empty()) impl->kid = Jwk(impl).thumbprint();
  if (auto r = check_kid(impl->kid); !r) return r.error();
  return Jwk(std::move(impl));
}

Result<Jwk> JwkAccess::make_asymmetric(Algorithm alg, ossl::Ptr<EVP_PKEY> pkey, bool has_private,
                                       std::string kid) {
  switch (key_type_of(alg)) {
    case KeyType::oct:
      return Error(Errc::invalid_argument, "HS algorithms need a secret, not an asymmetric key");
    case KeyType::RSA:
      if (auto r = check_rsa(pkey.get()); !r) return r.error();
      break;
    case KeyType::EC:
      if (auto r = check_ec(alg, pkey.get(), has_private); !r) return r.error();
      break;
    case KeyType::OKP:
      if (EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_ED25519) {
        return Error(Errc::invalid_key, "EdDSA needs an Ed25519 key");
      }
      break;
  }
  auto impl = std::make_shared<Jwk::Impl>(alg);
  impl->key.pkey = std::move(pkey);
  impl->key.has_private = has_private;
  impl->kid = std::move(kid);
  if (impl->kid.empty()) impl->kid = Jwk(impl).thumbprint();
  if (auto r = check_kid(impl->kid); !r) return r.error();
  if (impl->kty == KeyType::RSA && has_private) {
    // OpenSSL accepts an RSA private key whose d does not belong to n/e; such a key would sign
    // tokens that never verify. One signature at import proves the halves match.
    static constexpr std::string_view kProbe = "authkit RSA private key consistency check";
    auto probe = sig::sign(impl->key, kProbe);
    if (!probe || !sig::verify(impl->key, kProbe, *probe)) {
      return Error(Errc::invalid_key, "RSA private key does not match its public key");
    }
  }
  return Jwk(std::move(impl));
}

Result<std::vector<unsigned char>> get_bn_param(const EVP_PKEY* pkey, const char* name,
                                                std::size_t pad) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) {
    return Error(Errc::invalid_key, std::string("key lacks parameter ") + name,
                 ossl::drain_errors());
  }
  ossl::Ptr<BIGNUM> owner(bn);
  const int len = BN_num_bytes(bn);
  const std::size_t size = pad > 0 ? pad : static_cast<std::size_t>(len);
  if (static_cast<std::size_t>(len) > size) return Error(Errc::invalid_key, "parameter too large");
  std::vector<unsigned char> out(size);
  if (BN_bn2binpad(bn, out.data(), static_cast<int>(size)) < 0)
    return ossl::failure("BN_bn2binpad");
  return out;
}

}  // namespace detail

std::string Jwk::Impl::thumbprint_input() const {
  // RFC 7638 §3.2: required members only, lexicographic order, no whitespace.
  auto b64_param = [&](const char* name, std::size_t pad) {
    auto bytes = detail::get_bn_param(key.pkey.get(), name, pad);
    return bytes ? b64::encode(*bytes) : std::string();
  };
  switch (kty) {
    case KeyType::oct:
      return R"({"k":")" + b64::encode(key.secret) + R"(","kty":"oct"})";
    case KeyType::RSA:
      return R"({"e":")" + b64_param(OSSL_PKEY_PARAM_RSA_E, 0) + R"(","kty":"RSA","n":")" +
             b64_param(OSSL_PKEY_PARAM_RSA_N, 0) + R"("})";
    case KeyType::EC: {
      const sig::AlgorithmInfo& ai = *key.info;
      return std::string(R"({"crv":")") + ai.curve + R"(","kty":"EC","x":")" +
             b64_param(OSSL_PKEY_PARAM_EC_PUB_X, ai.ec_field_bytes) + R"(","y":")" +
             b64_param(OSSL_PKEY_PARAM_EC_PUB_Y, ai.ec_field_bytes) + R"("})";
    }
    case KeyType::OKP: {
      unsigned char raw[32];
      std::size_t len = sizeof raw;
      EVP_PKEY_get_raw_public_key(key.pkey.get(), raw, &len);
      return R"({"crv":"Ed25519","kty":"OKP","x":")" + b64::encode(std::span(raw, len)) + R"("})";
    }
  }
  return {};
}

Algorithm Jwk::algorithm() const noexcept { return impl_->alg; }
KeyType Jwk::key_type() const noexcept { return impl_->kty; }
const std::string& Jwk::kid() const noexcept { return impl_->kid; }
bool Jwk::can_sign() const noexcept { return impl_->key.has_private; }
bool Jwk::is_symmetric() const noexcept { return impl_->kty == KeyType::oct; }

std::string Jwk::thumbprint() const {
  const std::string input = impl_->thumbprint_input();
  unsigned char digest[32];
  unsigned int len = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
    ossl::drain_errors();
    return {};
  }
  return b64::encode(std::span(digest, len));
}

Result<Jwk> Jwk::from_secret(const Secret& secret, Algorithm alg, std::string kid) {
  const auto bytes = secret.reveal();
  return detail::JwkAccess::make_hmac(alg, std::vector<unsigned char>(bytes.begin(), bytes.end()),
                                      std::move(kid));
}

Result<Jwk> Jwk::generate(Algorithm alg, const GenerateKeyOptions& options) {
  if (!options.kid.empty()) {
    if (auto r = detail::check_kid(options.kid); !r) return r.error();
  }
  EVP_PKEY* raw = nullptr;
  switch (key_type_of(alg)) {
    case KeyType::oct: {
      std::vector<unsigned char> bytes(detail::info(alg).hash_bytes);
      if (auto r = rng::fill(bytes); !r) return r.error();
      return detail::JwkAccess::make_hmac(alg, std::move(bytes), options.kid);
    }
    case KeyType::RSA:
      if (options.rsa_bits < detail::kMinRsaBits || options.rsa_bits > detail::kMaxRsaBits ||
          options.rsa_bits % 8 != 0) {
        return Error(Errc::invalid_argument, "rsa_bits must be a multiple of 8 in " +
                                                 std::to_string(detail::kMinRsaBits) + ".." +
                                                 std::to_string(detail::kMaxRsaBits));
      }
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(options.rsa_bits));
      break;
    case KeyType::EC:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", detail::info(alg).ossl_group);
      break;
    case KeyType::OKP:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (raw == nullptr) return ossl::failure("key generation failed");
  return detail::JwkAccess::make_asymmetric(alg, ossl::Ptr<EVP_PKEY>(raw), true, options.kid);
}

Result<Jwk> Jwk::public_key() const {
  if (is_symmetric()) {
    return Error(Errc::invalid_argument, "An HMAC key has no public half");
  }
  if (!impl_->key.has_private) return *this;
  // Re-import only the public part so the private material is not reachable from the copy.
  auto pem = to_public_pem();
  if (!pem) return pem.error();
  return from_pem(*pem, impl_->alg, impl_->kid);
}

}  // namespace authkit
