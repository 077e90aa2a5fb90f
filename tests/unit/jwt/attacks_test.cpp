// Security checklist section D: one regression test per known JWT attack (D1-D12).
#include <openssl/rsa.h>

#include <concepts>
#include <set>
#include <string>
#include <vector>

#include "jwt/jws.hpp"
#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kNow;
using authkit::test::kOk;

namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256","kid":"hs-1"})";

std::string header_for(Algorithm alg, const std::string& kid = {}) {
  std::string h = R"({"alg":")" + std::string(algorithm_name(alg)) + "\"";
  if (!kid.empty()) h += R"(,"kid":")" + kid + "\"";
  return h + "}";
}

// Members a VerifiedClaims must never have: anything derived from the signature or naming the
// algorithm/key (those are checked against the key, not for callers).
template <class T>
concept HasSignatureAccessor = requires(const T& t) {
  t.signature();
};
template <class T>
concept HasTokenAccessor = requires(const T& t) {
  t.token();
};
template <class T>
concept HasAlgAccessor = requires(const T& t) {
  t.algorithm();
};
template <class T>
concept HasKidAccessor = requires(const T& t) {
  t.kid();
};

std::string sha256(std::string_view data) {
  unsigned char digest[32];
  unsigned int len = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) == 1);
  return std::string(reinterpret_cast<const char*>(digest), len);
}

// DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1).
const std::string kSha256DigestInfo(
    "\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20", 19);

// EMSA-PKCS1-v1_5 block of k bytes around `t`: 00 || bt || fill... || 00 || t.
std::string pkcs1_block(std::size_t k, std::string_view t, char block_type = '\x01',
                        char fill = '\xFF') {
  REQUIRE(k >= t.size() + 3);
  return std::string(1, '\0') + block_type + std::string(k - t.size() - 3, fill) +
         std::string(1, '\0') + std::string(t);
}

// The raw RSA private operation (no padding) on a k-byte block: lets the test build signatures
// with arbitrary, malformed encodings.
std::string rsa_raw_private(const Jwk& key, std::string_view block) {
  ossl::Ptr<EVP_PKEY_CTX> ctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, detail::JwkAccess::key(key).pkey.get(), nullptr));
  REQUIRE(ctx != nullptr);
  REQUIRE(EVP_PKEY_sign_init(ctx.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) == 1);
  std::size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(block.data());
  REQUIRE(EVP_PKEY_sign(ctx.get(), nullptr, &len, in, block.size()) == 1);
  std::string out(len, '\0');
  REQUIRE(EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, in,
                        block.size()) == 1);
  out.resize(len);
  return out;
}

// floor(cbrt(a)) by Newton's method from above.
ossl::Ptr<BIGNUM> integer_cube_root(const BIGNUM* a) {
  ossl::Ptr<BN_CTX> ctx(BN_CTX_new());
  ossl::Ptr<BIGNUM> x(BN_new()), y(BN_new()), sq(BN_new()), q(BN_new());
  REQUIRE((ctx && x && y && sq && q));
  REQUIRE(BN_set_bit(x.get(), BN_num_bits(a) / 3 + 2) == 1);  // x0 > cbrt(a)
  for (;;) {
    // y = (2x + a / x^2) / 3
    REQUIRE(BN_sqr(sq.get(), x.get(), ctx.get()) == 1);
    REQUIRE(BN_div(q.get(), nullptr, a, sq.get(), ctx.get()) == 1);
    REQUIRE(BN_lshift1(y.get(), x.get()) == 1);
    REQUIRE(BN_add(y.get(), y.get(), q.get()) == 1);
    REQUIRE(BN_div_word(y.get(), 3) != static_cast<BN_ULONG>(-1));
    if (BN_cmp(y.get(), x.get()) >= 0) return x;
    std::swap(x, y);
  }
}

ossl::Ptr<BIGNUM> cube(const BIGNUM* a) {
  ossl::Ptr<BN_CTX> ctx(BN_CTX_new());
  ossl::Ptr<BIGNUM> sq(BN_new()), out(BN_new());
  REQUIRE(BN_sqr(sq.get(), a, ctx.get()) == 1);
  REQUIRE(BN_mul(out.get(), sq.get(), a, ctx.get()) == 1);
  return out;
}

}  // namespace

