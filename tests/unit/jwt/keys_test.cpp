// Jwk and JwkSet: generation, import/export round trips, RFC 7638 thumbprints, and key
// validation (security checklist B3, B4, B8).
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <string>
#include <vector>

#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kOk;
using Json = nlohmann::json;

namespace {

std::string header_for(const Jwk& key) {
  return R"({"alg":")" + std::string(algorithm_name(key.algorithm())) + R"(","kid":")" + key.kid() +
         "\"}";
}

// True if a token signed by `signer` (with `verifier`'s kid) verifies under `verifier`.
bool cross_verifies(const Jwk& signer, const Jwk& verifier) {
  const std::string token = test::sign_token(signer, header_for(verifier), test::claims());
  return test::make_verifier(verifier).verify(token).has_value();
}

std::string sha256_b64u(std::string_view text) {
  unsigned char digest[32];
  unsigned int len = 0;
  REQUIRE(EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr) == 1);
  return test::b64u(std::span<const unsigned char>(digest, len));
}

// RFC 7638 canonical JSON built here from exported members, independently of the library.
std::string canonical_jwk(const Jwk& key) {
  switch (key.key_type()) {
    case KeyType::oct: {
      const Json j = *key.to_private_json();
      return R"({"k":")" + j["k"].get<std::string>() + R"(","kty":"oct"})";
    }
    case KeyType::RSA: {
      const Json j = *key.to_public_json();
      return R"({"e":")" + j["e"].get<std::string>() + R"(","kty":"RSA","n":")" +
             j["n"].get<std::string>() + "\"}";
    }
    case KeyType::EC: {
      const Json j = *key.to_public_json();
      return R"({"crv":")" + j["crv"].get<std::string>() + R"(","kty":"EC","x":")" +
             j["x"].get<std::string>() + R"(","y":")" + j["y"].get<std::string>() + "\"}";
    }
    case KeyType::OKP: {
      const Json j = *key.to_public_json();
      return R"({"crv":"Ed25519","kty":"OKP","x":")" + j["x"].get<std::string>() + "\"}";
    }
  }
  return {};
}

std::string bn_param_b64u(const EVP_PKEY* pkey, const char* name) {
  BIGNUM* bn = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(pkey, name, &bn) == 1);
  ossl::Ptr<BIGNUM> owner(bn);
  return test::b64u(test::bn_bytes(bn, static_cast<std::size_t>(BN_num_bytes(bn))));
}

Json rsa_public_jwk(const EVP_PKEY* pkey) {
  return Json{{"kty", "RSA"},
              {"alg", "RS256"},
              {"n", bn_param_b64u(pkey, OSSL_PKEY_PARAM_RSA_N)},
              {"e", bn_param_b64u(pkey, OSSL_PKEY_PARAM_RSA_E)}};
}

Json oct_jwk(std::size_t bytes, const char* alg) {
  return Json{{"kty", "oct"}, {"alg", alg}, {"k", test::b64u(std::string(bytes, 'k'))}};
}

Json public_jwk(Algorithm alg) {
  Json j = *test::cached_key(alg).to_public_json();
  j.erase("kid");
  return j;
}

}  // namespace

