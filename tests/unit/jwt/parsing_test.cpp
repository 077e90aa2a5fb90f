// Security checklist section A: JWS/JWT parsing (RFC 7515 §2, §4, §5.2; RFC 7519 §7.2).
// Every hand-made token here is correctly MACed, so only the step under test can fail.
#include <string>
#include <type_traits>
#include <vector>

#include "jwt/jws.hpp"
#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kOk;

namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256","kid":"hs-1"})";

// Pads JSON text with spaces before its final '}' until its byte length is not a multiple of
// 3, so its base64url form has unused trailing bits.
std::string with_unused_bits(std::string json) {
  while (json.size() % 3 == 0) {
    json.pop_back();  // the closing brace
    json += " }";
  }
  return json;
}

// A valid HS256 token whose three segments all have unused bits and whose signature contains
// at least one of the base64url-only characters '-' or '_'.
std::string canonical_token(const Jwk& key) {
  for (int n = 0;; ++n) {
    const std::string payload = with_unused_bits(test::claims(",\"n\":" + std::to_string(n)));
    const std::string token =
        test::sign_token(key, with_unused_bits(std::string(kHeader)), payload);
    const std::string sig = test::segments_of(token)[2];
    if (sig.find_first_of("-_") != std::string::npos) return token;
  }
}

// The same bytes in the standard base64 alphabet.
std::string to_standard_alphabet(std::string s) {
  for (char& c : s) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  return s;
}