TEST_CASE("D1: alg none (unsecured JWS) is rejected everywhere", "[checklist][attacks]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  auto secret = Secret::from_string(test::kHs256Secret);
  REQUIRE(secret.has_value());
  auto simple = SimpleJwt::create(*secret, test::clock_at());
  REQUIRE(simple.has_value());
  auto set = JwkSet::of(key);
  REQUIRE(set.has_value());

  const std::string payload = test::b64u(test::claims());
  for (const char* header :
       {R"({"alg":"none"})", R"({"alg":"none","typ":"JWT"})", R"({"alg":"none","kid":"hs-1"})",
        R"({"alg":"None"})", R"({"alg":"NONE"})", R"({"typ":"JWT","alg":"none"})"}) {
    INFO(header);
    const std::string h = test::b64u(header);
    const std::string stripped = h + "." + payload + ".";
    const std::string with_mac = test::sign_token(key, header, test::claims());
    CHECK(code_of(verifier.verify(stripped)) == Errc::jwt_malformed);
    CHECK(code_of(verifier.verify(with_mac)) == Errc::jwt_unsupported_algorithm);
    CHECK(code_of(simple->verify(stripped)) == Errc::jwt_malformed);
    CHECK(code_of(simple->verify(with_mac)) == Errc::jwt_unsupported_algorithm);
    CHECK(code_of(jws::verify_compact(*set, with_mac)) == Errc::jwt_unsupported_algorithm);
  }
  CHECK_FALSE(algorithm_from_name("none").has_value());

  const auto rfc = test::load_rfc_vectors("rfc7515.json");
  std::size_t unsecured = 0;
  for (const auto& example : rfc["examples"]) {
    if (example["section"].get<std::string>() != "A.5") continue;
    ++unsecured;
    const std::string compact = example["compact"];
    CHECK(code_of(verifier.verify(compact)) == Errc::jwt_malformed);
    CHECK(code_of(simple->verify(compact)) == Errc::jwt_malformed);
    CHECK(code_of(verifier.verify(compact + test::b64u("sig"))) == Errc::jwt_unsupported_algorithm);
  }
  CHECK(unsecured == 1);  // the A.5 example ran
}

TEST_CASE("D2: HS256 token MACed with the RSA public key PEM is rejected", "[checklist][attacks]") {
  std::vector<Jwk> public_keys{*test::cached_key(Algorithm::RS256).public_key(),
                               *test::cached_key(Algorithm::ES256).public_key()};
  const auto rfc = test::load_rfc_vectors("rfc7515.json");
  auto a2 = Jwk::from_json(rfc["examples"][1]["jwk_public"], Algorithm::RS256);
  REQUIRE(a2.has_value());
  public_keys.push_back(*a2);
  for (const Jwk& pub : public_keys) {
    INFO(algorithm_name(pub.algorithm()) << " key " << pub.kid());
    const JwtVerifier verifier = test::make_verifier(pub);
    const std::string pem = *pub.to_public_pem();
    const std::string jwk_text = pub.to_public_json()->dump();
    for (const std::string& secret : {pem, jwk_text}) {
      CHECK(code_of(verifier.verify(test::mac_token(header_for(Algorithm::HS256), test::claims(),
                                                    secret))) == Errc::jwt_unknown_key);
      CHECK(code_of(verifier.verify(test::mac_token(header_for(Algorithm::HS256, pub.kid()),
                                                    test::claims(), secret))) ==
            Errc::jwt_unsupported_algorithm);
    }
    // Typed keys: a public key cannot become an HMAC key through the key APIs...
    CHECK(code_of(Jwk::from_pem(pem, Algorithm::HS256)) == Errc::invalid_argument);
    CHECK(code_of(Jwk::from_json(*pub.to_public_json(), Algorithm::HS256)) == Errc::invalid_key);
    // ...and even a Secret made from the PEM bytes cannot share a key set with the public key.
    auto pem_secret = Secret::from_string(pem);
    REQUIRE(pem_secret.has_value());
    auto pem_hmac = Jwk::from_secret(*pem_secret, Algorithm::HS256, "pem-as-secret");
    REQUIRE(pem_hmac.has_value());
    CHECK(code_of(JwkSet::create({pub, *pem_hmac})) == Errc::invalid_key);
  }
}

