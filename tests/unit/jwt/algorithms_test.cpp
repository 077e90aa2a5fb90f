// Security checklist section B (algorithms, signatures, key selection): B1, B2, B5, B6, B7,
// B9, B10, B11. Key-material validation (B3, B4, B8) is in keys_test.cpp.
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "jwt/jws.hpp"
#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kOk;

namespace {

std::string header_for(Algorithm alg, const std::string& kid = {}) {
  std::string h = R"({"alg":")" + std::string(algorithm_name(alg)) + "\"";
  if (!kid.empty()) h += R"(,"kid":")" + kid + "\"";
  return h + "}";
}

// A key for `alg` sharing the RSA private key of `rsa` (same modulus, different algorithm).
Jwk rsa_sibling(const Jwk& rsa, Algorithm alg) {
  auto pem = rsa.to_private_pem();
  REQUIRE(pem.has_value());
  auto key = Jwk::from_pem(*pem, alg, "sibling");
  REQUIRE(key.has_value());
  return *key;
}

// RSASSA-PSS over SHA-`bits` with an arbitrary salt length and MGF1 digest, made directly with
// OpenSSL from the key's private EVP_PKEY.
std::string pss_sign(const Jwk& key, std::string_view input, const char* digest, int salt_len,
                     const char* mgf1_digest) {
  ossl::Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  REQUIRE(ctx != nullptr);
  EVP_PKEY_CTX* pctx = nullptr;
  REQUIRE(EVP_DigestSignInit_ex(ctx.get(), &pctx, digest, nullptr, nullptr,
                                detail::JwkAccess::key(key).pkey.get(), nullptr) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_len) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, mgf1_digest, nullptr) == 1);
  std::size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  REQUIRE(EVP_DigestSign(ctx.get(), nullptr, &len, in, input.size()) == 1);
  std::string out(len, '\0');
  REQUIRE(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, in,
                         input.size()) == 1);
  out.resize(len);
  return out;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("B1: the key's algorithm, not the header, decides, and the allowlist is enforced",
          "[checklist][algorithms]") {
  // HS256 token against an EC key set: no key for HS256, and by kid an algorithm mismatch.
  const Jwk& ec = test::cached_key(Algorithm::ES256);
  const JwtVerifier ec_verifier = test::make_verifier(ec);
  const std::string ec_jwk = ec.to_public_json()->dump();
  CHECK(code_of(ec_verifier.verify(test::mac_token(header_for(Algorithm::HS256), test::claims(),
                                                   ec_jwk))) == Errc::jwt_unknown_key);
  CHECK(code_of(ec_verifier.verify(
            test::mac_token(header_for(Algorithm::HS256, ec.kid()), test::claims(), ec_jwk))) ==
        Errc::jwt_unsupported_algorithm);

  // A PS512 key: RS*/PS* tokens made with the same RSA private key but another algorithm.
  const Jwk& ps512 = test::cached_key(Algorithm::PS512);
  const JwtVerifier ps_verifier = test::make_verifier(ps512);
  CHECK(code_of(ps_verifier.verify(test::sign_token(
            ps512, header_for(Algorithm::PS512, ps512.kid()), test::claims()))) == kOk);
  for (const Algorithm alg :
       {Algorithm::RS256, Algorithm::RS384, Algorithm::RS512, Algorithm::PS256, Algorithm::PS384}) {
    INFO(algorithm_name(alg));
    const Jwk sibling = rsa_sibling(ps512, alg);
    CHECK(code_of(ps_verifier.verify(
              test::sign_token(sibling, header_for(alg, ps512.kid()), test::claims()))) ==
          Errc::jwt_unsupported_algorithm);
    CHECK(code_of(ps_verifier.verify(test::sign_token(sibling, header_for(alg), test::claims()))) ==
          Errc::jwt_unknown_key);
  }

  // The caller's allowlist: a valid EdDSA token is refused when only ES256 is allowed.
  const Jwk& ed = test::cached_key(Algorithm::EdDSA);
  auto both = JwkSet::create({ec, ed});
  REQUIRE(both.has_value());
  VerifyOptions only_es256;
  only_es256.algorithms = {Algorithm::ES256};
  const JwtVerifier allow = test::make_verifier(*both, only_es256);
  const std::string ed_token = test::issue_for(test::make_issuer(ed));
  const std::string ec_token = test::issue_for(test::make_issuer(ec));
  CHECK(code_of(allow.verify(ed_token)) == Errc::jwt_unsupported_algorithm);
  CHECK(code_of(allow.verify(ec_token)) == kOk);
  CHECK(code_of(test::make_verifier(*both).verify(ed_token)) == kOk);  // no allowlist: key algs

  // An allowlist that no key can satisfy is a configuration error.
  VerifyOptions only_hs;
  only_hs.algorithms = {Algorithm::HS256};
  CHECK(code_of(JwtVerifier::create(*both, only_hs)) == Errc::invalid_configuration);
}

