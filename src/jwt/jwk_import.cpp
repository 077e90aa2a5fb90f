// Importing keys from JWK (RFC 7517/7518/8037) and PEM (PKCS#8, SPKI).
#include "crypto/base64url.hpp"
#include "json/strict_json.hpp"
#include "jwt/jwk_impl.hpp"
#include "jwt/limits.hpp"

#include <openssl/pem.h>

#include <nlohmann/json.hpp>
#include <set>

namespace authkit {
namespace {

using detail::info;
using Json = nlohmann::json;

Error bad_key(std::string message) { return Error(Errc::invalid_key, std::move(message)); }

// A required or optional base64url member. `expect` > 0 demands an exact decoded length.
Result<std::optional<std::string>> b64_member(const Json& jwk, const char* name, bool required,
                                              std::size_t expect = 0) {
  const auto it = jwk.find(name);
  if (it == jwk.end()) {
    if (required) return bad_key(std::string("JWK lacks \"") + name + "\"");
    return std::optional<std::string>();
  }
  if (!it->is_string()) return bad_key(std::string("JWK member \"") + name + "\" must be a string");
  auto bytes = b64::decode(it->get_ref<const std::string&>());
  if (!bytes) return bad_key(std::string("JWK member \"") + name + "\" is not strict base64url");
  if (expect > 0 && bytes->size() != expect) {
    return bad_key(std::string("JWK member \"") + name + "\" must be " + std::to_string(expect) +
                   " bytes");
  }
  return std::optional<std::string>(std::move(*bytes));
}

struct BnParam {
  const char* ossl_name;
  std::string bytes;
};

Result<ossl::Ptr<EVP_PKEY>> pkey_from_params(const char* type, bool has_private,
                                             const std::vector<BnParam>& bns,
                                             const char* group = nullptr,
                                             const std::string* ec_pub = nullptr) {
  ossl::Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld) return ossl::failure("OSSL_PARAM_BLD_new");
  std::vector<ossl::Ptr<BIGNUM>> keep;
  for (const auto& p : bns) {
    ossl::Ptr<BIGNUM> bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(p.bytes.data()),
                                   static_cast<int>(p.bytes.size()), nullptr));
    if (!bn || OSSL_PARAM_BLD_push_BN(bld.get(), p.ossl_name, bn.get()) != 1) {
      return ossl::failure("OSSL_PARAM_BLD_push_BN");
    }
    keep.push_back(std::move(bn));
  }
  if (group != nullptr &&
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1) {
    return ossl::failure("OSSL_PARAM_BLD_push_utf8_string");
  }
  if (ec_pub != nullptr && OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                                            ec_pub->data(), ec_pub->size()) != 1) {
    return ossl::failure("OSSL_PARAM_BLD_push_octet_string");
  }
  ossl::Ptr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld.get()));
  ossl::Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
    return ossl::failure("EVP_PKEY_fromdata_init");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, has_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1) {
    return Error(Errc::invalid_key, "Key parameters are not valid", ossl::drain_errors());
  }
  return ossl::Ptr<EVP_PKEY>(raw);
}