TEST_CASE("Jwk round-trips through JWK and PEM for all 13 algorithms", "[jwt][keys]") {
  for (const Algorithm alg : test::kAllAlgorithms) {
    INFO(algorithm_name(alg));
    const Jwk& key = test::cached_key(alg);
    CHECK(key.algorithm() == alg);
    CHECK(key.key_type() == key_type_of(alg));
    CHECK(key.is_symmetric() == is_symmetric(alg));
    CHECK(key.can_sign());
    CHECK(key.kid() == key.thumbprint());  // default kid: RFC 7638 thumbprint
    CHECK(key.thumbprint() == sha256_b64u(canonical_jwk(key)));

    // Private JWK.
    const auto priv = key.to_private_json();
    REQUIRE(priv.has_value());
    CHECK((*priv)["kty"].get<std::string>() == key_type_name(key_type_of(alg)));
    CHECK((*priv)["alg"].get<std::string>() == algorithm_name(alg));
    CHECK((*priv)["use"].get<std::string>() == "sig");
    CHECK((*priv)["kid"].get<std::string>() == key.kid());
    const auto from_priv = Jwk::from_json(*priv);
    REQUIRE(from_priv.has_value());
    CHECK(from_priv->algorithm() == alg);
    CHECK(from_priv->kid() == key.kid());
    CHECK(from_priv->thumbprint() == key.thumbprint());
    CHECK(from_priv->can_sign());
    CHECK(cross_verifies(*from_priv, key));
    CHECK(cross_verifies(key, *from_priv));
    const auto from_text = Jwk::parse(priv->dump());
    REQUIRE(from_text.has_value());
    CHECK(from_text->thumbprint() == key.thumbprint());

    if (is_symmetric(alg)) {
      const std::string k = test::unb64u((*priv)["k"].get<std::string>());
      CHECK(k.size() == detail::info(alg).hash_bytes);  // generated at the hash length
      CHECK(code_of(key.to_public_json()) == Errc::invalid_argument);
      CHECK(code_of(key.to_public_pem()) == Errc::invalid_argument);
      CHECK(code_of(key.to_private_pem()) == Errc::invalid_argument);
      CHECK(code_of(key.public_key()) == Errc::invalid_argument);
      continue;
    }
    CHECK(priv->contains("d"));

    // Public JWK: no private members, verify-only.
    const auto pub = key.to_public_json();
    REQUIRE(pub.has_value());
    for (const char* member : {"d", "p", "q", "dp", "dq", "qi", "k"}) {
      CHECK_FALSE(pub->contains(member));
    }
    const auto from_pub = Jwk::from_json(*pub);
    REQUIRE(from_pub.has_value());
    CHECK_FALSE(from_pub->can_sign());
    CHECK(from_pub->kid() == key.kid());
    CHECK(from_pub->thumbprint() == key.thumbprint());
    CHECK(cross_verifies(key, *from_pub));
    CHECK(code_of(from_pub->to_private_json()) == Errc::invalid_argument);
    CHECK(code_of(from_pub->to_private_pem()) == Errc::invalid_argument);
    IssuerOptions issuer_options;
    issuer_options.lifetime = std::chrono::seconds(60);
    CHECK(code_of(JwtIssuer::create(*from_pub, issuer_options)) == Errc::invalid_key);

    // PEM: PKCS#8 and SPKI; the default kid of an imported key is again the thumbprint.
    const auto priv_pem = key.to_private_pem();
    const auto pub_pem = key.to_public_pem();
    REQUIRE(priv_pem.has_value());
    REQUIRE(pub_pem.has_value());
    CHECK(priv_pem->rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
    CHECK(pub_pem->rfind("-----BEGIN PUBLIC KEY-----", 0) == 0);
    const auto pem_priv = Jwk::from_pem(*priv_pem, alg);
    const auto pem_pub = Jwk::from_pem(*pub_pem, alg);
    REQUIRE(pem_priv.has_value());
    REQUIRE(pem_pub.has_value());
    CHECK(pem_priv->can_sign());
    CHECK_FALSE(pem_pub->can_sign());
    CHECK(pem_priv->kid() == key.kid());
    CHECK(pem_pub->thumbprint() == key.thumbprint());
    CHECK(cross_verifies(*pem_priv, *pem_pub));
    CHECK(cross_verifies(*pem_priv, key));

    // public_key() drops the private part and keeps the kid.
    const auto half = key.public_key();
    REQUIRE(half.has_value());
    CHECK_FALSE(half->can_sign());
    CHECK(half->kid() == key.kid());
    CHECK(cross_verifies(key, *half));
  }
}

TEST_CASE("Jwk::generate honours an explicit kid and validates options", "[jwt][keys]") {
  GenerateKeyOptions options;
  options.kid = "my-key-2024";
  const auto key = Jwk::generate(Algorithm::ES256, options);
  REQUIRE(key.has_value());
  CHECK(key->kid() == "my-key-2024");
  CHECK(key->thumbprint() != key->kid());

  // Two generated keys differ.
  const auto a = Jwk::generate(Algorithm::HS256);
  const auto b = Jwk::generate(Algorithm::HS256);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->kid() != b->kid());

  for (const unsigned bits : {1024U, 2047U, 2049U, 8200U}) {
    GenerateKeyOptions rsa;
    rsa.rsa_bits = bits;
    INFO("rsa_bits " << bits);
    CHECK(code_of(Jwk::generate(Algorithm::RS256, rsa)) == Errc::invalid_argument);
  }
}