TEST_CASE("D3: kid injection (path traversal, SQL, URLs) only ever misses the key map",
          "[checklist][attacks]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  auto set = JwkSet::of(key);
  REQUIRE(set.has_value());
  for (const std::string& kid :
       {std::string("../../../../dev/null"), std::string("/etc/passwd"),
        std::string("x' OR '1'='1"), std::string("1; DROP TABLE keys--"),
        std::string("http://127.0.0.1/key.pem"), std::string("hs-1 "), std::string("HS-1"),
        std::string("hs-1\0", 5), std::string("hs-1/../hs-1"), std::string("*"), std::string("")}) {
    INFO("kid bytes: " << kid);
    const std::string header = nlohmann::json{{"alg", "HS256"}, {"kid", kid}}.dump();
    // MACed with the real key: a lookup that normalised or truncated the kid would accept.
    CHECK(code_of(verifier.verify(test::sign_token(key, header, test::claims()))) ==
          Errc::jwt_unknown_key);
    // MACed with empty key bytes (what reading /dev/null would give).
    CHECK(code_of(verifier.verify(test::mac_token(header, test::claims(), ""))) ==
          Errc::jwt_unknown_key);
    CHECK(set->find(kid) == nullptr);
  }
  CHECK(set->find("hs-1") != nullptr);
}

TEST_CASE("D4: jku/x5u header injection never causes a fetch", "[checklist][attacks]") {
  const Jwk& ec = test::cached_key(Algorithm::ES256);
  const JwtVerifier verifier = test::make_verifier(ec);
  test::LoopbackListener listener;
  const auto attacker = Jwk::generate(Algorithm::ES256);
  REQUIRE(attacker.has_value());
  for (const std::string member : {"jku", "x5u"}) {
    for (const std::string path : {"/.well-known/jwks.json", "/cert.pem"}) {
      for (const bool our_kid : {false, true}) {
        nlohmann::json header{{"alg", "ES256"}, {member, listener.url(path)}};
        if (our_kid) header["kid"] = ec.kid();
        INFO(header.dump());
        // Signed by the attacker (whose key would be served at the URL) and by our own key.
        CHECK(code_of(verifier.verify(test::sign_token(
                  *attacker, header.dump(), test::claims()))) == Errc::jwt_unsupported_header);
        CHECK(code_of(verifier.verify(test::sign_token(ec, header.dump(), test::claims()))) ==
              Errc::jwt_unsupported_header);
      }
    }
  }
  CHECK(listener.drain_connections() == 0);
  listener.connect_once();  // positive control: the listener does see connections
  CHECK(listener.drain_connections() == 1);
}

TEST_CASE("D5: an embedded jwk or x5c is never used as the key", "[checklist][attacks]") {
  const Jwk& ours = test::cached_key(Algorithm::ES256);
  const JwtVerifier verifier = test::make_verifier(ours);
  const auto attacker = Jwk::generate(Algorithm::ES256);
  REQUIRE(attacker.has_value());
  const nlohmann::json attacker_jwk = *attacker->to_public_json();
  const std::string der_b64 = test::b64u(std::string(64, '\x30'));

  const std::vector<nlohmann::json> headers{
      {{"alg", "ES256"}, {"jwk", attacker_jwk}},
      {{"alg", "ES256"}, {"jwk", attacker_jwk}, {"kid", attacker->kid()}},
      {{"alg", "ES256"}, {"jwk", attacker_jwk}, {"kid", ours.kid()}},
      {{"alg", "ES256"}, {"x5c", nlohmann::json::array({der_b64})}},
      {{"alg", "ES256"}, {"x5c", nlohmann::json::array({der_b64})}, {"kid", ours.kid()}},
  };
  for (const auto& header : headers) {
    INFO(header.dump());
    CHECK(code_of(verifier.verify(test::sign_token(*attacker, header.dump(), test::claims()))) ==
          Errc::jwt_unsupported_header);
  }
  // Without the embedded key, the attacker's token is simply signed by an unknown key.
  CHECK(code_of(verifier.verify(test::sign_token(*attacker, header_for(Algorithm::ES256),
                                                 test::claims()))) == Errc::jwt_bad_signature);
  CHECK(code_of(verifier.verify(test::sign_token(
            *attacker, header_for(Algorithm::ES256, attacker->kid()), test::claims()))) ==
        Errc::jwt_unknown_key);
}