TEST_CASE("B2: alg none is never accepted, in any spelling, at any level",
          "[checklist][algorithms]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  auto set = JwkSet::of(key);
  REQUIRE(set.has_value());
  const std::string payload = test::b64u(test::claims());

  for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
    INFO("alg " << alg);
    const std::string header = test::b64u(std::string(R"({"alg":")") + alg + "\"}");
    const std::string unsecured = header + "." + payload + ".";
    CHECK(code_of(verifier.verify(unsecured)) == Errc::jwt_malformed);  // empty signature
    CHECK(code_of(jws::verify_compact(*set, unsecured)) == Errc::jwt_malformed);
    // With some signature bytes, or even a valid MAC, "none" is still refused.
    const std::string with_sig = header + "." + payload + "." + test::b64u("x");
    CHECK(code_of(verifier.verify(with_sig)) == Errc::jwt_unsupported_algorithm);
    const std::string maced = test::sign_token(
        key, std::string(R"({"alg":")") + alg + R"(","kid":"hs-1"})", test::claims());
    CHECK(code_of(verifier.verify(maced)) == Errc::jwt_unsupported_algorithm);
    CHECK(code_of(jws::verify_compact(*set, maced)) == Errc::jwt_unsupported_algorithm);
    CHECK_FALSE(algorithm_from_name(alg).has_value());
  }
  // No Algorithm value is called none, and no key can be bound to it.
  for (const Algorithm alg : test::kAllAlgorithms) CHECK(algorithm_name(alg) != "none");
  CHECK(code_of(Jwk::parse(R"({"kty":"oct","alg":"none","k":")" + test::b64u(std::string(32, 'k')) +
                           "\"}")) == Errc::invalid_key);

  const auto rfc = test::load_rfc_vectors("rfc7515.json");
  std::size_t unsecured = 0;
  for (const auto& example : rfc["examples"]) {
    if (example["section"].get<std::string>() != "A.5") continue;
    ++unsecured;
    const std::string compact = example["compact"];
    CHECK(code_of(verifier.verify(compact)) == Errc::jwt_malformed);
    CHECK(code_of(jws::verify_compact(*set, compact)) == Errc::jwt_malformed);
  }
  CHECK(unsecured == 1);  // the A.5 example ran
}

