// RFC example vectors (rfc/rfc7515.json, rfc7520.json, rfc8037.json, rfc7638.json) through the
// compact JWS layer and the signature layer: published examples must verify, deterministic ones
// must re-sign byte-identical (sig::sign over the exact signing input), randomized ones must
// survive a sign-then-verify round trip, and forms authkit does not accept (alg "none", JSON
// serializations, detached content) must be rejected. Each check is a named case judged by
// Suite, so expected_deviations.json can list one by its "case" name.
// Checklist A1, B2, B7, D1, K6.
#include <authkit/jwt/algorithm.hpp>
#include <authkit/jwt/jwk.hpp>
#include <authkit/jwt/jwk_set.hpp>

#include <openssl/evp.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "crypto/signature.hpp"
#include "jwt/jwk_impl.hpp"
#include "jwt/jws.hpp"
#include "vectors/vectors.hpp"

namespace {

using authkit::Algorithm;
using authkit::Jwk;
using authkit::JwkSet;
using authkit::Result;
using authkit::detail::JwkAccess;
using authkit::testvec::b64u;
using authkit::testvec::Json;
using authkit::testvec::Outcome;
using authkit::testvec::Suite;

constexpr const char* k7515 = "rfc/rfc7515.json";
constexpr const char* k7520 = "rfc/rfc7520.json";
constexpr const char* k8037 = "rfc/rfc8037.json";
constexpr const char* k7638 = "rfc/rfc7638.json";

Algorithm alg_named(const std::string& name) {
  const auto alg = authkit::algorithm_from_name(name);
  REQUIRE(alg.has_value());
  return *alg;
}

Result<JwkSet> set_of(const Result<Jwk>& key) {
  if (!key) return key.error();
  return JwkSet::of(*key);
}

// Verifies a compact token and compares the returned payload.
Outcome verify(const Result<JwkSet>& set, const std::string& token,
               const std::string& expected_payload) {
  if (!set) return Outcome::from(set.error(), "key import");
  auto payload = authkit::jws::verify_compact(*set, token);
  if (!payload) return Outcome::from(payload.error(), "verify_compact");
  if (*payload != expected_payload) return Outcome::reject("PAYLOAD_MISMATCH");
  return Outcome::accept();
}

// Accepted if `token` verifies under any of `sets` (used for must-reject cases).
Outcome verify_any(const std::vector<const Result<JwkSet>*>& sets, const std::string& token) {
  Outcome last = Outcome::reject("NO_KEY_SET");
  for (const Result<JwkSet>* set : sets) {
    if (!*set) return Outcome::from(set->error(), "key import");
    auto payload = authkit::jws::verify_compact(**set, token);
    if (payload) return Outcome::accept();
    last = Outcome::from(payload.error(), "verify_compact");
  }
  return last;
}

// Signs the exact signing input and compares with the published signature.
Outcome sign_identical(const Result<Jwk>& key, const std::string& signing_input,
                       const std::string& expected_sig_b64u) {
  if (!key) return Outcome::from(key.error(), "key import");
  auto sig = authkit::sig::sign(JwkAccess::key(*key), signing_input);
  if (!sig) return Outcome::from(sig.error(), "sign");
  const std::string got = b64u(*sig);
  if (got != expected_sig_b64u) return Outcome::reject("SIGNATURE_DIFFERS", "got " + got);
  return Outcome::accept();
}

// Randomized algorithms: sign, check the length, verify the compact token with the public set.
Outcome round_trip(const Result<Jwk>& key, const Result<JwkSet>& public_set,
                   const std::string& signing_input, std::size_t sig_bytes,
                   const std::string& payload) {
  if (!key) return Outcome::from(key.error(), "key import");
  auto sig = authkit::sig::sign(JwkAccess::key(*key), signing_input);
  if (!sig) return Outcome::from(sig.error(), "sign");
  if (sig->size() != sig_bytes) {
    return Outcome::reject("WRONG_LENGTH", std::to_string(sig->size()) + " bytes");
  }
  return verify(public_set, signing_input + "." + b64u(*sig), payload);
}

// A signature over an exact signing input, checked with sig::verify (primitive level).
Outcome primitive_verify(const Result<Jwk>& key, const std::string& signing_input,
                         const std::string& sig_b64u) {
  if (!key) return Outcome::from(key.error(), "key import");
  const auto sig = authkit::b64::decode(sig_b64u);
  if (!sig) return Outcome::reject("BAD_BASE64URL");
  return Outcome::of(authkit::sig::verify(JwkAccess::key(*key), signing_input, *sig),
                     "SIGNATURE_INVALID");
}

std::string segment(const std::string& token, std::size_t index) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < index; ++i) start = token.find('.', start) + 1;
  const std::size_t end = token.find('.', start);
  return token.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