// Malformed encodings of a valid token. Changes to the header or payload segment are re-signed
// with `key`, so that only the strict base64url decoder can reject them.
std::vector<std::pair<std::string, std::string>> encoding_variants(const std::string& token,
                                                                   const Jwk& key) {
  const auto seg = test::segments_of(token);
  REQUIRE(seg.size() == 3);
  auto with = [&](std::size_t i, std::string text) {
    auto parts = seg;
    parts[i] = std::move(text);
    if (i < 2) parts[2] = test::b64u(test::raw_signature(key, parts[0] + "." + parts[1]));
    return test::join(parts);
  };
  std::vector<std::pair<std::string, std::string>> out{
      {"'=' appended", token + "="},
      {"'==' appended", token + "=="},
      {"trailing LF", token + "\n"},
      {"trailing CRLF", token + "\r\n"},
      {"trailing space", token + " "},
      {"signature length 1 mod 4", token + "AA"},
      {"leading space", with(0, " " + seg[0])},
      {"leading LF", with(0, "\n" + seg[0])},
      {"tab inside header", with(0, seg[0].substr(0, 3) + "\t" + seg[0].substr(3))},
      {"LF inside payload", with(1, seg[1].substr(0, 4) + "\n" + seg[1].substr(4))},
      {"'=' padding on the payload", with(1, seg[1] + "=")},
      {"'+/' alphabet in the signature", with(2, to_standard_alphabet(seg[2]))},
  };
  for (std::size_t i = 0; i < 3; ++i) {
    if (seg[i].size() % 4 == 2 || seg[i].size() % 4 == 3) {
      out.emplace_back("non-canonical unused bits in segment " + std::to_string(i),
                       with(i, test::flip_unused_bits(seg[i])));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("A1: only compact JWS with exactly three segments is accepted", "[checklist][parsing]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  const std::string token = test::sign_token(key, kHeader, test::claims());
  REQUIRE(code_of(verifier.verify(token)) == kOk);
  const auto seg = test::segments_of(token);

  const std::string jwe =
      test::b64u(R"({"alg":"dir","enc":"A256GCM"})") + ".." + test::b64u(std::string(12, '\x01')) +
      "." + test::b64u(std::string(40, '\x02')) + "." + test::b64u(std::string(16, '\x03'));
  const std::vector<std::pair<std::string, std::string>> bad{
      {"1 segment", seg[0]},
      {"2 segments", seg[0] + "." + seg[1]},
      {"4 segments", token + "." + seg[2]},
      {"trailing dot", token + "."},
      {"5-segment JWE", jwe},
      {"5 segments", token + ".." + seg[2]},
      {"empty string", ""},
      {"dots only", ".."},
  };
  for (const auto& [what, t] : bad) {
    INFO(what);
    CHECK(code_of(verifier.verify(t)) == Errc::jwt_malformed);
    CHECK(code_of(unsafe_decode_unverified(t)) == Errc::jwt_malformed);
  }

  // JSON serializations (RFC 7515 A.6/A.7, RFC 7520 4.6-4.8) are refused by the JWT API.
  const auto rfc7520 = test::load_rfc_vectors("rfc7520.json");
  const auto rfc7515 = test::load_rfc_vectors("rfc7515.json");
  auto hmac_key = Jwk::from_json(rfc7520["jwk"]["3.5"]);
  REQUIRE(hmac_key.has_value());
  auto set = JwkSet::of(*hmac_key);
  REQUIRE(set.has_value());
  const JwtVerifier cookbook = test::make_verifier(*set);
  std::size_t json_forms = 0;
  for (const auto& example : rfc7520["examples"]) {
    const std::string section = example["section"];
    const auto& output = example["output"];
    if (section == "4.4") {
      // Control: the compact form of 4.4 passes the JWS layer with this key.
      CHECK(code_of(jws::verify_compact(*set, output["compact"].get<std::string>())) == kOk);
    }
    if (section != "4.6" && section != "4.7" && section != "4.8") continue;
    for (const char* form : {"json", "json_flat"}) {
      if (!output.contains(form)) continue;
      INFO("RFC 7520 " << section << " " << form);
      ++json_forms;
      const std::string text = output[form].dump();
      CHECK(code_of(cookbook.verify(text)) == Errc::jwt_malformed);
      CHECK(code_of(jws::verify_compact(*set, text)) == Errc::jwt_malformed);
    }
  }
  CHECK(json_forms == 5);
  std::size_t rfc7515_forms = 0;
  for (const auto& example : rfc7515["examples"]) {
    for (const char* form : {"json_general", "json_flattened"}) {
      if (!example.contains(form)) continue;
      INFO("RFC 7515 " << example["section"].get<std::string>());
      ++rfc7515_forms;
      CHECK(code_of(verifier.verify(example[form].dump())) == Errc::jwt_malformed);
    }
  }
  CHECK(rfc7515_forms == 2);  // A.6 general, A.7 flattened
}

TEST_CASE("A2: only strict base64url is accepted in all three segments", "[checklist][parsing]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  const std::string token = canonical_token(key);
  REQUIRE(code_of(verifier.verify(token)) == kOk);
  const auto variants = encoding_variants(token, key);
  CHECK(variants.size() == 15);  // all three segments had unused bits to flip
  for (const auto& [what, t] : variants) {
    INFO(what);
    CHECK(code_of(verifier.verify(t)) == Errc::jwt_malformed);
  }

  // The RFC 7515 A.1 token and its hand-made malformed variants.
  const auto rfc = test::load_rfc_vectors("rfc7515.json");
  const auto& a1 = rfc["examples"][0];
  REQUIRE(a1["section"].get<std::string>() == "A.1");
  auto a1_key = Jwk::from_json(a1["jwk"], Algorithm::HS256);
  REQUIRE(a1_key.has_value());
  VerifyOptions options;
  options.clock = test::clock_at(1300819380 - 100);  // before its exp
  const JwtVerifier a1_verifier = test::make_verifier(*a1_key, options);
  const std::string compact = a1["compact"];
  const auto verified = a1_verifier.verify(compact);
  REQUIRE(verified.has_value());
  CHECK(verified->issuer() == "joe");
  for (const auto& [what, t] : encoding_variants(compact, *a1_key)) {
    INFO("RFC 7515 A.1, " << what);
    CHECK(code_of(a1_verifier.verify(t)) == Errc::jwt_malformed);
  }
}

TEST_CASE("A3: header and claims must be UTF-8 JSON objects without extensions",
          "[checklist][parsing]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  REQUIRE(code_of(verifier.verify(test::sign_token(key, kHeader, test::claims()))) == kOk);

  const std::vector<std::pair<std::string, std::string>> headers{
      {"invalid UTF-8", "{\"alg\":\"HS256\",\"x\":\"\xFF\"}"},
      {"overlong UTF-8", "{\"alg\":\"HS256\",\"x\":\"\xC0\xAF\"}"},
      {"UTF-8 surrogate", "{\"alg\":\"HS256\",\"x\":\"\xED\xA0\x80\"}"},
      {"lone surrogate escape", R"({"alg":"HS256","x":"\udc00"})"},
      {"BOM", "\xEF\xBB\xBF{\"alg\":\"HS256\"}"},
      {"array", R"(["HS256"])"},
      {"string", R"("HS256")"},
      {"null", "null"},
      {"trailing bytes", R"({"alg":"HS256"}x)"},
      {"two objects", R"({"alg":"HS256"}{})"},
      {"NaN", R"({"alg":"HS256","x":NaN})"},
      {"Infinity", R"({"alg":"HS256","x":Infinity})"},
      {"block comment", R"({"alg":"HS256" /* c */})"},
      {"line comment", "// c\n{\"alg\":\"HS256\"}"},
      {"trailing comma", R"({"alg":"HS256",})"},
      {"single quotes", R"({'alg':'HS256'})"},
  };
  for (const auto& [what, header] : headers) {
    INFO("header: " << what);
    CHECK(code_of(verifier.verify(test::sign_token(key, header, test::claims()))) ==
          Errc::jwt_malformed);
  }

  const std::string base = test::claims();
  const std::string open = base.substr(0, base.size() - 1);  // without the closing brace
  const std::vector<std::pair<std::string, std::string>> payloads{
      {"invalid UTF-8", open + ",\"name\":\"\xFF\"}"},
      {"overlong UTF-8", open + ",\"name\":\"\xE0\x80\xAF\"}"},
      {"UTF-8 surrogate", open + ",\"name\":\"\xED\xB0\x80\"}"},
      {"lone surrogate escape", open + R"(,"name":"\ud800"})"},
      {"BOM", "\xEF\xBB\xBF" + base},
      {"array", "[" + base + "]"},
      {"number", "1700000000"},
      {"empty", ""},
      {"trailing bytes", base + "x"},
      {"two objects", base + "{}"},
      {"NaN", open + R"(,"x":NaN})"},
      {"-Infinity", open + R"(,"x":-Infinity})"},
      {"comment", open + R"( /* c */})"},
      {"unescaped control character", open + ",\"name\":\"a\tb\"}"},
  };
  for (const auto& [what, payload] : payloads) {
    INFO("claims: " << what);
    CHECK(code_of(verifier.verify(test::sign_token(key, kHeader, payload))) == Errc::jwt_malformed);
  }
}

TEST_CASE("A4: duplicate member names in header or claims are rejected", "[checklist][parsing]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  const std::string base = test::claims();
  const std::string open = base.substr(0, base.size() - 1);

  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"alg":"HS256","alg":"none"})", base},
      {R"({"alg":"HS256","kid":"hs-1","kid":"other"})", base},
      {R"({"alg":"HS256","\u0061lg":"HS256"})", base},
      {std::string(kHeader), open + R"(,"sub":"admin"})"},
      {std::string(kHeader), open + R"(,"\u0073ub":"admin"})"},
      {std::string(kHeader), open + R"(,"exp":99999999999})"},
      {std::string(kHeader), open + R"(,"ctx":{"role":"user","role":"admin"}})"},
      {std::string(kHeader), open + R"(,"list":[{"a":1,"a":2}]})"},
  };
  for (const auto& [header, payload] : cases) {
    INFO("header " << header << " claims " << payload);
    const std::string token = test::sign_token(key, header, payload);
    CHECK(code_of(verifier.verify(token)) == Errc::jwt_malformed);
    CHECK(code_of(unsafe_decode_unverified(token)) == Errc::jwt_malformed);
  }
  // Control: the same claims with distinct names verify.
  CHECK(code_of(verifier.verify(test::sign_token(
            key, kHeader, open + R"(,"ctx":{"role":"user","rule":"x"}})"))) == kOk);
}