TEST_CASE("RFC 7638 thumbprints are the default kid", "[jwt][keys]") {
  // oct keys hash {"k","kty"}; checked against an independent computation.
  const Jwk hs = test::hs256_key();
  CHECK(hs.thumbprint() ==
        sha256_b64u(R"({"k":")" + test::b64u(test::kHs256Secret) + R"(","kty":"oct"})"));
  auto no_kid = Secret::from_string(test::kHs256Secret);
  REQUIRE(no_kid.has_value());
  const auto hs_default = Jwk::from_secret(*no_kid, Algorithm::HS256);
  REQUIRE(hs_default.has_value());
  CHECK(hs_default->kid() == hs.thumbprint());

  const auto rfc = test::load_rfc_vectors("rfc7638.json");
  const std::string expected = rfc["thumbprint_b64u"];
  Json jwk = rfc["jwk"];
  const auto with_kid = Jwk::from_json(jwk);
  REQUIRE(with_kid.has_value());
  CHECK(with_kid->kid() == "2011-04-29");
  CHECK(with_kid->thumbprint() == expected);
  jwk.erase("kid");
  const auto without_kid = Jwk::from_json(jwk);
  REQUIRE(without_kid.has_value());
  CHECK(without_kid->kid() == expected);
  // Member order, whitespace and optional members do not matter.
  const std::string reordered = "{ \"n\" : \"" + jwk["n"].get<std::string>() +
                                "\",\n \"e\":\"AQAB\", \"kty\":\"RSA\", \"use\":\"sig\" }";
  const auto parsed = Jwk::parse(reordered, Algorithm::PS256);
  REQUIRE(parsed.has_value());
  CHECK(parsed->thumbprint() == expected);
  CHECK(parsed->kid() == expected);

  const auto okp = test::load_rfc_vectors("rfc8037.json");
  const auto key = Jwk::from_json(okp["A.2_public_key"]["jwk"]);
  REQUIRE(key.has_value());
  CHECK(key->thumbprint() == okp["A.3_thumbprint"]["thumbprint_b64u"].get<std::string>());
}

