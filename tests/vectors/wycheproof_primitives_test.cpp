// Wycheproof primitive vectors (HMAC, ECDSA P1363, Ed25519, RSASSA-PKCS1-v1_5, RSASSA-PSS) run
// through authkit's own signature layer: keys are imported as JWKs (so the key policy applies)
// and every signature goes through sig::verify on the key's impl, the path JWS verification
// uses. Checklist B3, B4, B5, B6, B7, D6, D10, K6.
#include <authkit/jwt/algorithm.hpp>
#include <authkit/jwt/jwk.hpp>
#include <authkit/secret.hpp>

#include <openssl/crypto.h>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "crypto/mac.hpp"
#include "crypto/signature.hpp"
#include "jwt/jwk_impl.hpp"
#include "vectors/vectors.hpp"

namespace {

using authkit::Algorithm;
using authkit::Errc;
using authkit::Jwk;
using authkit::detail::JwkAccess;
using authkit::testvec::b64u;
using authkit::testvec::bigint_bytes;
using authkit::testvec::from_hex;
using authkit::testvec::Json;
using authkit::testvec::Outcome;
using authkit::testvec::Suite;

std::vector<unsigned char> to_vector(const std::string& bytes) {
  return std::vector<unsigned char>(bytes.begin(), bytes.end());
}

bool has_flag(const Json& test, const std::string& flag) {
  for (const Json& f : test.value("flags", Json::array())) {
    if (f == flag) return true;
  }
  return false;
}

// Cross-checks that two imports of the same group key agree (both refused, or the same key).
void cross_check(Suite& suite, const authkit::Result<Jwk>& ours, const authkit::Result<Jwk>& theirs,
                 const std::string& what) {
  const bool same = ours.has_value() == theirs.has_value() &&
                    (!ours.has_value() || ours->thumbprint() == theirs->thumbprint());
  if (!same)
    suite.fail("group", what, "the key built from the raw values and the group's JWK differ");
}

// ------------------------------------------------------------------------------------------
// HMAC
// ------------------------------------------------------------------------------------------

struct HmacFile {
  const char* file;
  Algorithm alg;
  std::size_t hash_bytes;
};

constexpr HmacFile kHmacFiles[] = {
    {"wycheproof/hmac_sha256_test.json", Algorithm::HS256, 32},
    {"wycheproof/hmac_sha384_test.json", Algorithm::HS384, 48},
    {"wycheproof/hmac_sha512_test.json", Algorithm::HS512, 64},
};

TEST_CASE("B3: Wycheproof HMAC-SHA256/384/512 vectors through the library MAC",
          "[vectors][wycheproof][hmac]") {
  authkit::testvec::require_vectors();
  for (const HmacFile& hf : kHmacFiles) {
    Suite suite(hf.file);
    const Json doc = authkit::testvec::load(hf.file);
    std::size_t truncated_run = 0;
    std::size_t truncated_accepted_by_jws = 0;
    for (const Json& group : doc.at("testGroups")) {
      const std::size_t tag_bytes = group.at("tagSize").get<std::size_t>() / 8;
      // A group whose tag is shorter than the hash is a truncated MAC. JWS never truncates,
      // so those tags are compared on their first tag_bytes only (a primitive-level test).
      const bool truncated = tag_bytes < hf.hash_bytes;
      for (const Json& test : group.at("tests")) {
        suite.run(test, [&]() -> Outcome {
          // Keys shorter than the hash are refused by make_hmac (RFC 7518 §3.2, B3); those
          // refusals are listed in expected_deviations.json.
          auto key = JwkAccess::make_hmac(
              hf.alg, to_vector(from_hex(test.at("key").get<std::string>())), "wycheproof");
          if (!key) return Outcome::from(key.error(), "HMAC key");
          const std::string msg = from_hex(test.at("msg").get<std::string>());
          const std::string tag = from_hex(test.at("tag").get<std::string>());
          if (!truncated) {
            return Outcome::of(authkit::sig::verify(JwkAccess::key(*key), msg, tag),
                               "MAC_MISMATCH");
          }
          ++truncated_run;
          if (authkit::sig::verify(JwkAccess::key(*key), msg, tag)) ++truncated_accepted_by_jws;
          unsigned char full[EVP_MAX_MD_SIZE];
          auto len = authkit::mac::compute(JwkAccess::key(*key), msg, full);
          if (!len) return Outcome::from(len.error(), "HMAC");
          const bool ok = *len == hf.hash_bytes && tag.size() == tag_bytes &&
                          CRYPTO_memcmp(full, tag.data(), tag_bytes) == 0;
          return Outcome::of(ok, "MAC_MISMATCH");
        });
      }
    }
    suite.finish();
    std::cout << "  " << truncated_run
              << " truncated-tag vectors compared on their prefix; the JWS verify path accepted "
              << truncated_accepted_by_jws << " of them (must be 0)\n";
    CHECK(truncated_run > 0);
    CHECK(truncated_accepted_by_jws == 0);
  }
}

TEST_CASE("B3: Wycheproof HMAC keys shorter than the hash are refused by the JWS key API",
          "[vectors][wycheproof][hmac]") {
  authkit::testvec::require_vectors();
  std::size_t refused = 0;
  std::size_t accepted_long = 0;
  for (const HmacFile& hf : kHmacFiles) {
    const Json doc = authkit::testvec::load(hf.file);
    const std::string alg_name(authkit::algorithm_name(hf.alg));
    for (const Json& group : doc.at("testGroups")) {
      const std::size_t key_bytes = group.at("keySize").get<std::size_t>() / 8;
      for (const Json& test : group.at("tests")) {
        const std::string key = from_hex(test.at("key").get<std::string>());
        INFO(hf.file << ":" << test.at("tcId") << " " << alg_name << " key of " << key.size()
                     << " bytes");
        REQUIRE(key.size() == key_bytes);
        const Json jwk{{"kty", "oct"}, {"alg", alg_name}, {"k", b64u(key)}, {"kid", "wp"}};
        const Json jwks{{"keys", Json::array({jwk})}};
        auto from_json = Jwk::from_json(jwk);
        auto set = authkit::JwkSet::parse_private(jwks.dump());
        if (key_bytes >= hf.hash_bytes) {
          CHECK(from_json.has_value());
          CHECK(set.has_value());
          ++accepted_long;
          continue;
        }
        // Secret itself refuses < 32 bytes; from_secret refuses < hash length.
        auto secret = authkit::Secret::from_bytes(
            std::span(reinterpret_cast<const unsigned char*>(key.data()), key.size()));
        if (secret) {
          auto jwk_from_secret = Jwk::from_secret(*secret, hf.alg);
          REQUIRE_FALSE(jwk_from_secret.has_value());
          CHECK(jwk_from_secret.error().code() == Errc::weak_key);
        } else {
          CHECK(secret.error().code() == Errc::weak_key);
        }
        REQUIRE_FALSE(from_json.has_value());
        CHECK(from_json.error().code() == Errc::weak_key);
        REQUIRE_FALSE(set.has_value());
        CHECK(set.error().code() == Errc::weak_key);
        ++refused;
      }
    }
  }
  std::cout << "wycheproof hmac key policy: " << refused << " short keys refused (WEAK_KEY), "
            << accepted_long << " keys >= hash accepted\n";
  CHECK(refused == 18);
  CHECK(accepted_long > 0);
}

// ------------------------------------------------------------------------------------------
// ECDSA (IEEE P1363 r||s)
// ------------------------------------------------------------------------------------------

std::string der_length(std::size_t n) {
  if (n < 0x80) return std::string(1, static_cast<char>(n));
  if (n < 0x100) return std::string{'\x81', static_cast<char>(n)};
  return std::string{'\x82', static_cast<char>(n >> 8), static_cast<char>(n & 0xFF)};
}

std::string der_integer(std::string bytes) {
  std::size_t lead = 0;
  while (lead + 1 < bytes.size() && bytes[lead] == '\0') ++lead;
  bytes.erase(0, lead);
  if (bytes.empty() || (static_cast<unsigned char>(bytes[0]) & 0x80) != 0) bytes.insert(0, 1, '\0');
  return "\x02" + der_length(bytes.size()) + bytes;
}

// The DER ECDSA-Sig-Value of a raw r||s signature, which JWS must never accept (B5).
std::string raw_to_der(const std::string& raw) {
  const std::size_t half = raw.size() / 2;
  const std::string body = der_integer(raw.substr(0, half)) + der_integer(raw.substr(half));
  return "\x30" + der_length(body.size()) + body;
}

void run_ecdsa(const std::string& file, const std::string& curve, Algorithm alg, const char* crv,
               std::size_t field) {
  Suite suite(file);
  const Json doc = authkit::testvec::load(file);
  std::size_t invalid_signature = 0;
  std::size_t signature_size = 0;
  std::size_t der_tried = 0;
  std::size_t der_accepted = 0;
  for (const Json& group : doc.at("testGroups")) {
    const Json& pk = group.at("publicKey");
    REQUIRE(pk.at("curve") == curve);
    const Json jwk{{"kty", "EC"},
                   {"crv", crv},
                   {"x", b64u(bigint_bytes(pk.at("wx").get<std::string>(), field))},
                   {"y", b64u(bigint_bytes(pk.at("wy").get<std::string>(), field))},
                   {"kid", "wycheproof"}};
    const auto key = Jwk::from_json(jwk, alg);
    if (group.contains("publicKeyJwk")) {
      cross_check(suite, key, Jwk::from_json(group["publicKeyJwk"], alg), "publicKeyJwk");
    }
    for (const Json& test : group.at("tests")) {
      suite.run(test, [&]() -> Outcome {
        if (!key) return Outcome::from(key.error(), "key import");
        const std::string msg = from_hex(test.at("msg").get<std::string>());
        const std::string sig = from_hex(test.at("sig").get<std::string>());
        const bool ok = authkit::sig::verify(JwkAccess::key(*key), msg, sig);
        if (has_flag(test, "InvalidSignature") && !ok) ++invalid_signature;
        if (has_flag(test, "SignatureSize") && !ok) ++signature_size;
        if (ok && sig.size() == 2 * field) {
          ++der_tried;
          if (authkit::sig::verify(JwkAccess::key(*key), msg, raw_to_der(sig))) ++der_accepted;
        }
        return Outcome::of(ok, "SIGNATURE_INVALID");
      });
    }
  }
  suite.finish();
  std::cout << "  " << invalid_signature
            << " InvalidSignature vectors (CVE-2022-21449 family) rejected, " << signature_size
            << " SignatureSize vectors rejected, " << der_tried
            << " valid signatures re-encoded as DER: " << der_accepted << " accepted (must be 0)\n";
  CHECK(invalid_signature > 0);
  CHECK(der_tried > 0);
  CHECK(der_accepted == 0);
}

TEST_CASE("B5 D6: Wycheproof ECDSA P-256 P1363 vectors", "[vectors][wycheproof][ecdsa]") {
  authkit::testvec::require_vectors();
  run_ecdsa("wycheproof/ecdsa_secp256r1_sha256_p1363_test.json", "secp256r1", Algorithm::ES256,
            "P-256", 32);
}

TEST_CASE("B5 D6: Wycheproof ECDSA P-384 P1363 vectors", "[vectors][wycheproof][ecdsa]") {
  authkit::testvec::require_vectors();
  run_ecdsa("wycheproof/ecdsa_secp384r1_sha384_p1363_test.json", "secp384r1", Algorithm::ES384,
            "P-384", 48);
}

TEST_CASE("B5 D6: Wycheproof ECDSA P-521 P1363 vectors", "[vectors][wycheproof][ecdsa]") {
  authkit::testvec::require_vectors();
  run_ecdsa("wycheproof/ecdsa_secp521r1_sha512_p1363_test.json", "secp521r1", Algorithm::ES512,
            "P-521", 66);
}

// ------------------------------------------------------------------------------------------
// Ed25519
// ------------------------------------------------------------------------------------------

TEST_CASE("B7: Wycheproof Ed25519 vectors", "[vectors][wycheproof][eddsa]") {
  authkit::testvec::require_vectors();
  const std::string file = "wycheproof/ed25519_test.json";
  Suite suite(file);
  const Json doc = authkit::testvec::load(file);
  for (const Json& group : doc.at("testGroups")) {
    const Json& pk = group.at("publicKey");
    REQUIRE(pk.at("curve") == "edwards25519");
    const Json jwk{{"kty", "OKP"},
                   {"crv", "Ed25519"},
                   {"x", b64u(from_hex(pk.at("pk").get<std::string>()))},
                   {"kid", "wycheproof"}};
    const auto key = Jwk::from_json(jwk, Algorithm::EdDSA);
    if (group.contains("publicKeyJwk")) {
      cross_check(suite, key, Jwk::from_json(group["publicKeyJwk"], Algorithm::EdDSA),
                  "publicKeyJwk");
    }
    for (const Json& test : group.at("tests")) {
      suite.run(test, [&]() -> Outcome {
        if (!key) return Outcome::from(key.error(), "key import");
        const std::string msg = from_hex(test.at("msg").get<std::string>());
        const std::string sig = from_hex(test.at("sig").get<std::string>());
        return Outcome::of(authkit::sig::verify(JwkAccess::key(*key), msg, sig),
                           "SIGNATURE_INVALID");
      });
    }
  }
  suite.finish();
}

// ------------------------------------------------------------------------------------------
// RSA
// ------------------------------------------------------------------------------------------

Algorithm rsa_algorithm(const std::string& sha, bool pss) {
  if (sha == "SHA-256") return pss ? Algorithm::PS256 : Algorithm::RS256;
  if (sha == "SHA-384") return pss ? Algorithm::PS384 : Algorithm::RS384;
  if (sha == "SHA-512") return pss ? Algorithm::PS512 : Algorithm::RS512;
  FAIL("unsupported hash " << sha);
  return Algorithm::RS256;
}

// The group's key as a JWK built from modulus/publicExponent (leading 00 stripped).
authkit::Result<Jwk> rsa_key(const Json& group, Algorithm alg) {
  const Json& pk = group.at("publicKey");
  const Json jwk{{"kty", "RSA"},
                 {"n", b64u(bigint_bytes(pk.at("modulus").get<std::string>()))},
                 {"e", b64u(bigint_bytes(pk.at("publicExponent").get<std::string>()))},
                 {"kid", "wycheproof"}};
  return Jwk::from_json(jwk, alg);
}

void run_rsa_file(const std::string& file, bool pss) {
  Suite suite(file);
  // SOURCES.md baseline: OpenSSL 3.0.19 (and 4.0.0) reject a DigestInfo without the NULL
  // parameter; authkit pins that outcome so a change shows up.
  suite.pin_acceptable("MissingNull", false);
  const Json doc = authkit::testvec::load(file);
  for (const Json& group : doc.at("testGroups")) {
    const Algorithm alg = rsa_algorithm(group.at("sha").get<std::string>(), pss);
    if (pss) {
      // PS256 in JWS is MGF1 with the same hash and sLen = hash length; the verifier enforces
      // that, so only groups with exactly those parameters are PS* vectors.
      REQUIRE(group.at("mgf") == "MGF1");
      REQUIRE(group.at("mgfSha") == group.at("sha"));
      REQUIRE(group.at("sLen") == authkit::detail::info(alg).hash_bytes);
    }
    const auto key = rsa_key(group, alg);
    const char* jwk_member = pss ? "publicKeyJwk" : "keyJwk";
    if (group.contains(jwk_member)) {
      cross_check(suite, key, Jwk::from_json(group[jwk_member], alg), jwk_member);
    }
    for (const Json& test : group.at("tests")) {
      suite.run(test, [&]() -> Outcome {
        if (!key) return Outcome::from(key.error(), "key import");
        const std::string msg = from_hex(test.at("msg").get<std::string>());
        const std::string sig = from_hex(test.at("sig").get<std::string>());
        return Outcome::of(authkit::sig::verify(JwkAccess::key(*key), msg, sig),
                           "SIGNATURE_INVALID");
      });
    }
  }
  suite.finish();
}

TEST_CASE("B4 D10: Wycheproof RSASSA-PKCS1-v1_5 vectors for RS256/RS384/RS512",
          "[vectors][wycheproof][rsa]") {
  authkit::testvec::require_vectors();
  for (const char* bits : {"2048", "3072", "4096"}) {
    for (const char* sha : {"sha256", "sha384", "sha512"}) {
      run_rsa_file(std::string("wycheproof/rsa_signature_") + bits + "_" + sha + "_test.json",
                   false);
    }
  }
}

TEST_CASE("B6: Wycheproof RSASSA-PSS 2048 SHA-256 MGF1 sLen 32 vectors for PS256",
          "[vectors][wycheproof][rsa]") {
  authkit::testvec::require_vectors();
  run_rsa_file("wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json", true);
}

}  // namespace