TEST_CASE("A5: alg must be a string that matches exactly", "[checklist][parsing]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  auto verify_header = [&](const std::string& header) {
    return code_of(verifier.verify(test::sign_token(key, header, test::claims())));
  };
  CHECK(verify_header(R"({"alg":"HS256"})") == kOk);
  CHECK(verify_header(R"({"typ":"JWT"})") == Errc::jwt_malformed);  // missing alg
  CHECK(verify_header(R"({})") == Errc::jwt_malformed);
  CHECK(verify_header(R"({"alg":123})") == Errc::jwt_malformed);
  CHECK(verify_header(R"({"alg":null})") == Errc::jwt_malformed);
  CHECK(verify_header(R"({"alg":true})") == Errc::jwt_malformed);
  CHECK(verify_header(R"({"alg":["HS256"]})") == Errc::jwt_malformed);
  CHECK(verify_header(R"({"alg":{"name":"HS256"}})") == Errc::jwt_malformed);
  for (const char* alg :
       {"Hs256", "hs256", "HS256 ", " HS256", "HS 256", "HS256\\u0000", "", "HS2560", "RS256 "}) {
    INFO("alg \"" << alg << "\"");
    CHECK(verify_header(std::string(R"({"alg":")") + alg + "\"}") ==
          Errc::jwt_unsupported_algorithm);
  }
}