const Json& example(const Json& doc, const std::string& section) {
  for (const Json& ex : doc.at("examples")) {
    if (ex.at("section") == section) return ex;
  }
  FAIL("no example " << section);
  return doc;
}

// ------------------------------------------------------------------------------------------

TEST_CASE("A1 B2 D1: RFC 7515 appendix A JWS examples", "[vectors][rfc]") {
  authkit::testvec::require_vectors();
  const Json doc = authkit::testvec::load(k7515);
  Suite suite(k7515);

  struct Keys {
    Result<Jwk> priv;
    Result<JwkSet> pub;
  };
  auto keys_of = [](const Json& ex) -> Keys {
    const Algorithm alg = alg_named(ex.at("alg").get<std::string>());
    Result<Jwk> priv = Jwk::from_json(ex.at("jwk"), alg);
    const Json& pub_jwk = ex.at("jwk_public").is_null() ? ex.at("jwk") : ex.at("jwk_public");
    return {std::move(priv), set_of(Jwk::from_json(pub_jwk, alg))};
  };

  std::optional<Keys> hs, rs, es;
  for (const char* section : {"A.1", "A.2", "A.3", "A.4"}) {
    const Json& ex = example(doc, section);
    const std::string s = section;
    Keys keys = keys_of(ex);
    const std::string input = ex.at("signing_input");
    const std::string payload = ex.at("payload_utf8");
    const std::string compact = ex.at("compact");

    suite.run_case(s + " encoding", "valid", [&] {
      bool ok = b64u(ex.at("protected_header_utf8").get<std::string>()) ==
                    ex.at("protected_header_b64u") &&
                b64u(payload) == ex.at("payload_b64u") &&
                input == ex.at("protected_header_b64u").get<std::string>() + "." +
                             ex.at("payload_b64u").get<std::string>() &&
                compact == input + "." + ex.at("signature_b64u").get<std::string>();
      if (ex.contains("protected_header_octets")) {
        const auto octets = ex.at("protected_header_octets").get<std::vector<unsigned char>>();
        ok = ok && std::string(octets.begin(), octets.end()) == ex.at("protected_header_utf8");
      }
      if (ex.contains("key_octets")) {
        const auto octets = ex.at("key_octets").get<std::vector<unsigned char>>();
        ok = ok && std::string(octets.begin(), octets.end()) ==
                       authkit::testvec::b64u_decode(ex.at("jwk").at("k").get<std::string>());
      }
      return Outcome::of(ok, "DATA_MISMATCH");
    });
    suite.run_case(s + " verify", "valid", [&] { return verify(keys.pub, compact, payload); });
    if (ex.at("deterministic").get<bool>()) {
      suite.run_case(s + " sign byte-identical", "valid",
                     [&] { return sign_identical(keys.priv, input, ex.at("signature_b64u")); });
    } else {
      const std::size_t sig_bytes =
          authkit::testvec::b64u_decode(ex.at("signature_b64u").get<std::string>()).size();
      suite.run_case(s + " sign/verify round trip", "valid",
                     [&] { return round_trip(keys.priv, keys.pub, input, sig_bytes, payload); });
    }
    if (s == "A.1") hs = std::move(keys);
    if (s == "A.2") rs = std::move(keys);
    if (s == "A.3") es = std::move(keys);
  }
  REQUIRE((hs && rs && es));

  // A.5: the unsecured JWS must be rejected whatever keys the verifier holds (B2, D1).
  const Json& a5 = example(doc, "A.5");
  suite.run_case("A.5 alg none", "invalid", [&] {
    return verify_any({&hs->pub, &rs->pub, &es->pub}, a5.at("compact"));
  });
  suite.run_case("A.5 alg none with the A.1 signature appended", "invalid", [&] {
    const std::string token = a5.at("signing_input").get<std::string>() + "." +
                              example(doc, "A.1").at("signature_b64u").get<std::string>();
    return verify_any({&hs->pub, &rs->pub, &es->pub}, token);
  });

  // A.6 / A.7: JSON serializations; the signatures are sound (checked at the primitive level),
  // but the compact-only API must reject the serialization (A1).
  auto kid_key = [](const Json& jwk_public, Algorithm alg, const std::string& kid) {
    Json j = jwk_public;
    j["kid"] = kid;
    return Jwk::from_json(j, alg);
  };
  const Json& a2 = example(doc, "A.2");
  const Json& a3 = example(doc, "A.3");
  const Result<Jwk> rs_kid = kid_key(a2.at("jwk_public"), Algorithm::RS256, "2010-12-29");
  const Result<Jwk> es_kid =
      kid_key(a3.at("jwk_public"), Algorithm::ES256, "e9bc097a-ce51-4036-9562-d2ade882db0d");
  REQUIRE(rs_kid.has_value());
  REQUIRE(es_kid.has_value());
  const Result<JwkSet> kid_set = JwkSet::create({*rs_kid, *es_kid});
  REQUIRE(kid_set.has_value());
  auto key_for_kid = [&](const std::string& kid) -> const Result<Jwk>& {
    return kid == "2010-12-29" ? rs_kid : es_kid;
  };

  const Json& a6 = example(doc, "A.6");
  const Json& general = a6.at("json_general");
  std::size_t n = 0;
  for (const Json& sig : general.at("signatures")) {
    suite.run_case("A.6 signature " + std::to_string(++n) + " primitive verify", "valid", [&] {
      return primitive_verify(
          key_for_kid(sig.at("header").at("kid")),
          sig.at("protected").get<std::string>() + "." + general.at("payload").get<std::string>(),
          sig.at("signature"));
    });
  }
  suite.run_case("A.6 general JSON serialization", "invalid",
                 [&] { return verify_any({&kid_set}, general.dump()); });

  const Json& flat = example(doc, "A.7").at("json_flattened");
  suite.run_case("A.7 signature primitive verify", "valid", [&] {
    return primitive_verify(
        key_for_kid(flat.at("header").at("kid")),
        flat.at("protected").get<std::string>() + "." + flat.at("payload").get<std::string>(),
        flat.at("signature"));
  });
  suite.run_case("A.7 flattened JSON serialization", "invalid",
                 [&] { return verify_any({&kid_set}, flat.dump()); });
  suite.finish();
}