TEST_CASE("Jwk import rejects inconsistent or malformed input", "[jwt][keys]") {
  // Algorithm resolution.
  Json rsa = public_jwk(Algorithm::RS256);
  CHECK(code_of(Jwk::from_json(rsa, Algorithm::PS256)) == Errc::invalid_key);  // alg disagrees
  Json rsa_no_alg = rsa;
  rsa_no_alg.erase("alg");
  CHECK(code_of(Jwk::from_json(rsa_no_alg)) == Errc::invalid_key);  // RSA needs an alg
  CHECK(code_of(Jwk::from_json(rsa_no_alg, Algorithm::PS256)) == kOk);
  Json ec_no_alg = public_jwk(Algorithm::ES384);
  ec_no_alg.erase("alg");
  const auto inferred = Jwk::from_json(ec_no_alg);  // crv implies ES384
  REQUIRE(inferred.has_value());
  CHECK(inferred->algorithm() == Algorithm::ES384);

  CHECK(code_of(Jwk::from_json(Json::array())) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_json(Json{{"alg", "HS256"}, {"k", "AAAA"}})) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_json(Json{{"kty", "oct-x"}, {"alg", "HS256"}})) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_json(Json{{"kty", "oct"}, {"alg", "HS999"}, {"k", "AAAA"}})) ==
        Errc::invalid_key);
  CHECK(code_of(Jwk::parse("{\"kty\":\"oct\",\"alg\":\"HS256\",\"k\":\"" +
                           test::b64u(std::string(32, 'a')) + "\",\"k\":\"" +
                           test::b64u(std::string(32, 'b')) + "\"}")) == Errc::invalid_key);
  CHECK(code_of(Jwk::parse("not json")) == Errc::invalid_key);
  Json bad_b64 = oct_jwk(32, "HS256");
  bad_b64["k"] = bad_b64["k"].get<std::string>() + "=";
  CHECK(code_of(Jwk::from_json(bad_b64)) == Errc::invalid_key);
  Json kid_number = oct_jwk(32, "HS256");
  kid_number["kid"] = 5;
  CHECK(code_of(Jwk::from_json(kid_number)) == Errc::invalid_key);

  // Typed constructors.
  auto secret = Secret::from_string(test::kHs256Secret);
  REQUIRE(secret.has_value());
  CHECK(code_of(Jwk::from_secret(*secret, Algorithm::RS256)) == Errc::invalid_argument);
  CHECK(code_of(Jwk::from_pem(*test::cached_key(Algorithm::RS256).to_public_pem(),
                              Algorithm::HS256)) == Errc::invalid_argument);
  CHECK(code_of(Jwk::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                              Algorithm::RS256)) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_pem("", Algorithm::ES256)) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_pem(*test::cached_key(Algorithm::ES256).to_public_pem(),
                              Algorithm::RS256)) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_pem(*test::cached_key(Algorithm::RS256).to_public_pem(),
                              Algorithm::ES256)) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_pem(*test::cached_key(Algorithm::EdDSA).to_public_pem(),
                              Algorithm::ES256)) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_pem(*test::cached_key(Algorithm::ES256).to_public_pem(),
                              Algorithm::EdDSA)) == Errc::invalid_key);
}

TEST_CASE("B3: HMAC keys shorter than the hash output are WEAK_KEY", "[checklist][keys]") {
  struct Case {
    const char* alg;
    std::size_t need;
  };
  for (const Case c : {Case{"HS256", 32}, Case{"HS384", 48}, Case{"HS512", 64}}) {
    INFO(c.alg);
    CHECK(code_of(Jwk::from_json(oct_jwk(c.need - 1, c.alg))) == Errc::weak_key);
    CHECK(code_of(Jwk::from_json(oct_jwk(1, c.alg))) == Errc::weak_key);
    CHECK(code_of(Jwk::from_json(oct_jwk(0, c.alg))) == Errc::weak_key);
    CHECK(code_of(Jwk::from_json(oct_jwk(c.need, c.alg))) == kOk);
    const Json set{{"keys", Json::array({oct_jwk(c.need - 1, c.alg)})}};
    CHECK(code_of(JwkSet::parse_private(set.dump())) == Errc::weak_key);
  }
  // The 31-byte HS256 key is a configuration error at every entry point.
  CHECK(code_of(Secret::from_string(std::string(31, 's'))) == Errc::weak_key);
  auto secret32 = Secret::from_string(std::string(32, 's'));
  REQUIRE(secret32.has_value());
  CHECK(code_of(Jwk::from_secret(*secret32, Algorithm::HS256)) == kOk);
  CHECK(code_of(Jwk::from_secret(*secret32, Algorithm::HS384)) == Errc::weak_key);
  CHECK(code_of(Jwk::from_secret(*secret32, Algorithm::HS512)) == Errc::weak_key);
  auto secret48 = Secret::from_string(std::string(48, 's'));
  REQUIRE(secret48.has_value());
  CHECK(code_of(Jwk::from_secret(*secret48, Algorithm::HS384)) == kOk);
  CHECK(code_of(Jwk::from_secret(*secret48, Algorithm::HS512)) == Errc::weak_key);
  // Generated HMAC keys are RAND_bytes at the hash length.
  for (const Algorithm alg : {Algorithm::HS256, Algorithm::HS384, Algorithm::HS512}) {
    const auto key = Jwk::generate(alg);
    REQUIRE(key.has_value());
    CHECK(test::unb64u((*key->to_private_json())["k"].get<std::string>()).size() ==
          detail::info(alg).hash_bytes);
  }
}