TEST_CASE("A6: any crit header is rejected", "[checklist][parsing]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  for (const char* header : {
           R"({"alg":"HS256","crit":[]})",
           R"({"alg":"HS256","crit":["exp"],"exp":1})",
           R"({"alg":"HS256","crit":["x"],"x":1})",
           R"({"alg":"HS256","crit":["y"]})",
           R"({"alg":"HS256","crit":"x","x":1})",
           R"({"alg":"HS256","crit":["alg"]})",
           R"({"alg":"HS256","crit":null})",
       }) {
    INFO(header);
    CHECK(code_of(verifier.verify(test::sign_token(key, header, test::claims()))) ==
          Errc::jwt_unsupported_header);
  }
}

TEST_CASE("A7: b64 (RFC 7797 unencoded payload) is refused", "[checklist][parsing]") {
  // RFC 7797 §4.2: header {"alg":"HS256","b64":false,"crit":["b64"]}, payload "$.02", MACed
  // with the RFC 7515 A.1 key. That example is not in tests/vectors/data, so the token is
  // rebuilt here and its MAC is checked against the RFC's published value.
  const std::string k = test::unb64u(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  const std::string header_b64 = test::b64u(R"({"alg":"HS256","b64":false,"crit":["b64"]})");
  REQUIRE(header_b64 == "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19");
  const std::string sig = test::b64u(test::raw_hmac(k, header_b64 + ".$.02"));
  REQUIRE(sig == "A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY");

  auto secret = Secret::from_string(k);
  REQUIRE(secret.has_value());
  auto rfc_key = Jwk::from_secret(*secret, Algorithm::HS256);
  REQUIRE(rfc_key.has_value());
  const JwtVerifier verifier = test::make_verifier(*rfc_key);
  // The detached form, exactly as in RFC 7797.
  CHECK(code_of(verifier.verify(header_b64 + ".." + sig)) == Errc::jwt_unsupported_header);
  // The attached form has a '.' in the payload: four segments.
  CHECK(code_of(verifier.verify(header_b64 + ".$.02." + sig)) == Errc::jwt_malformed);
  // A correctly MACed b64 header with a normal payload: refused for the header alone.
  for (const char* header : {R"({"alg":"HS256","b64":false,"crit":["b64"]})",
                             R"({"alg":"HS256","b64":true})", R"({"alg":"HS256","b64":false})"}) {
    INFO(header);
    CHECK(code_of(verifier.verify(test::sign_token(*rfc_key, header, test::claims()))) ==
          Errc::jwt_unsupported_header);
  }
}

TEST_CASE("A8: key-carrying headers (jku, x5u, jwk, x5c, x5t) and cty JWT are refused",
          "[checklist][parsing]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  test::LoopbackListener listener;

  const auto attacker = Jwk::generate(Algorithm::ES256);
  REQUIRE(attacker.has_value());
  const std::string attacker_jwk = attacker->to_public_json()->dump();
  const std::vector<std::string> headers{
      R"({"alg":"HS256","kid":"hs-1","jku":")" + listener.url("/jwks.json") + "\"}",
      R"({"alg":"HS256","kid":"hs-1","x5u":")" + listener.url("/cert.pem") + "\"}",
      R"({"alg":"HS256","jwk":)" + attacker_jwk + "}",
      R"({"alg":"HS256","x5c":["MIIB"]})",
      R"({"alg":"HS256","x5t":"dGh1bWJwcmludA"})",
      R"({"alg":"HS256","x5t#S256":"dGh1bWJwcmludA"})",
      R"({"alg":"HS256","cty":"JWT"})",
      R"({"alg":"HS256","cty":"jwt"})",
      R"({"alg":"HS256","cty":"application/JWT"})",
  };
  for (const auto& header : headers) {
    INFO(header);
    // Correctly MACed with the verifier's own key: only the header policy can fail.
    CHECK(code_of(verifier.verify(test::sign_token(key, header, test::claims()))) ==
          Errc::jwt_unsupported_header);
  }
  // cty is compared folding ASCII letters only: a control byte where the '/' was is another
  // content type (a bitwise `| 0x20` fold took \u000f for '/'), which the verifier ignores.
  CHECK(verifier
            .verify(test::sign_token(key, R"({"alg":"HS256","cty":"application\u000fjwt"})",
                                     test::claims()))
            .has_value());
  // The embedded key signs its own token: still refused.
  const std::string self_signed =
      test::sign_token(*attacker, R"({"alg":"ES256","jwk":)" + attacker_jwk + "}", test::claims());
  CHECK(code_of(verifier.verify(self_signed)) == Errc::jwt_unsupported_header);

  // Nothing ever connected to the URLs in jku/x5u...
  CHECK(listener.drain_connections() == 0);
  // ...and the listener does record connections (positive control).
  listener.connect_once();
  CHECK(listener.drain_connections() == 1);
}