TEST_CASE("B5: ES* signatures are raw r||s of the exact size, and DER and other lengths fail",
          "[checklist][algorithms]") {
  for (const Algorithm alg : {Algorithm::ES256, Algorithm::ES384, Algorithm::ES512}) {
    INFO(algorithm_name(alg));
    const Jwk& key = test::cached_key(alg);
    const std::size_t field = detail::info(alg).ec_field_bytes;
    const JwtVerifier verifier = test::make_verifier(key);
    const std::string header = header_for(alg, key.kid());
    const std::string input = test::signing_input(header, test::claims());
    const std::string raw = test::raw_signature(key, input);
    REQUIRE(raw.size() == 2 * field);
    CHECK(code_of(verifier.verify(input + "." + test::b64u(raw))) == kOk);

    // The same signature, DER-encoded.
    const std::string der = test::raw_to_der(raw);
    CHECK(code_of(verifier.verify(input + "." + test::b64u(der))) == Errc::jwt_bad_signature);
    // Wrong lengths around the exact one.
    CHECK(code_of(verifier.verify(input + "." + test::b64u(raw.substr(1)))) ==
          Errc::jwt_bad_signature);
    CHECK(code_of(verifier.verify(input + "." + test::b64u(raw + std::string(1, '\0')))) ==
          Errc::jwt_bad_signature);
    CHECK(code_of(verifier.verify(input + "." + test::b64u(std::string(1, '\0') + raw))) ==
          Errc::jwt_bad_signature);
  }

  // The curve must match the algorithm.
  const Jwk& p256 = test::cached_key(Algorithm::ES256);
  const Jwk& p384 = test::cached_key(Algorithm::ES384);
  CHECK(code_of(Jwk::from_pem(*p256.to_public_pem(), Algorithm::ES384)) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_pem(*p384.to_private_pem(), Algorithm::ES512)) == Errc::invalid_key);
  auto p384_jwk = *p384.to_public_json();
  p384_jwk.erase("alg");
  p384_jwk.erase("kid");
  CHECK(code_of(Jwk::from_json(p384_jwk, Algorithm::ES256)) == Errc::invalid_key);
  // An ES384 header on a P-256 key's token is an algorithm mismatch.
  CHECK(code_of(test::make_verifier(p256).verify(
            test::sign_token(p256, header_for(Algorithm::ES384, p256.kid()), test::claims()))) ==
        Errc::jwt_unsupported_algorithm);
}

TEST_CASE("B6: PS* enforces PSS with MGF1 on the same hash and salt length = hash length",
          "[checklist][algorithms]") {
  struct Case {
    Algorithm alg;
    const char* digest;
    int salt;
  };
  for (const Case c : {Case{Algorithm::PS256, "SHA256", 32}, Case{Algorithm::PS384, "SHA384", 48},
                       Case{Algorithm::PS512, "SHA512", 64}}) {
    INFO(algorithm_name(c.alg));
    const Jwk& key = test::cached_key(c.alg);
    const JwtVerifier verifier = test::make_verifier(key);
    const std::string input = test::signing_input(header_for(c.alg, key.kid()), test::claims());
    auto token = [&](int salt, const char* mgf1) {
      return input + "." + test::b64u(pss_sign(key, input, c.digest, salt, mgf1));
    };
    // Control: the independent signer with the JWS parameters is accepted.
    CHECK(code_of(verifier.verify(token(c.salt, c.digest))) == kOk);
    // Any other salt length is refused, never auto-detected.
    for (const int salt : {0, 20, c.salt - 1, c.salt + 1, RSA_PSS_SALTLEN_MAX}) {
      INFO("salt length " << salt);
      CHECK(code_of(verifier.verify(token(salt, c.digest))) == Errc::jwt_bad_signature);
    }
    // MGF1 over another hash is refused.
    CHECK(code_of(verifier.verify(token(c.salt, "SHA1"))) == Errc::jwt_bad_signature);
  }
  // A PKCS#1 v1.5 signature does not pass as PSS.
  const Jwk& ps256 = test::cached_key(Algorithm::PS256);
  const Jwk rs256 = rsa_sibling(ps256, Algorithm::RS256);
  const std::string input = test::signing_input(header_for(Algorithm::PS256), test::claims());
  CHECK(code_of(test::make_verifier(ps256).verify(input + "." +
                                                  test::b64u(test::raw_signature(rs256, input)))) ==
        Errc::jwt_bad_signature);
}