TEST_CASE("B4: RSA moduli below 2048 bits are WEAK_KEY, and e must be odd and > 1",
          "[checklist][keys]") {
  for (const unsigned bits : {1024U, 2040U}) {
    INFO(bits << "-bit RSA");
    auto pkey = test::rsa_keygen(bits);
    CHECK(code_of(Jwk::from_json(rsa_public_jwk(pkey.get()))) == Errc::weak_key);
    CHECK(code_of(Jwk::from_pem(test::pem_of(pkey.get(), false), Algorithm::RS256)) ==
          Errc::weak_key);
    CHECK(code_of(Jwk::from_pem(test::pem_of(pkey.get(), true), Algorithm::PS256)) ==
          Errc::weak_key);
    const Json set{{"keys", Json::array({rsa_public_jwk(pkey.get())})}};
    CHECK(code_of(JwkSet::parse_public(set.dump())) == Errc::weak_key);
  }
  // Signing-side: keys below policy cannot be generated either.
  GenerateKeyOptions small;
  small.rsa_bits = 1024;
  CHECK(code_of(Jwk::generate(Algorithm::RS256, small)) == Errc::invalid_argument);

  // Exponents: 1 and even values are refused; 3 and 65537 are fine.
  const Json good = public_jwk(Algorithm::RS256);
  for (const unsigned long e : {1UL, 2UL, 4UL, 65536UL, 65538UL}) {
    INFO("e = " << e);
    Json jwk = good;
    ossl::Ptr<BIGNUM> bn(BN_new());
    REQUIRE(BN_set_word(bn.get(), e) == 1);
    jwk["e"] =
        test::b64u(test::bn_bytes(bn.get(), static_cast<std::size_t>(BN_num_bytes(bn.get()))));
    CHECK(code_of(Jwk::from_json(jwk)) == Errc::invalid_key);
  }
  Json e3 = good;
  e3["e"] = test::b64u(std::string(1, '\x03'));
  CHECK(code_of(Jwk::from_json(e3)) == kOk);
  CHECK(code_of(Jwk::from_json(good)) == kOk);

  // Above the 8192-bit cap (bounds verification cost).
  std::string huge(1025, '\xFF');  // 8200 bits, odd
  Json big = good;
  big["n"] = test::b64u(huge);
  CHECK(code_of(Jwk::from_json(big)) == Errc::invalid_key);
}