TEST_CASE("A9: oversized tokens and deeply nested JSON are rejected before any work",
          "[checklist][parsing]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);

  const std::string one_mib(1 << 20, 'a');
  CHECK(code_of(verifier.verify(one_mib)) == Errc::jwt_too_large);
  CHECK(code_of(unsafe_decode_unverified(one_mib)) == Errc::jwt_too_large);
  const std::string big_claims =
      test::claims(R"(,"blob":")" + std::string((1 << 20) - 100, 'x') + "\"");
  CHECK(code_of(verifier.verify(test::sign_token(key, kHeader, big_claims))) ==
        Errc::jwt_too_large);

  const std::string deep = std::string(10'000, '[') + std::string(10'000, ']');
  const std::string deep_header = R"({"alg":"HS256","x":)" + deep + "}";
  const std::string deep_claims = test::claims(",\"x\":" + deep);
  const std::string deep_header_token = test::sign_token(key, deep_header, test::claims());
  const std::string deep_claims_token = test::sign_token(key, kHeader, deep_claims);
  // Under the default 8 KiB cap the size check fires first.
  CHECK(code_of(verifier.verify(deep_header_token)) == Errc::jwt_too_large);
  CHECK(code_of(verifier.verify(deep_claims_token)) == Errc::jwt_too_large);
  // With a larger size cap the JSON nesting cap (depth 16) still rejects them.
  VerifyOptions roomy;
  roomy.max_token_bytes = 64 * 1024;
  const JwtVerifier roomy_verifier = test::make_verifier(key, roomy);
  CHECK(code_of(roomy_verifier.verify(deep_header_token)) == Errc::jwt_too_large);
  CHECK(code_of(roomy_verifier.verify(deep_claims_token)) == Errc::jwt_too_large);

  // Member cap: 64 members per object.
  std::string many = R"({"alg":"HS256")";
  for (int i = 0; i < 64; ++i) many += ",\"h" + std::to_string(i) + "\":0";
  many += "}";
  CHECK(code_of(verifier.verify(test::sign_token(key, many, test::claims()))) ==
        Errc::jwt_too_large);

  // The size cap is inclusive.
  const std::string token = test::sign_token(key, kHeader, test::claims());
  VerifyOptions exact;
  exact.max_token_bytes = token.size();
  CHECK(code_of(test::make_verifier(key, exact).verify(token)) == kOk);
  exact.max_token_bytes = token.size() - 1;
  CHECK(code_of(test::make_verifier(key, exact).verify(token)) == Errc::jwt_too_large);
}