TEST_CASE("D6: psychic ECDSA signatures (r or s zero, or the group order) are invalid",
          "[checklist][attacks]") {
  for (const Algorithm alg : {Algorithm::ES256, Algorithm::ES384, Algorithm::ES512}) {
    INFO(algorithm_name(alg));
    const Jwk& key = test::cached_key(alg);
    const std::size_t field = detail::info(alg).ec_field_bytes;
    const JwtVerifier verifier = test::make_verifier(key);
    const std::string input = test::signing_input(header_for(alg, key.kid()), test::claims());
    const std::string valid = test::raw_signature(key, input);
    const std::string r = valid.substr(0, field);
    const std::string s = valid.substr(field);
    const auto order = test::ec_order(alg);
    const std::string n = test::bn_bytes(order.get(), field);
    const std::string zero(field, '\0');
    std::string one(field, '\0');
    one.back() = '\x01';
    REQUIRE(code_of(verifier.verify(input + "." + test::b64u(valid))) == kOk);
    const std::vector<std::pair<std::string, std::string>> forged{
        {"r = s = 0", zero + zero}, {"r = 0", zero + s},        {"s = 0", r + zero},
        {"r = s = n", n + n},       {"r = n", n + s},           {"s = n", r + n},
        {"r = s = 1", one + one},   {"r = 0, s = n", zero + n},
    };
    for (const auto& [what, sig] : forged) {
      INFO(what);
      CHECK(code_of(verifier.verify(input + "." + test::b64u(sig))) == Errc::jwt_bad_signature);
    }
  }
  // Ed25519 all-zero signature.
  const Jwk& ed = test::cached_key(Algorithm::EdDSA);
  const std::string input = test::signing_input(header_for(Algorithm::EdDSA), test::claims());
  CHECK(code_of(test::make_verifier(ed).verify(input + "." + test::b64u(std::string(64, '\0')))) ==
        Errc::jwt_bad_signature);
}

TEST_CASE("D7: signature stripping (empty or missing third segment) is rejected",
          "[checklist][attacks]") {
  for (const Algorithm alg : {Algorithm::HS256, Algorithm::ES256, Algorithm::EdDSA}) {
    INFO(algorithm_name(alg));
    const Jwk key = alg == Algorithm::HS256 ? test::hs256_key() : test::cached_key(alg);
    const JwtVerifier verifier = test::make_verifier(key);
    const std::string token = test::sign_token(key, header_for(alg, key.kid()), test::claims());
    REQUIRE(code_of(verifier.verify(token)) == kOk);
    const auto seg = test::segments_of(token);
    const std::string sig = test::unb64u(seg[2]);
    CHECK(code_of(verifier.verify(seg[0] + "." + seg[1] + ".")) == Errc::jwt_malformed);
    CHECK(code_of(verifier.verify(seg[0] + "." + seg[1])) == Errc::jwt_malformed);
    CHECK(code_of(verifier.verify(seg[0] + "." + seg[1] + ".A")) == Errc::jwt_malformed);
    CHECK(code_of(verifier.verify(seg[0] + "..")) == Errc::jwt_malformed);
    // A truncated signature of valid base64url.
    CHECK(code_of(verifier.verify(seg[0] + "." + seg[1] + "." + test::b64u(sig.substr(0, 1)))) ==
          Errc::jwt_bad_signature);
    CHECK(code_of(verifier.verify(seg[0] + "." + seg[1] + "." +
                                  test::b64u(sig.substr(0, sig.size() / 2)))) ==
          Errc::jwt_bad_signature);
    // Signature moved into the payload position.
    CHECK(code_of(verifier.verify(seg[0] + "." + seg[2] + ".")) == Errc::jwt_malformed);
  }
}