// ------------------------------------------------------------------------------------------

TEST_CASE("A1: RFC 7520 section 4 JWS examples", "[vectors][rfc]") {
  authkit::testvec::require_vectors();
  const Json doc = authkit::testvec::load(k7520);
  Suite suite(k7520);

  for (const Json& ex : doc.at("examples")) {
    const std::string s = ex.at("section");
    const Json& in = ex.at("input");
    const std::string payload = in.at("payload");
    const std::string payload_b64u = b64u(payload);
    const Json& out = ex.at("output");

    if (s == "4.8") {
      // Multiple signatures exist only in the general JSON serialization.
      std::vector<Result<Jwk>> keys;
      std::vector<Result<JwkSet>> sets;
      for (std::size_t i = 0; i < in.at("key").size(); ++i) {
        keys.push_back(
            Jwk::from_json(in.at("key")[i], alg_named(in.at("alg")[i].get<std::string>())));
        sets.push_back(set_of(keys.back()));
      }
      for (std::size_t i = 0; i < keys.size(); ++i) {
        const Json& signing = ex.at("signing")[i];
        suite.run_case(
            s + " signature " + std::to_string(i + 1) + " (" + in.at("alg")[i].get<std::string>() +
                ") primitive verify",
            "valid",
            [&] { return primitive_verify(keys[i], signing.at("sig-input"), signing.at("sig")); });
      }
      std::vector<const Result<JwkSet>*> all;
      for (const auto& set : sets) all.push_back(&set);
      suite.run_case(s + " general JSON serialization", "invalid",
                     [&] { return verify_any(all, out.at("json").dump()); });
      continue;
    }

    const Algorithm alg = alg_named(in.at("alg").get<std::string>());
    const Result<Jwk> priv = Jwk::from_json(in.at("key"), alg);
    const Result<JwkSet> pub = set_of(priv);  // JwkSet keeps only the public half
    const Json& signing = ex.at("signing");
    const std::string sig_input = signing.at("sig-input");
    const std::string sig = signing.at("sig");

    if (s == "4.6" || s == "4.7") {
      // Unprotected header members exist only in the JSON serializations (A1).
      suite.run_case(s + " signature primitive verify", "valid",
                     [&] { return primitive_verify(priv, sig_input, sig); });
      suite.run_case(s + " general JSON serialization", "invalid",
                     [&] { return verify_any({&pub}, out.at("json").dump()); });
      suite.run_case(s + " flattened JSON serialization", "invalid",
                     [&] { return verify_any({&pub}, out.at("json_flat").dump()); });
      if (s == "4.7") {
        // Without a protected header the compact form would start with '.'.
        suite.run_case(s + " compact form with an empty protected header", "invalid",
                       [&] { return verify_any({&pub}, sig_input + "." + sig); });
      }
      continue;
    }

    // 4.1 - 4.5: compact examples.
    const std::string compact = out.at("compact");
    suite.run_case(s + " encoding", "valid", [&] {
      const std::string attached =
          signing.at("protected_b64u").get<std::string>() + "." + payload_b64u;
      bool ok = sig_input == attached && segment(compact, 0) == signing.at("protected_b64u") &&
                segment(compact, 2) == sig;
      ok = ok && segment(compact, 1) == (s == "4.5" ? std::string() : payload_b64u);
      return Outcome::of(ok, "DATA_MISMATCH");
    });
    if (s == "4.5") {
      // Detached content: authkit has no detached-payload API. As a compact JWS the token has
      // an empty payload, which the signature does not cover, so it must not verify; with the
      // payload re-attached it must.
      suite.run_case(s + " detached compact verified as an attached JWS", "invalid",
                     [&] { return verify(pub, compact, std::string()); });
      suite.run_case(s + " verify with the payload re-attached", "valid",
                     [&] { return verify(pub, sig_input + "." + sig, payload); });
    } else {
      suite.run_case(s + " verify", "valid", [&] { return verify(pub, compact, payload); });
    }
    if (ex.value("reproducible", false)) {
      suite.run_case(s + " sign byte-identical", "valid",
                     [&] { return sign_identical(priv, sig_input, sig); });
    } else {
      const std::size_t sig_bytes = authkit::testvec::b64u_decode(sig).size();
      suite.run_case(s + " sign/verify round trip", "valid",
                     [&] { return round_trip(priv, pub, sig_input, sig_bytes, payload); });
    }
  }
  suite.finish();
}