Result<Jwk> import_rsa(const Json& jwk, Algorithm alg, std::string kid) {
  auto n = b64_member(jwk, "n", true);
  if (!n) return n.error();
  auto e = b64_member(jwk, "e", true);
  if (!e) return e.error();
  if ((*n)->empty() || (*e)->empty()) return bad_key("RSA n and e must not be empty");
  if (jwk.contains("oth")) return bad_key("RSA keys with more than two primes are not supported");
  auto d = b64_member(jwk, "d", false);
  if (!d) return d.error();
  std::vector<BnParam> params{{OSSL_PKEY_PARAM_RSA_N, **n}, {OSSL_PKEY_PARAM_RSA_E, **e}};
  const bool has_private = d->has_value();
  static constexpr std::array<std::pair<const char*, const char*>, 5> kCrt{{
      {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
      {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
      {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
      {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
      {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
  }};
  std::size_t crt_present = 0;
  for (const auto& [member, _] : kCrt) crt_present += jwk.contains(member) ? 1 : 0;
  if (!has_private && crt_present > 0) return bad_key("RSA CRT parameters given without \"d\"");
  if (crt_present != 0 && crt_present != kCrt.size()) {
    return bad_key("RSA private keys need all of p, q, dp, dq, qi or none of them");
  }
  if (has_private) {
    params.push_back({OSSL_PKEY_PARAM_RSA_D, **d});
    for (const auto& [member, ossl_name] : kCrt) {
      if (crt_present == 0) break;
      auto v = b64_member(jwk, member, true);
      if (!v) return v.error();
      params.push_back({ossl_name, **v});
    }
  }
  // Policy checks on n and e come before building the OpenSSL key, so weak keys are refused
  // with a specific error.
  ossl::Ptr<BIGNUM> nb(BN_bin2bn(reinterpret_cast<const unsigned char*>((*n)->data()),
                                 static_cast<int>((*n)->size()), nullptr));
  ossl::Ptr<BIGNUM> eb(BN_bin2bn(reinterpret_cast<const unsigned char*>((*e)->data()),
                                 static_cast<int>((*e)->size()), nullptr));
  if (!nb || !eb) return ossl::failure("BN_bin2bn");
  if (auto r = detail::check_rsa_public(nb.get(), eb.get()); !r) return r.error();
  if (crt_present != 0) {
    // n must equal p*q: catches a private JWK whose halves belong to different keys.
    ossl::Ptr<BN_CTX> bnctx(BN_CTX_new());
    ossl::Ptr<BIGNUM> prod(BN_new());
    const std::string& p = params[3].bytes;
    const std::string& q = params[4].bytes;
    ossl::Ptr<BIGNUM> pb(BN_bin2bn(reinterpret_cast<const unsigned char*>(p.data()),
                                   static_cast<int>(p.size()), nullptr));
    ossl::Ptr<BIGNUM> qb(BN_bin2bn(reinterpret_cast<const unsigned char*>(q.data()),
                                   static_cast<int>(q.size()), nullptr));
    if (!bnctx || !prod || !pb || !qb || BN_mul(prod.get(), pb.get(), qb.get(), bnctx.get()) != 1) {
      return ossl::failure("BN_mul");
    }
    if (BN_cmp(prod.get(), nb.get()) != 0) return bad_key("RSA p*q does not equal n");
  }
  auto pkey = pkey_from_params("RSA", has_private, params);
  if (!pkey) return pkey.error();
  return detail::JwkAccess::make_asymmetric(alg, std::move(*pkey), has_private, std::move(kid));
}

Result<Jwk> import_ec(const Json& jwk, Algorithm alg, std::string kid) {
  const auto& ai = info(alg);
  const auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string()) return bad_key("EC JWK lacks \"crv\"");
  if (*crv != ai.curve) {
    return bad_key(std::string(algorithm_name(alg)) + " needs crv " + ai.curve);
  }
  auto x = b64_member(jwk, "x", true, ai.ec_field_bytes);
  if (!x) return x.error();
  auto y = b64_member(jwk, "y", true, ai.ec_field_bytes);
  if (!y) return y.error();
  auto d = b64_member(jwk, "d", false, ai.ec_field_bytes);
  if (!d) return d.error();
  const std::string pub = std::string(1, '\x04') + **x + **y;
  std::vector<BnParam> bns;
  if (d->has_value()) bns.push_back({OSSL_PKEY_PARAM_PRIV_KEY, **d});
  auto pkey = pkey_from_params("EC", d->has_value(), bns, ai.ossl_group, &pub);
  if (!pkey) return Error(Errc::invalid_key, "EC point is not on the curve", pkey.error().detail());
  return detail::JwkAccess::make_asymmetric(alg, std::move(*pkey), d->has_value(), std::move(kid));
}

Result<Jwk> import_okp(const Json& jwk, Algorithm alg, std::string kid) {
  const auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string() || *crv != "Ed25519") {
    return bad_key("Only OKP keys with crv Ed25519 are supported");
  }
  auto x = b64_member(jwk, "x", true, 32);
  if (!x) return x.error();
  auto d = b64_member(jwk, "d", false, 32);
  if (!d) return d.error();
  EVP_PKEY* raw = nullptr;
  if (d->has_value()) {
    raw = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                       reinterpret_cast<const unsigned char*>((*d)->data()), 32);
  } else {
    raw = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                      reinterpret_cast<const unsigned char*>((*x)->data()), 32);
  }
  if (raw == nullptr)
    return Error(Errc::invalid_key, "Ed25519 key is not valid", ossl::drain_errors());
  ossl::Ptr<EVP_PKEY> pkey(raw);
  if (d->has_value()) {
    unsigned char derived[32];
    std::size_t len = sizeof derived;
    if (EVP_PKEY_get_raw_public_key(pkey.get(), derived, &len) != 1 || len != 32 ||
        CRYPTO_memcmp(derived, (*x)->data(), 32) != 0) {
      return bad_key("Ed25519 private key does not match \"x\"");
    }
  }
  return detail::JwkAccess::make_asymmetric(alg, std::move(pkey), d->has_value(), std::move(kid));
}

Result<Jwk> import_oct(const Json& jwk, Algorithm alg, std::string kid) {
  auto k = b64_member(jwk, "k", true);
  if (!k) return k.error();
  std::vector<unsigned char> bytes((*k)->begin(), (*k)->end());
  OPENSSL_cleanse((*k)->data(), (*k)->size());
  return detail::JwkAccess::make_hmac(alg, std::move(bytes), std::move(kid));
}

Result<Algorithm> resolve_algorithm(const Json& jwk, KeyType kty, std::optional<Algorithm> given) {
  std::optional<Algorithm> from_jwk;
  if (const auto it = jwk.find("alg"); it != jwk.end()) {
    if (!it->is_string()) return bad_key("JWK \"alg\" must be a string");
    from_jwk = algorithm_from_name(it->get_ref<const std::string&>());
    if (!from_jwk) {
      return bad_key("JWK \"alg\" " + it->get<std::string>() + " is not a supported JWS algorithm");
    }
  }
  if (from_jwk && given && *from_jwk != *given) {
    return bad_key("JWK \"alg\" differs from the requested algorithm");
  }
  if (from_jwk) return *from_jwk;
  if (given) return *given;
  // EC and OKP curves imply their algorithm; RSA and oct keys are ambiguous.
  const auto crv = jwk.find("crv");
  if (crv != jwk.end() && crv->is_string()) {
    if (auto by_curve = detail::algorithm_for_curve(kty, crv->get_ref<const std::string&>())) {
      return *by_curve;
    }
  }
  return bad_key("JWK has no \"alg\"; pass the algorithm the key is for");
}

Result<void> check_use(const Json& jwk) {
  if (const auto it = jwk.find("use"); it != jwk.end()) {
    if (!it->is_string() || *it != "sig") return bad_key("JWK \"use\" must be \"sig\"");
  }
  if (const auto it = jwk.find("key_ops"); it != jwk.end()) {
    if (!it->is_array()) return bad_key("JWK \"key_ops\" must be an array");
    std::set<std::string> seen;
    for (const auto& op : *it) {
      if (!op.is_string() || (op != "sign" && op != "verify")) {
        return bad_key("JWK \"key_ops\" may only contain \"sign\" and \"verify\"");
      }
      if (!seen.insert(op.get<std::string>()).second) return bad_key("JWK \"key_ops\" repeats");
    }
  }
  return {};
}

// Never prompt on a terminal for a passphrase; encrypted PEM keys are refused.
int no_password(char*, int, int, void*) { return -1; }

}  // namespace