TEST_CASE("B7: EdDSA is Ed25519 only (Ed448 is refused), and RFC 8037 signs byte-identically",
          "[checklist][algorithms]") {
  const Jwk& ed = test::cached_key(Algorithm::EdDSA);
  const JwtVerifier verifier = test::make_verifier(ed);
  CHECK(code_of(verifier.verify(test::sign_token(ed, R"({"alg":"EdDSA"})", test::claims()))) ==
        kOk);
  // RFC 9864's fully specified name verifies with the same key.
  CHECK(code_of(verifier.verify(test::sign_token(ed, R"({"alg":"Ed25519"})", test::claims()))) ==
        kOk);
  CHECK(code_of(verifier.verify(test::sign_token(ed, R"({"alg":"Ed448"})", test::claims()))) ==
        Errc::jwt_unsupported_algorithm);

  // Malleated signature: S + L (the group order) encodes the "same" S; must be refused.
  const std::string input = test::signing_input(R"({"alg":"EdDSA"})", test::claims());
  const std::string sig = test::raw_signature(ed, input);
  REQUIRE(sig.size() == 64);
  static constexpr unsigned char kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                           0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                           0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                           0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  std::string malleated = sig;
  unsigned carry = 0;
  for (std::size_t i = 0; i < 32; ++i) {  // little-endian S
    const unsigned sum = static_cast<unsigned char>(malleated[32 + i]) + kL[i] + carry;
    malleated[32 + i] = static_cast<char>(sum & 0xFF);
    carry = sum >> 8;
  }
  REQUIRE(carry == 0);
  CHECK(code_of(verifier.verify(input + "." + test::b64u(sig))) == kOk);
  CHECK(code_of(verifier.verify(input + "." + test::b64u(malleated))) == Errc::jwt_bad_signature);
  CHECK(code_of(verifier.verify(input + "." + test::b64u(sig.substr(0, 63)))) ==
        Errc::jwt_bad_signature);
  CHECK(code_of(verifier.verify(input + "." + test::b64u(sig + std::string(1, '\0')))) ==
        Errc::jwt_bad_signature);

  // Ed448 keys are refused as JWK and as PEM.
  CHECK(code_of(Jwk::parse(R"({"kty":"OKP","crv":"Ed448","x":")" +
                           test::b64u(std::string(57, '\x01')) + "\"}")) == Errc::invalid_key);
  CHECK(code_of(Jwk::parse(R"({"kty":"OKP","crv":"Ed448","alg":"EdDSA","x":")" +
                           test::b64u(std::string(57, '\x01')) + "\"}")) == Errc::invalid_key);
  ossl::Ptr<EVP_PKEY> ed448(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED448"));
  REQUIRE(ed448 != nullptr);
  ossl::Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_PUBKEY(bio.get(), ed448.get()) == 1);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  CHECK(code_of(Jwk::from_pem(std::string_view(data, static_cast<std::size_t>(len)),
                              Algorithm::EdDSA)) == Errc::invalid_key);

  const auto rfc = test::load_rfc_vectors("rfc8037.json");
  auto priv = Jwk::from_json(rfc["A.1_private_key"]["jwk"]);
  REQUIRE(priv.has_value());
  CHECK(priv->algorithm() == Algorithm::EdDSA);
  CHECK(priv->kid() == rfc["A.3_thumbprint"]["thumbprint_b64u"].get<std::string>());
  const auto& a4 = rfc["A.4_signing"];
  CHECK(test::b64u(test::raw_signature(*priv, a4["signing_input"].get<std::string>())) ==
        a4["signature_b64u"].get<std::string>());
  const auto& a5 = rfc["A.5_verification"];
  auto pub = Jwk::from_json(a5["jwk"]);
  REQUIRE(pub.has_value());
  CHECK_FALSE(pub->can_sign());
  auto set = JwkSet::of(*pub);
  REQUIRE(set.has_value());
  const auto payload = jws::verify_compact(*set, a5["compact"].get<std::string>());
  REQUIRE(payload.has_value());
  CHECK(*payload == "Example of Ed25519 signing");
  // Flip one bit of the signature: invalid.
  auto seg = test::segments_of(a5["compact"].get<std::string>());
  std::string bytes = test::unb64u(seg[2]);
  bytes[10] = static_cast<char>(bytes[10] ^ 0x01);
  seg[2] = test::b64u(bytes);
  CHECK(code_of(jws::verify_compact(*set, test::join(seg))) == Errc::jwt_bad_signature);
}