// ------------------------------------------------------------------------------------------

TEST_CASE("B7: RFC 8037 Ed25519 - A.4 signs byte-identical - A.5 verifies - A.3 thumbprint",
          "[vectors][rfc]") {
  authkit::testvec::require_vectors();
  const Json doc = authkit::testvec::load(k8037);
  Suite suite(k8037);
  const Json& a1 = doc.at("A.1_private_key");
  const Result<Jwk> priv = Jwk::from_json(a1.at("jwk"));

  suite.run_case("A.1 private key import", "valid", [&] {
    if (!priv) return Outcome::from(priv.error(), "key import");
    const Json& jwk = a1.at("jwk");
    const bool ok =
        priv->algorithm() == Algorithm::EdDSA && priv->can_sign() &&
        authkit::testvec::to_hex(authkit::testvec::b64u_decode(jwk.at("d").get<std::string>())) ==
            a1.at("d_hex") &&
        authkit::testvec::to_hex(authkit::testvec::b64u_decode(jwk.at("x").get<std::string>())) ==
            a1.at("x_hex");
    return Outcome::of(ok, "DATA_MISMATCH");
  });

  const Json& a3 = doc.at("A.3_thumbprint");
  suite.run_case("A.3 thumbprint", "valid", [&] {
    const Result<Jwk> pub = Jwk::from_json(doc.at("A.2_public_key").at("jwk"));
    if (!pub) return Outcome::from(pub.error(), "key import");
    const std::string tp = pub->thumbprint();
    const bool ok =
        tp == a3.at("thumbprint_b64u") &&
        JwkAccess::impl(*pub).thumbprint_input() == a3.at("canonical_json") &&
        authkit::testvec::to_hex(authkit::testvec::b64u_decode(tp)) == a3.at("sha256_hex") &&
        priv && priv->thumbprint() == tp;
    return Outcome::of(ok, "THUMBPRINT_DIFFERS");
  });

  const Json& a4 = doc.at("A.4_signing");
  const std::string input = a4.at("signing_input");
  suite.run_case("A.4 sign byte-identical", "valid", [&] {
    if (!priv) return Outcome::from(priv.error(), "key import");
    auto sig = authkit::sig::sign(JwkAccess::key(*priv), input);
    if (!sig) return Outcome::from(sig.error(), "sign");
    const bool ok =
        b64u(a4.at("protected_header_utf8").get<std::string>()) == a4.at("protected_header_b64u") &&
        b64u(a4.at("payload_utf8").get<std::string>()) == a4.at("payload_b64u") &&
        authkit::testvec::to_hex(*sig) == a4.at("signature_hex") &&
        b64u(*sig) == a4.at("signature_b64u") && input + "." + b64u(*sig) == a4.at("compact");
    return Outcome::of(ok, "SIGNATURE_DIFFERS");
  });

  const Json& a5 = doc.at("A.5_verification");
  const Result<JwkSet> pub_set = set_of(Jwk::from_json(a5.at("jwk")));
  const std::string compact = a5.at("compact");
  const std::string payload = a4.at("payload_utf8");
  suite.run_case("A.5 verify", "valid", [&] { return verify(pub_set, compact, payload); });
  suite.run_case("A.5 signature with one bit flipped", "invalid", [&] {
    std::string sig = authkit::testvec::b64u_decode(segment(compact, 2));
    sig[10] = static_cast<char>(sig[10] ^ 0x01);
    return verify(pub_set, input + "." + b64u(sig), payload);
  });
  suite.run_case("A.5 Ed25519 key with an ES256 header", "invalid", [&] {
    const std::string token = b64u(std::string(R"({"alg":"ES256"})")) + "." +
                              a4.at("payload_b64u").get<std::string>() + "." + segment(compact, 2);
    return verify(pub_set, token, payload);
  });
  suite.finish();
}