TEST_CASE("D8: tokens without exp (eternal tokens) are rejected unless explicitly waived",
          "[checklist][attacks]") {
  const Jwk key = test::hs256_key();
  // No kid: the single HS256 key of each verifier (SimpleJwt's has a thumbprint kid) is used.
  const std::string eternal = test::sign_token(key, R"({"alg":"HS256"})", R"({"sub":"u1"})");
  const auto r = test::make_verifier(key).verify(eternal);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code() == Errc::jwt_claim_missing);
  CHECK(r.error().claim() == "exp");

  // The one-call helpers are strict too.
  auto secret = Secret::from_string(test::kHs256Secret);
  REQUIRE(secret.has_value());
  auto simple = SimpleJwt::create(*secret, test::clock_at());
  REQUIRE(simple.has_value());
  CHECK(code_of(simple->verify(eternal)) == Errc::jwt_claim_missing);
  CHECK(code_of(simple->verify(test::sign_token(
            key, R"({"alg":"HS256"})", R"({"sub":"u1","exp":null})"))) == Errc::jwt_malformed);

  // Only the visible waiver accepts it; the waiver does not disable an exp that is present.
  VerifyOptions waived;
  waived.require_expiration = false;
  const JwtVerifier lenient = test::make_verifier(key, waived);
  CHECK(code_of(lenient.verify(eternal)) == kOk);
  CHECK(code_of(lenient.verify(test::sign_token(
            key, kHeader, R"({"sub":"u1","exp":)" + std::to_string(kNow - 3600) + "}"))) ==
        Errc::jwt_expired);

  // The issuer always stamps exp = iat + lifetime.
  const auto claims = test::make_verifier(key).verify(test::issue_for(test::make_issuer(key)));
  REQUIRE(claims.has_value());
  CHECK(claims->expires_at() == from_unix_seconds(kNow + 600));
  CHECK(claims->issued_at() == from_unix_seconds(kNow));
}

TEST_CASE("D9: whitespace, padding and non-canonical base64url in any segment are rejected",
          "[checklist][attacks]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  std::string payload = test::claims(R"(,"n":1)");
  while (payload.size() % 3 == 0) {
    payload.pop_back();  // the closing brace
    payload += " }";
  }
  const std::string token = test::sign_token(key, kHeader, payload);  // 28-byte header
  REQUIRE(code_of(verifier.verify(token)) == kOk);
  const auto seg = test::segments_of(token);

  std::size_t variants = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string s = seg[i];
    std::vector<std::pair<std::string, std::string>> changes{
        {"'=' padding", s + "="},
        {"'==' padding", s + "=="},
        {"leading space", " " + s},
        {"trailing space", s + " "},
        {"inner LF", s.substr(0, 2) + "\n" + s.substr(2)},
        {"inner CRLF", s.substr(0, 2) + "\r\n" + s.substr(2)},
        {"tab", s.substr(0, 5) + "\t" + s.substr(5)},
        {"'+' character", s.substr(0, 1) + "+" + s.substr(2)},
        {"'/' character", s.substr(0, 1) + "/" + s.substr(2)},
        {"non-canonical unused bits", test::flip_unused_bits(s)},
    };
    for (const auto& [what, changed] : changes) {
      INFO("segment " << i << ": " << what);
      auto parts = seg;
      parts[i] = changed;
      // Header/payload changes are re-signed: only the strict decoder can reject them.
      if (i < 2) parts[2] = test::b64u(test::raw_signature(key, parts[0] + "." + parts[1]));
      const std::string bad = test::join(parts);
      CHECK(code_of(verifier.verify(bad)) == Errc::jwt_malformed);
      // The unverified decoder is just as strict about all three segments.
      CHECK(code_of(unsafe_decode_unverified(bad)) == Errc::jwt_malformed);
      ++variants;
    }
  }
  CHECK(variants == 30);
}