Result<Jwk> Jwk::from_json(const Json& jwk, std::optional<Algorithm> alg) {
  if (!jwk.is_object()) return bad_key("A JWK must be a JSON object");
  const auto kty_it = jwk.find("kty");
  if (kty_it == jwk.end() || !kty_it->is_string()) return bad_key("JWK lacks \"kty\"");
  const std::string& kty_name = kty_it->get_ref<const std::string&>();
  std::optional<KeyType> kty;
  for (KeyType t : {KeyType::oct, KeyType::RSA, KeyType::EC, KeyType::OKP}) {
    if (key_type_name(t) == kty_name) kty = t;
  }
  if (!kty) return bad_key("JWK \"kty\" " + kty_name + " is not supported");
  auto resolved = resolve_algorithm(jwk, *kty, alg);
  if (!resolved) return resolved.error();
  if (key_type_of(*resolved) != *kty) {
    return bad_key("JWK \"kty\" " + kty_name + " cannot be used with " +
                   std::string(algorithm_name(*resolved)));
  }
  if (auto r = check_use(jwk); !r) return r.error();
  std::string kid;
  if (const auto it = jwk.find("kid"); it != jwk.end()) {
    if (!it->is_string()) return bad_key("JWK \"kid\" must be a string");
    kid = it->get<std::string>();
    if (auto r = detail::check_kid(kid); !r) return r.error();
  }
  switch (*kty) {
    case KeyType::oct:
      return import_oct(jwk, *resolved, std::move(kid));
    case KeyType::RSA:
      return import_rsa(jwk, *resolved, std::move(kid));
    case KeyType::EC:
      return import_ec(jwk, *resolved, std::move(kid));
    case KeyType::OKP:
      return import_okp(jwk, *resolved, std::move(kid));
  }
  return bad_key("unsupported key type");
}

Result<Jwk> Jwk::parse(std::string_view text, std::optional<Algorithm> alg) {
  // Strict pass first: nlohmann would silently keep the last of duplicate members.
  json::Object scanned;
  if (text.size() > detail::kMaxJwkBytes ||
      !json::parse_object(text, detail::kJwkJsonLimits, scanned)) {
    return bad_key("JWK is not a strict JSON object");
  }
  auto doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) return bad_key("JWK is not valid JSON");
  return from_json(doc, alg);
}

Result<Jwk> Jwk::from_pem(std::string_view pem, Algorithm alg, std::string kid) {
  if (!kid.empty()) {
    if (auto r = detail::check_kid(kid); !r) return r.error();
  }
  if (key_type_of(alg) == KeyType::oct) {
    return Error(Errc::invalid_argument, "HS algorithms take a Secret, not a PEM key");
  }
  if (pem.size() > detail::kMaxPemBytes) return bad_key("PEM input is too large");
  const bool is_public = pem.find("-----BEGIN PUBLIC KEY-----") != std::string_view::npos;
  ossl::Ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return ossl::failure("BIO_new_mem_buf");
  EVP_PKEY* raw = is_public ? PEM_read_bio_PUBKEY(bio.get(), nullptr, no_password, nullptr)
                            : PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr);
  if (raw == nullptr) {
    return Error(Errc::invalid_key, "PEM is not an unencrypted PKCS#8 or SPKI key",
                 ossl::drain_errors());
  }
  return detail::JwkAccess::make_asymmetric(alg, ossl::Ptr<EVP_PKEY>(raw), !is_public,
                                            std::move(kid));
}

}  // namespace authkit