TEST_CASE("A10: claims are only returned after signature and claim checks pass",
          "[checklist][parsing]") {
  // Compile-time: verified claims come only from JwtVerifier::verify().
  static_assert(!std::is_default_constructible_v<VerifiedClaims>);
  static_assert(!std::is_constructible_v<VerifiedClaims, std::string>);
  static_assert(!std::is_constructible_v<VerifiedClaims, nlohmann::json>);
  static_assert(!std::is_constructible_v<VerifiedClaims, UnverifiedToken>);
  static_assert(!std::is_convertible_v<UnverifiedToken, VerifiedClaims>);
  static_assert(!std::is_aggregate_v<VerifiedClaims>);
  static_assert(std::is_same_v<decltype(std::declval<const JwtVerifier&>().verify("")),
                               Result<VerifiedClaims>>);
  static_assert(std::is_same_v<decltype(unsafe_decode_unverified("")), Result<UnverifiedToken>>);

  const Jwk key = test::hs256_key();
  const JwtVerifier verifier = test::make_verifier(key);
  const std::string good = test::sign_token(key, kHeader, test::claims());
  REQUIRE(verifier.verify(good).has_value());

  // A bad signature: no claims, and value() throws instead of handing any out.
  auto seg = test::segments_of(good);
  seg[2][0] = seg[2][0] == 'A' ? 'B' : 'A';
  const auto forged = verifier.verify(test::join(seg));
  REQUIRE_FALSE(forged.has_value());
  CHECK(forged.error().code() == Errc::jwt_bad_signature);
  CHECK_THROWS_AS(forged.value(), authkit::Exception);

  // The signature is checked before the claims are even decoded: garbage claims with a wrong
  // MAC report the signature, not the JSON.
  const std::string garbage = test::b64u(kHeader) + "." + test::b64u("not json") + "." + seg[2];
  CHECK(code_of(verifier.verify(garbage)) == Errc::jwt_bad_signature);

  // A valid signature with failing claim checks: no claims either.
  const std::string expired = test::sign_token(
      key, kHeader, R"({"sub":"u1","exp":)" + std::to_string(test::kNow - 1000) + "}");
  const auto late = verifier.verify(expired);
  REQUIRE_FALSE(late.has_value());
  CHECK(late.error().code() == Errc::jwt_expired);
  bool threw = false;
  try {
    (void)late.value();
  } catch (const authkit::Exception& e) {
    threw = true;
    CHECK(e.error().code() == Errc::jwt_expired);
  }
  CHECK(threw);
}