TEST_CASE("D10: malformed PKCS#1 v1.5 signatures and the e=3 Bleichenbacher forgery fail",
          "[checklist][attacks]") {
  const Jwk& key = test::cached_key(Algorithm::RS256);
  const JwtVerifier verifier = test::make_verifier(key);
  const std::string input =
      test::signing_input(header_for(Algorithm::RS256, key.kid()), test::claims());
  const std::string hash = sha256(input);
  const std::size_t k = test::raw_signature(key, input).size();
  REQUIRE(k == 256);
  auto verify_block = [&](const std::string& block) {
    return code_of(verifier.verify(input + "." + test::b64u(rsa_raw_private(key, block))));
  };
  const std::string digest_info = kSha256DigestInfo + hash;

  // Control: a correct block built by hand verifies, so the cases below fail for their defect.
  CHECK(verify_block(pkcs1_block(k, digest_info)) == kOk);

  const std::string missing_null =
      std::string("\x30\x2f\x30\x0b\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x04\x20", 17) +
      hash;
  const std::string ber_length =
      std::string("\x30\x81\x31", 3) + kSha256DigestInfo.substr(2) + hash;
  const std::string sha384_oid =
      std::string("\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x02\x05\x00\x04\x20",
                  19) +
      hash;
  const std::string null_with_content =
      std::string(
          "\x30\x32\x30\x0e\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x01\x00\x04\x20", 20) +
      hash;
  std::string bad_fill = pkcs1_block(k, digest_info);
  bad_fill[20] = '\xFE';
  std::string short_padding(k, '\0');  // 00 01 FF*7 00 <garbage> DigestInfo
  short_padding[1] = '\x01';
  for (int i = 2; i < 9; ++i) short_padding[static_cast<std::size_t>(i)] = '\xFF';
  short_padding.replace(k - digest_info.size(), digest_info.size(), digest_info);
  for (std::size_t i = 10; i < k - digest_info.size(); ++i) short_padding[i] = '\x42';

  const std::vector<std::pair<std::string, std::string>> blocks{
      {"DigestInfo without NULL (pinned: OpenSSL 3 rejects)", pkcs1_block(k, missing_null)},
      {"BER long-form length", pkcs1_block(k, ber_length)},
      {"garbage after the hash", pkcs1_block(k, digest_info + "GARBAGE!")},
      {"wrong hash OID", pkcs1_block(k, sha384_oid)},
      {"NULL parameter with content", pkcs1_block(k, null_with_content)},
      {"non-0xFF padding byte", bad_fill},
      {"block type 02", pkcs1_block(k, digest_info, '\x02')},
      {"block type 00", pkcs1_block(k, digest_info, '\x00', '\x00')},
      {"short padding with garbage", short_padding},
      {"bare hash, no DigestInfo", pkcs1_block(k, hash)},
  };
  for (const auto& [what, block] : blocks) {
    INFO(what);
    CHECK(verify_block(block) == Errc::jwt_bad_signature);
  }

  // Bleichenbacher 2006 at e=3: s = cbrt(00 01 FF 00 DigestInfo H || garbage) needs no private
  // key; a parser that stops after the hash accepts it.
  auto e3_key = test::rsa_keygen(2048, 3);
  auto e3 = Jwk::from_pem(test::pem_of(e3_key.get(), false), Algorithm::RS256, "e3");
  REQUIRE(e3.has_value());  // e=3 is odd and > 1: allowed by the key policy
  const std::string e3_input =
      test::signing_input(header_for(Algorithm::RS256, "e3"), test::claims());
  const std::string prefix =
      std::string("\x00\x01\xFF\x00", 4) + kSha256DigestInfo + sha256(e3_input);
  const auto hi = test::bn_of(prefix + std::string(k - prefix.size(), '\xFF'));
  const auto forged = integer_cube_root(hi.get());
  const std::string forged_cube = test::bn_bytes(cube(forged.get()).get(), k);
  REQUIRE(forged_cube.compare(0, prefix.size(), prefix) == 0);  // the forgery is well-formed
  CHECK(code_of(test::make_verifier(*e3).verify(e3_input + "." +
                                                test::b64u(test::bn_bytes(forged.get(), k)))) ==
        Errc::jwt_bad_signature);
}