// ------------------------------------------------------------------------------------------

TEST_CASE("RFC 7638 section 3.1 JWK thumbprint", "[vectors][rfc]") {
  authkit::testvec::require_vectors();
  const Json doc = authkit::testvec::load(k7638);
  Suite suite(k7638);
  const Json& jwk = doc.at("jwk");
  const std::string expected = doc.at("thumbprint_b64u");

  suite.run_case("3.1 thumbprint", "valid", [&] {
    const Result<Jwk> key = Jwk::from_json(jwk);
    if (!key) return Outcome::from(key.error(), "key import");
    const auto octets = doc.at("sha256_octets").get<std::vector<unsigned char>>();
    const bool ok =
        key->thumbprint() == expected &&
        JwkAccess::impl(*key).thumbprint_input() == doc.at("canonical_json") &&
        authkit::testvec::b64u_decode(expected) == std::string(octets.begin(), octets.end()) &&
        authkit::testvec::to_hex(std::string(octets.begin(), octets.end())) ==
            doc.at("sha256_hex") &&
        key->kid() == jwk.at("kid");
    return Outcome::of(ok, "THUMBPRINT_DIFFERS");
  });
  suite.run_case("3.1 optional members absent; kid defaults to the thumbprint", "valid", [&] {
    const Json bare{{"kty", "RSA"}, {"n", jwk.at("n")}, {"e", jwk.at("e")}};
    const Result<Jwk> key = Jwk::from_json(bare, Algorithm::RS256);
    if (!key) return Outcome::from(key.error(), "key import");
    return Outcome::of(key->thumbprint() == expected && key->kid() == expected,
                       "THUMBPRINT_DIFFERS");
  });
  suite.run_case("3.1 members reordered with whitespace", "valid", [&] {
    const std::string text = "{\n  \"kid\" : \"" + jwk.at("kid").get<std::string>() +
                             "\",\n  \"alg\" : \"RS256\",\n  \"e\" : \"" +
                             jwk.at("e").get<std::string>() + "\",\n  \"n\" : \"" +
                             jwk.at("n").get<std::string>() + "\",\n  \"kty\" : \"RSA\"\n}\n";
    const Result<Jwk> key = Jwk::parse(text);
    if (!key) return Outcome::from(key.error(), "key import");
    return Outcome::of(key->thumbprint() == expected, "THUMBPRINT_DIFFERS");
  });
  suite.finish();
}

}  // namespace