TEST_CASE("B9: kid is an opaque, capped map key, and hostile kids are unknown keys",
          "[checklist][algorithms]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  auto kid_header = [](const std::string& kid) {
    nlohmann::json h{{"alg", "HS256"}, {"kid", kid}};
    return h.dump();
  };
  // MAC over empty-key bytes, as if /dev/null had been read as the key.
  CHECK(code_of(verifier.verify(test::mac_token(kid_header("../../../../dev/null"), test::claims(),
                                                ""))) == Errc::jwt_unknown_key);
  // MACed with the real key: only the lookup can fail.
  CHECK(code_of(verifier.verify(test::sign_token(key, kid_header("x' OR '1'='1"),
                                                 test::claims()))) == Errc::jwt_unknown_key);
  const std::string long_kid(10 * 1024, 'k');
  const std::string long_token = test::sign_token(key, kid_header(long_kid), test::claims());
  CHECK(code_of(verifier.verify(long_token)) == Errc::jwt_too_large);  // 8 KiB token cap first
  VerifyOptions roomy;
  roomy.max_token_bytes = 64 * 1024;
  CHECK(code_of(test::make_verifier(key, roomy).verify(long_token)) == Errc::jwt_unknown_key);
  CHECK(code_of(verifier.verify(test::sign_token(key, R"({"alg":"HS256","kid":7})",
                                                 test::claims()))) == Errc::jwt_malformed);

  // Key ids are capped at 256 printable ASCII bytes when keys are made.
  auto secret = Secret::from_string(test::kHs256Secret);
  REQUIRE(secret.has_value());
  CHECK(code_of(Jwk::from_secret(*secret, Algorithm::HS256, std::string(256, 'k'))) == kOk);
  CHECK(code_of(Jwk::from_secret(*secret, Algorithm::HS256, std::string(257, 'k'))) ==
        Errc::invalid_key);
  CHECK(code_of(Jwk::from_secret(*secret, Algorithm::HS256, "line\nbreak")) == Errc::invalid_key);
  CHECK(code_of(Jwk::from_secret(*secret, Algorithm::HS256, std::string("nul\0kid", 7))) ==
        Errc::invalid_key);
  CHECK(code_of(Jwk::from_secret(*secret, Algorithm::HS256, "caf\xC3\xA9")) == Errc::invalid_key);
  GenerateKeyOptions long_kid_options;
  long_kid_options.kid = std::string(300, 'k');
  CHECK(code_of(Jwk::generate(Algorithm::HS256, long_kid_options)) == Errc::invalid_key);
}

TEST_CASE("B10: with several keys, kid selects, and without kid exactly one key must match",
          "[checklist][algorithms]") {
  auto other_secret = Secret::from_string("another-32-byte-hs256-secret-!!!");
  REQUIRE(other_secret.has_value());
  const Jwk old_key = test::hs256_key("k-old");
  auto new_key = Jwk::from_secret(*other_secret, Algorithm::HS256, "k-new");
  REQUIRE(new_key.has_value());
  auto set = JwkSet::create({old_key, *new_key});
  REQUIRE(set.has_value());
  const JwtVerifier verifier = test::make_verifier(*set);

  // Tokens from both keys verify (rotation).
  CHECK(code_of(verifier.verify(test::issue_for(test::make_issuer(old_key)))) == kOk);
  CHECK(code_of(verifier.verify(test::issue_for(test::make_issuer(*new_key)))) == kOk);
  // No kid with two HS256 keys: ambiguous, refused (not "try every key").
  CHECK(code_of(verifier.verify(test::sign_token(*new_key, R"({"alg":"HS256"})",
                                                 test::claims()))) == Errc::jwt_unknown_key);
  // kid of one key, MAC of the other.
  CHECK(code_of(verifier.verify(test::sign_token(*new_key, R"({"alg":"HS256","kid":"k-old"})",
                                                 test::claims()))) == Errc::jwt_bad_signature);
  // Unknown kid.
  CHECK(code_of(verifier.verify(test::sign_token(*new_key, R"({"alg":"HS256","kid":"k-gone"})",
                                                 test::claims()))) == Errc::jwt_unknown_key);
  // A single key for the alg: no kid needed.
  CHECK(code_of(test::make_verifier(*new_key).verify(
            test::sign_token(*new_key, R"({"alg":"HS256"})", test::claims()))) == kOk);

  // Asymmetric set: ES256 + EdDSA, no kid: exactly one key per alg, so each selects.
  const Jwk& ec = test::cached_key(Algorithm::ES256);
  const Jwk& ed = test::cached_key(Algorithm::EdDSA);
  auto mixed_algs = JwkSet::create({ec, ed});
  REQUIRE(mixed_algs.has_value());
  const JwtVerifier v2 = test::make_verifier(*mixed_algs);
  CHECK(code_of(v2.verify(test::sign_token(ec, R"({"alg":"ES256"})", test::claims()))) == kOk);
  CHECK(code_of(v2.verify(test::sign_token(ed, R"({"alg":"EdDSA"})", test::claims()))) == kOk);
  // Two ES256 keys and no kid: refused.
  auto second_ec = Jwk::generate(Algorithm::ES256);
  REQUIRE(second_ec.has_value());
  auto two_ec = JwkSet::create({ec, *second_ec});
  REQUIRE(two_ec.has_value());
  CHECK(code_of(test::make_verifier(*two_ec).verify(
            test::sign_token(ec, R"({"alg":"ES256"})", test::claims()))) == Errc::jwt_unknown_key);
}