TEST_CASE("D11: JWE, nested JWTs and cross-service substitution are rejected",
          "[checklist][attacks]") {
  const Jwk key = test::hs256_key();
  VerifyOptions service_b;
  service_b.audience = {"service-b"};
  service_b.typ = "at+jwt";
  const JwtVerifier verifier = test::make_verifier(key, service_b);

  // JWE compact (5 segments), and JWE-only header parameters on a 3-segment token.
  const std::string jwe = test::b64u(R"({"alg":"dir","enc":"A128GCM"})") + ".." +
                          test::b64u("iv-12-bytes!") + "." + test::b64u("ciphertext") + "." +
                          test::b64u("tag-16-bytes....");
  CHECK(code_of(verifier.verify(jwe)) == Errc::jwt_malformed);
  for (const char* header : {R"({"alg":"HS256","enc":"A128GCM"})", R"({"alg":"HS256","zip":"DEF"})",
                             R"({"alg":"HS256","cty":"JWT","typ":"at+jwt"})"}) {
    INFO(header);
    CHECK(code_of(verifier.verify(
              test::sign_token(key, header, test::claims(R"(,"aud":"service-b")")))) ==
          Errc::jwt_unsupported_header);
  }
  // A nested JWT: the outer payload is itself a token.
  const std::string inner = test::sign_token(key, kHeader, test::claims());
  const std::string nested =
      test::sign_token(key, R"({"alg":"HS256","kid":"hs-1","typ":"at+jwt","cty":"JWT"})", inner);
  CHECK(code_of(verifier.verify(nested)) == Errc::jwt_unsupported_header);

  // Substitution: a valid token for service A (same key!) presented to service B.
  IssuerOptions for_a;
  for_a.audience = {"service-a"};
  for_a.typ = "at+jwt";
  CHECK(code_of(verifier.verify(test::issue_for(test::make_issuer(key, for_a)))) ==
        Errc::jwt_claim_mismatch);
  // An ID-token-like JWT (typ "JWT") with B's audience is not an access token.
  IssuerOptions id_token;
  id_token.audience = {"service-b"};
  CHECK(code_of(verifier.verify(test::issue_for(test::make_issuer(key, id_token)))) ==
        Errc::jwt_claim_mismatch);
  IssuerOptions for_b = for_a;
  for_b.audience = {"service-b"};
  CHECK(code_of(verifier.verify(test::issue_for(test::make_issuer(key, for_b)))) == kOk);
}

TEST_CASE("D12: ECDSA malleability (s and n-s) cannot split a revocation keyed on jti",
          "[checklist][attacks]") {
  // The library exposes nothing derived from the signature: callers key on jti.
  static_assert(!HasSignatureAccessor<VerifiedClaims>);
  static_assert(!HasTokenAccessor<VerifiedClaims>);
  static_assert(!HasAlgAccessor<VerifiedClaims>);
  static_assert(!HasKidAccessor<VerifiedClaims>);

  const Jwk& key = test::cached_key(Algorithm::ES256);
  IssuerOptions options;
  options.include_jti = true;
  const std::string token = test::issue_for(test::make_issuer(key, options));
  auto seg = test::segments_of(token);
  const std::string sig = test::unb64u(seg[2]);
  REQUIRE(sig.size() == 64);
  // s' = n - s: the other valid encoding of the same signature.
  const auto order = test::ec_order(Algorithm::ES256);
  const auto s = test::bn_of(sig.substr(32));
  ossl::Ptr<BIGNUM> s2(BN_new());
  REQUIRE(BN_sub(s2.get(), order.get(), s.get()) == 1);
  seg[2] = test::b64u(sig.substr(0, 32) + test::bn_bytes(s2.get(), 32));
  const std::string twin = test::join(seg);
  REQUIRE(twin != token);

  const JwtVerifier verifier = test::make_verifier(key);
  const auto a = verifier.verify(token);
  const auto b = verifier.verify(twin);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());  // both encodings verify: ECDSA is malleable (OpenSSL has no low-s)
  REQUIRE(a->jwt_id().has_value());
  CHECK(a->jwt_id() == b->jwt_id());
  CHECK(a->payload() == b->payload());

  // A revocation list keyed on jti revokes both encodings at once.
  const std::set<std::string> revoked{*a->jwt_id()};
  CHECK(revoked.count(*b->jwt_id()) == 1);
}
