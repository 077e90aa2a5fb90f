// Exporting keys as JWK and PEM.
#include "crypto/base64url.hpp"
#include "jwt/jwk_impl.hpp"

#include <openssl/pem.h>
#include <nlohmann/json.hpp>

namespace authkit {
namespace {

using detail::get_bn_param;
using Json = nlohmann::json;

Result<void> put_bn(Json& out, const char* member, const EVP_PKEY* pkey, const char* param,
                    std::size_t pad = 0) {
  auto bytes = get_bn_param(pkey, param, pad);
  if (!bytes) return bytes.error();
  out[member] = b64::encode(*bytes);
  OPENSSL_cleanse(bytes->data(), bytes->size());
  return {};
}

Result<Json> export_jwk(const Jwk& jwk, bool include_private) {
  const auto& k = detail::JwkAccess::impl(jwk);
  Json out = Json::object();
  out["kty"] = std::string(key_type_name(k.kty));
  out["alg"] = std::string(algorithm_name(k.alg));
  out["use"] = "sig";
  out["kid"] = k.kid;
  const EVP_PKEY* p = k.key.pkey.get();
  switch (k.kty) {
    case KeyType::oct:
      out["k"] = b64::encode(k.key.secret);
      break;
    case KeyType::RSA: {
      if (auto r = put_bn(out, "n", p, OSSL_PKEY_PARAM_RSA_N); !r) return r.error();
      if (auto r = put_bn(out, "e", p, OSSL_PKEY_PARAM_RSA_E); !r) return r.error();
      if (!include_private) break;
      if (auto r = put_bn(out, "d", p, OSSL_PKEY_PARAM_RSA_D); !r) return r.error();
      // CRT parameters are optional in a JWK but make signing ~3x faster; export when known.
      static constexpr std::array<std::pair<const char*, const char*>, 5> kCrt{{
          {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
          {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
          {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
          {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
          {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
      }};
      Json crt = Json::object();
      bool complete = true;
      for (const auto& [member, param] : kCrt) {
        if (!put_bn(crt, member, p, param)) {
          complete = false;
          break;
        }
      }
      ossl::drain_errors();
      if (complete) out.update(crt);
      break;
    }
    case KeyType::EC: {
      const sig::AlgorithmInfo& ai = *k.key.info;
      out["crv"] = ai.curve;
      if (auto r = put_bn(out, "x", p, OSSL_PKEY_PARAM_EC_PUB_X, ai.ec_field_bytes); !r) {
        return r.error();
      }
      if (auto r = put_bn(out, "y", p, OSSL_PKEY_PARAM_EC_PUB_Y, ai.ec_field_bytes); !r) {
        return r.error();
      }
      if (include_private) {
        if (auto r = put_bn(out, "d", p, OSSL_PKEY_PARAM_PRIV_KEY, ai.ec_field_bytes); !r) {
          return r.error();
        }
      }
      break;
    }
    case KeyType::OKP: {
      out["crv"] = "Ed25519";
      unsigned char raw[32];
      std::size_t len = sizeof raw;
      if (EVP_PKEY_get_raw_public_key(p, raw, &len) != 1) return ossl::failure("raw public key");
      out["x"] = b64::encode(std::span(raw, len));
      if (include_private) {
        len = sizeof raw;
        if (EVP_PKEY_get_raw_private_key(p, raw, &len) != 1)
          return ossl::failure("raw private key");
        out["d"] = b64::encode(std::span(raw, len));
        OPENSSL_cleanse(raw, sizeof raw);
      }
      break;
    }
  }
  return out;
}

Result<std::string> bio_to_string(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) return ossl::failure("BIO_get_mem_data");
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

Result<nlohmann::json> Jwk::to_public_json() const {
  if (is_symmetric()) return Error(Errc::invalid_argument, "An HMAC key has no public form");
  return export_jwk(*this, false);
}

Result<nlohmann::json> Jwk::to_private_json() const {
  if (!can_sign()) return Error(Errc::invalid_argument, "This key has no private part");
  return export_jwk(*this, true);
}

Result<std::string> Jwk::to_public_pem() const {
  if (is_symmetric()) return Error(Errc::invalid_argument, "An HMAC key has no PEM form");
  ossl::Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), impl_->key.pkey.get()) != 1) {
    return ossl::failure("PEM_write_bio_PUBKEY");
  }
  return bio_to_string(bio.get());
}

Result<std::string> Jwk::to_private_pem() const {
  if (is_symmetric()) return Error(Errc::invalid_argument, "An HMAC key has no PEM form");
  if (!can_sign()) return Error(Errc::invalid_argument, "This key has no private part");
  ossl::Ptr<BIO> bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), impl_->key.pkey.get(), nullptr, nullptr, 0,
                                            nullptr, nullptr) != 1) {
    return ossl::failure("PEM_write_bio_PKCS8PrivateKey");
  }
  return bio_to_string(bio.get());
}

}  // namespace authkit