TEST_CASE("B11: MACs are compared in constant time and every JWT failure is one public code",
          "[checklist][algorithms]") {
  // Source check: no plain memcmp/strcmp/bcmp outside the JSON scanner; MACs use CRYPTO_memcmp.
  const std::filesystem::path src = std::filesystem::path(AUTHKIT_SOURCE_DIR) / "src";
  if (!std::filesystem::is_directory(src)) {
    FAIL_CHECK(src.string() << " is missing: the source scan reads the source tree the binary "
                               "was configured from; rebuild authkit_tests from a complete "
                               "checkout (cmake -S <checkout> -B <build>)");
  } else {
    const std::regex plain_compare(R"((^|[^A-Za-z0-9_])(memcmp|bcmp|strcmp|strncmp)\s*\()");
    std::size_t scanned = 0;
    std::vector<std::string> offenders;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
      // The JSON scanner compares literal grammar tokens ("true"), never secrets or tags.
      if (entry.path().parent_path().filename() == "json") continue;
      ++scanned;
      std::istringstream lines(read_file(entry.path()));
      std::string line;
      for (int n = 1; std::getline(lines, line); ++n) {
        if (std::regex_search(line, plain_compare)) {
          offenders.push_back(entry.path().filename().string() + ":" + std::to_string(n) + ": " +
                              line);
        }
      }
    }
    CHECK(scanned >= 10);
    INFO("plain comparisons found:\n"
         << [&] {
              std::string all;
              for (const auto& o : offenders) all += o + "\n";
              return all;
            }());
    CHECK(offenders.empty());
    const std::string signature = read_file(src / "crypto" / "signature.cpp");
    CHECK(signature.find("CRYPTO_memcmp(") != std::string::npos);
  }

  // Every JWT_* code maps to the single public INVALID_TOKEN.
  for (int v = static_cast<int>(Errc::jwt_malformed); v <= static_cast<int>(Errc::jwt_too_large);
       ++v) {
    CHECK(public_code(static_cast<Errc>(v)) == Errc::invalid_token);
  }

  // Tokens failing at every distinct step all look the same from outside.
  const Jwk key = test::hs256_key();
  VerifyOptions options;
  options.issuer = "iss-a";
  options.audience = {"aud-a"};
  const JwtVerifier verifier = test::make_verifier(key, options);
  const std::string hdr = R"({"alg":"HS256","kid":"hs-1"})";
  const std::string now = std::to_string(test::kNow);
  const std::string later = std::to_string(test::kNow + 600);
  const std::string ok_claims =
      R"({"iss":"iss-a","aud":"aud-a","sub":"u","iat":)" + now + R"(,"exp":)" + later + "}";
  auto bad_mac = test::segments_of(test::sign_token(key, hdr, ok_claims));
  bad_mac[2][0] = bad_mac[2][0] == 'A' ? 'B' : 'A';
  const std::vector<std::string> tokens{
      "not-a-token",
      test::join(bad_mac),
      test::sign_token(key, R"({"alg":"HS256","kid":"nope"})", ok_claims),
      test::sign_token(key, hdr, R"({"iss":"iss-a","aud":"aud-a","exp":1})"),
      test::sign_token(
          key, hdr, R"({"iss":"iss-a","aud":"aud-a","nbf":)" + later + R"(,"exp":)" + later + "9}"),
      test::sign_token(key, hdr, R"({"iss":"iss-b","aud":"aud-a","exp":)" + later + "}"),
      test::sign_token(key, hdr, R"({"aud":"aud-a","exp":)" + later + "}"),
      test::sign_token(key, R"({"alg":"HS384","kid":"hs-1"})", ok_claims),
      test::sign_token(key, R"({"alg":"HS256","jku":"https://x"})", ok_claims),
      std::string(9000, 'a'),
  };
  std::set<Errc> internal;
  for (const auto& t : tokens) {
    const auto r = verifier.verify(t);
    REQUIRE_FALSE(r.has_value());
    internal.insert(r.error().code());
    CHECK(public_code(r.error().code()) == Errc::invalid_token);
  }
  CHECK(internal.size() == 10);  // all ten internal JWT codes were exercised
}