TEST_CASE("B8: JWK import validates type, curve, point, size, use and key_ops",
          "[checklist][keys]") {
  // kty/alg consistency.
  CHECK(code_of(Jwk::from_json(public_jwk(Algorithm::ES256), Algorithm::ES384)) ==
        Errc::invalid_key);
  Json ec_as_rsa = public_jwk(Algorithm::ES256);
  ec_as_rsa["alg"] = "RS256";
  CHECK(code_of(Jwk::from_json(ec_as_rsa)) == Errc::invalid_key);
  Json rsa_as_es = public_jwk(Algorithm::RS256);
  rsa_as_es["alg"] = "ES256";
  CHECK(code_of(Jwk::from_json(rsa_as_es)) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_json(oct_jwk(32, "RS256"))) == Errc::invalid_key);
  Json okp_as_ec = public_jwk(Algorithm::EdDSA);
  okp_as_ec["alg"] = "ES256";
  CHECK(code_of(Jwk::from_json(okp_as_ec)) == Errc::invalid_key);

  // Wrong curve for the algorithm.
  Json wrong_crv = public_jwk(Algorithm::ES256);
  wrong_crv["crv"] = "P-384";
  CHECK(code_of(Jwk::from_json(wrong_crv)) == Errc::invalid_key);
  wrong_crv["crv"] = "secp256k1";
  CHECK(code_of(Jwk::from_json(wrong_crv)) == Errc::invalid_key);

  // EC point not on the curve, and coordinates of the wrong size.
  for (const Algorithm alg : {Algorithm::ES256, Algorithm::ES384, Algorithm::ES512}) {
    INFO(algorithm_name(alg));
    Json off_curve = public_jwk(alg);
    std::string y = test::unb64u(off_curve["y"].get<std::string>());
    y.back() = static_cast<char>(y.back() ^ 0x01);
    off_curve["y"] = test::b64u(y);
    CHECK(code_of(Jwk::from_json(off_curve)) == Errc::invalid_key);
    Json short_x = public_jwk(alg);
    short_x["x"] = test::b64u(test::unb64u(short_x["x"].get<std::string>()).substr(1));
    CHECK(code_of(Jwk::from_json(short_x)) == Errc::invalid_key);
    Json zero = public_jwk(alg);
    const std::size_t field = detail::info(alg).ec_field_bytes;
    zero["x"] = test::b64u(std::string(field, '\0'));
    zero["y"] = test::b64u(std::string(field, '\0'));
    CHECK(code_of(Jwk::from_json(zero)) == Errc::invalid_key);
  }
  // A private EC key whose d does not belong to x/y.
  Json mismatched = *test::cached_key(Algorithm::ES256).to_private_json();
  const auto other = Jwk::generate(Algorithm::ES256);
  REQUIRE(other.has_value());
  mismatched["d"] = (*other->to_private_json())["d"];
  mismatched.erase("kid");
  CHECK(code_of(Jwk::from_json(mismatched)) == Errc::invalid_key);

  // OKP: x must be 32 bytes; only Ed25519.
  Json okp = public_jwk(Algorithm::EdDSA);
  okp["x"] = test::b64u(std::string(31, '\x05'));
  CHECK(code_of(Jwk::from_json(okp)) == Errc::invalid_key);
  okp["x"] = test::b64u(std::string(33, '\x05'));
  CHECK(code_of(Jwk::from_json(okp)) == Errc::invalid_key);
  Json ed448 = public_jwk(Algorithm::EdDSA);
  ed448["crv"] = "Ed448";
  ed448["x"] = test::b64u(std::string(57, '\x05'));
  CHECK(code_of(Jwk::from_json(ed448)) == Errc::invalid_key);
  Json x25519 = public_jwk(Algorithm::EdDSA);
  x25519["crv"] = "X25519";
  CHECK(code_of(Jwk::from_json(x25519)) == Errc::invalid_key);

  // use and key_ops.
  Json use_enc = public_jwk(Algorithm::ES256);
  use_enc["use"] = "enc";
  CHECK(code_of(Jwk::from_json(use_enc)) == Errc::invalid_key);
  for (const Json& ops :
       {Json::array({"encrypt"}), Json::array({"sign", "decrypt"}),
        Json::array({"verify", "verify"}), Json("verify"), Json::array({"wrapKey"})}) {
    INFO("key_ops " << ops.dump());
    Json jwk = public_jwk(Algorithm::ES256);
    jwk["key_ops"] = ops;
    CHECK(code_of(Jwk::from_json(jwk)) == Errc::invalid_key);
  }
  Json ok_ops = public_jwk(Algorithm::ES256);
  ok_ops["use"] = "sig";
  ok_ops["key_ops"] = Json::array({"verify"});
  CHECK(code_of(Jwk::from_json(ok_ops)) == kOk);

  // Key sets: private members in a public set, duplicate kids, mixed HMAC + asymmetric.
  const Json pub_es = *test::cached_key(Algorithm::ES256).to_public_json();
  const Json priv_es = *test::cached_key(Algorithm::ES256).to_private_json();
  const Json pub_ed = *test::cached_key(Algorithm::EdDSA).to_public_json();
  const Json oct = *test::hs256_key().to_private_json();
  auto set_of = [](const std::vector<Json>& keys) {
    Json array = Json::array();
    for (const Json& k : keys) array.push_back(k);
    Json doc = Json::object();
    doc["keys"] = array;
    return doc.dump();
  };
  CHECK(code_of(JwkSet::parse_public(set_of({pub_es, pub_ed}))) == kOk);
  CHECK(code_of(JwkSet::parse_public(set_of({priv_es}))) == Errc::invalid_key);
  CHECK(code_of(JwkSet::parse_public(set_of({oct}))) == Errc::invalid_key);
  Json rsa_with_d = public_jwk(Algorithm::RS256);
  rsa_with_d["d"] = "AQAB";
  CHECK(code_of(JwkSet::parse_public(set_of({rsa_with_d}))) == Errc::invalid_key);
  Json dup = pub_ed;
  dup["kid"] = pub_es["kid"];
  CHECK(code_of(JwkSet::parse_public(set_of({pub_es, dup}))) == Errc::invalid_key);
  CHECK(code_of(JwkSet::parse_private(set_of({priv_es, oct}))) == Errc::invalid_key);
  CHECK(code_of(JwkSet::create({test::hs256_key(), test::cached_key(Algorithm::ES256)})) ==
        Errc::invalid_key);
  CHECK(code_of(JwkSet::create({test::hs256_key("same"), test::hs256_key("same")})) ==
        Errc::invalid_key);
  CHECK(code_of(JwkSet::create({})) == Errc::invalid_key);
  Json use_enc_set = pub_es;
  use_enc_set["use"] = "enc";
  CHECK(code_of(JwkSet::parse_public(set_of({use_enc_set}))) == Errc::invalid_key);
  CHECK(code_of(JwkSet::parse_public(R"({"keys":{}})")) == Errc::invalid_key);
  CHECK(code_of(JwkSet::parse_public(R"({"keys":[],"keys":[]})")) == Errc::invalid_key);
}