// The one per-algorithm table (crypto/algorithms.hpp) is indexed by the Algorithm enum; a row
// out of order would give a key another algorithm's name, hash or curve.
TEST_CASE("every Algorithm has its JOSE name and key type and hash and curve",
          "[jwt][algorithms]") {
  struct Row {
    Algorithm alg;
    std::string_view name;
    KeyType kty;
    std::size_t hash_bytes;
    const char* curve;
  };
  const std::array<Row, 13> expected{{
      {Algorithm::HS256, "HS256", KeyType::oct, 32, nullptr},
      {Algorithm::HS384, "HS384", KeyType::oct, 48, nullptr},
      {Algorithm::HS512, "HS512", KeyType::oct, 64, nullptr},
      {Algorithm::RS256, "RS256", KeyType::RSA, 32, nullptr},
      {Algorithm::RS384, "RS384", KeyType::RSA, 48, nullptr},
      {Algorithm::RS512, "RS512", KeyType::RSA, 64, nullptr},
      {Algorithm::PS256, "PS256", KeyType::RSA, 32, nullptr},
      {Algorithm::PS384, "PS384", KeyType::RSA, 48, nullptr},
      {Algorithm::PS512, "PS512", KeyType::RSA, 64, nullptr},
      {Algorithm::ES256, "ES256", KeyType::EC, 32, "P-256"},
      {Algorithm::ES384, "ES384", KeyType::EC, 48, "P-384"},
      {Algorithm::ES512, "ES512", KeyType::EC, 64, "P-521"},
      {Algorithm::EdDSA, "EdDSA", KeyType::OKP, 64, "Ed25519"},
  }};
  REQUIRE(expected.size() == test::kAllAlgorithms.size());
  for (const Row& row : expected) {
    INFO(row.name);
    CHECK(algorithm_name(row.alg) == row.name);
    CHECK(algorithm_from_name(row.name) == row.alg);
    CHECK(key_type_of(row.alg) == row.kty);
    CHECK(is_symmetric(row.alg) == (row.kty == KeyType::oct));
    const auto& info = detail::info(row.alg);
    CHECK(info.name == row.name);
    CHECK(info.hash_bytes == row.hash_bytes);
    CHECK(std::string_view(info.curve ? info.curve : "") == (row.curve ? row.curve : ""));
    CHECK(info.pss == (row.name.substr(0, 2) == "PS"));
  }
  CHECK(algorithm_name(static_cast<Algorithm>(13)) == "unknown");
  CHECK(algorithm_from_name("Ed25519") == Algorithm::EdDSA);  // RFC 9864
  CHECK_FALSE(algorithm_from_name("hs256").has_value());      // names are case-sensitive
  CHECK(detail::algorithm_for_curve(KeyType::EC, "P-384") == Algorithm::ES384);
  CHECK(detail::algorithm_for_curve(KeyType::OKP, "Ed25519") == Algorithm::EdDSA);
  CHECK_FALSE(detail::algorithm_for_curve(KeyType::EC, "Ed25519").has_value());
  CHECK_FALSE(detail::algorithm_for_curve(KeyType::EC, "P-256K").has_value());
}