TEST_CASE("JwkSet holds public halves, finds by kid and publishes no secrets", "[jwt][keys]") {
  const Jwk& ec = test::cached_key(Algorithm::ES256);
  const Jwk& rsa = test::cached_key(Algorithm::RS256);
  auto set = JwkSet::create({ec, rsa});
  REQUIRE(set.has_value());
  CHECK(set->size() == 2);
  for (const Jwk& k : set->keys()) CHECK_FALSE(k.can_sign());  // private halves dropped
  REQUIRE(set->find(ec.kid()) != nullptr);
  CHECK(set->find(ec.kid())->algorithm() == Algorithm::ES256);
  CHECK(set->find(rsa.kid())->algorithm() == Algorithm::RS256);
  CHECK(set->find("missing") == nullptr);
  CHECK(set->find("") == nullptr);
  CHECK(set->keys()[0].kid() == ec.kid());  // insertion order

  const Json published = set->to_public_json();
  REQUIRE(published["keys"].size() == 2);
  for (const auto& k : published["keys"]) CHECK_FALSE(k.contains("d"));
  const auto reparsed = JwkSet::parse_public(published.dump());
  REQUIRE(reparsed.has_value());
  CHECK(reparsed->find(rsa.kid()) != nullptr);

  // HMAC keys are kept for verification but never published.
  auto hmac_set = JwkSet::of(test::hs256_key());
  REQUIRE(hmac_set.has_value());
  CHECK(hmac_set->keys()[0].can_sign());
  CHECK(hmac_set->to_public_json()["keys"].empty());

  // A private set parses keys with private members and keeps only their public halves.
  const Json priv_doc{{"keys", Json::array({*ec.to_private_json()})}};
  const auto priv_set = JwkSet::parse_private(priv_doc.dump());
  REQUIRE(priv_set.has_value());
  CHECK_FALSE(priv_set->keys()[0].can_sign());
  CHECK(priv_set->keys()[0].kid() == ec.kid());
}
