#include "jwt/jws.hpp"

#include "crypto/base64url.hpp"
#include "crypto/signature.hpp"
#include "jwt/jwk_impl.hpp"
#include "jwt/limits.hpp"
#include "util/ascii.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>

namespace authkit::jws {
namespace {

Error malformed(const char* detail) { return Error(Errc::jwt_malformed, {}, detail); }

// Header parameters that would let the token choose its own key or change how it is
// processed (RFC 8725 §3.10; RFC 7797; JWE). authkit never honours them, so it refuses them.
constexpr std::array<std::string_view, 10> kRefusedHeaders{"crit", "b64", "jku",      "x5u", "jwk",
                                                           "x5c",  "x5t", "x5t#S256", "zip", "enc"};

}  // namespace

Result<Segments> split(std::string_view token, std::size_t max_bytes) {
  if (token.size() > max_bytes) return Error(Errc::jwt_too_large, {}, "token exceeds size cap");
  const std::size_t first = token.find('.');
  if (first == std::string_view::npos) return malformed("expected three segments");
  const std::size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos) return malformed("expected three segments");
  if (token.find('.', second + 1) != std::string_view::npos) {
    return malformed("expected three segments (JWE or nested serialization?)");
  }
  Segments s;
  s.header_b64 = token.substr(0, first);
  s.payload_b64 = token.substr(first + 1, second - first - 1);
  s.signature_b64 = token.substr(second + 1);
  s.signing_input = token.substr(0, second);
  if (s.header_b64.empty()) return malformed("empty header");
  if (s.signature_b64.empty()) return malformed("empty signature (stripped or unsecured JWS)");
  return s;
}

static Result<Header> parse_header_uncached(std::string_view header_b64) {
  thread_local std::string text;
  thread_local json::Object header;
  if (!b64::decode(header_b64, text)) return malformed("header is not strict base64url");
  bool over_limit = false;
  if (!json::parse_object(text, detail::kTokenJsonLimits, header, &over_limit)) {
    if (over_limit) return Error(Errc::jwt_too_large, {}, "header exceeds the JSON nesting caps");
    return malformed("header is not a strict JSON object");
  }
  Header out{};
  bool have_alg = false;
  for (const json::Member& m : header.members) {
    if (m.key == "alg") {
      if (m.kind != json::Kind::string) return malformed("alg must be a string");
      const std::string name = json::decode_string(m.raw);
      const auto alg = algorithm_from_name(name);
      if (!alg) {
        return Error(Errc::jwt_unsupported_algorithm, {}, "alg is unsupported or none");
      }
      out.alg = *alg;
      have_alg = true;
    } else if (m.key == "kid") {
      if (m.kind != json::Kind::string) return malformed("kid must be a string");
      out.kid = json::decode_string(m.raw);
    } else if (m.key == "typ") {
      if (m.kind != json::Kind::string) return malformed("typ must be a string");
      out.typ = json::decode_string(m.raw);
    } else if (m.key == "cty") {
      if (m.kind != json::Kind::string) return malformed("cty must be a string");
      const std::string cty = json::decode_string(m.raw);
      if (ascii::iequal(cty, "JWT") || ascii::iequal(cty, "application/jwt")) {
        return Error(Errc::jwt_unsupported_header, {}, "nested JWTs are not accepted");
      }
    } else if (std::find(kRefusedHeaders.begin(), kRefusedHeaders.end(), m.key) !=
               kRefusedHeaders.end()) {
      return Error(Errc::jwt_unsupported_header, {},
                   "header parameter \"" + std::string(m.key) + "\" is not accepted");
    }
  }
  if (!have_alg) return malformed("header lacks alg");
  return out;
}

// Tokens from one issuer carry the same header, byte for byte, so each thread remembers the
// last few headers that parsed successfully. A hit needs the identical base64url text and
// parsing is a pure function of that text, so the cache never changes a result; failures are
// never cached, and long headers are not cached (bounded memory).
Result<Header> parse_header(std::string_view header_b64) {
  struct Entry {
    std::string b64;
    Header header;
  };
  constexpr std::size_t kMaxCachedBytes = 512;
  thread_local std::array<std::optional<Entry>, 4> cache;
  thread_local std::size_t next = 0;
  for (const auto& e : cache) {
    if (e && e->b64 == header_b64) return e->header;
  }
  auto parsed = parse_header_uncached(header_b64);
  if (parsed && header_b64.size() <= kMaxCachedBytes) {
    cache[next] = Entry{std::string(header_b64), *parsed};
    next = (next + 1) % cache.size();
  }
  return parsed;
}

Result<const Jwk*> select_key(const JwkSet& keys, const Header& header,
                              std::span<const Algorithm> allowed) {
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), header.alg) == allowed.end()) {
    return Error(Errc::jwt_unsupported_algorithm, {}, "alg is not in the allowlist");
  }
  const Jwk* key = nullptr;
  if (header.kid) {
    key = keys.find(*header.kid);
    if (key == nullptr) return Error(Errc::jwt_unknown_key, {}, "no key with this kid");
  } else {
    for (const Jwk& k : keys.keys()) {
      if (k.algorithm() != header.alg) continue;
      if (key != nullptr) {
        return Error(Errc::jwt_unknown_key, {}, "no kid and several keys for this alg");
      }
      key = &k;
    }
    if (key == nullptr) return Error(Errc::jwt_unknown_key, {}, "no key for this alg");
  }
  if (key->algorithm() != header.alg) {
    return Error(Errc::jwt_unsupported_algorithm, {}, "alg differs from the key's algorithm");
  }
  return key;
}

Result<void> check_signature(const Jwk& key, const Segments& segments) {
  thread_local std::string signature;
  if (!b64::decode(segments.signature_b64, signature)) {
    return malformed("signature is not strict base64url");
  }
  if (!sig::verify(detail::JwkAccess::key(key), segments.signing_input, signature)) {
    return Error(Errc::jwt_bad_signature);
  }
  return {};
}

Result<std::string> verify_compact(const JwkSet& keys, std::string_view token,
                                   std::size_t max_bytes, std::span<const Algorithm> allowed) {
  auto segments = split(token, max_bytes);
  if (!segments) return segments.error();
  auto header = parse_header(segments->header_b64);
  if (!header) return header.error();
  auto key = select_key(keys, *header, allowed);
  if (!key) return key.error();
  if (auto r = check_signature(**key, *segments); !r) return r.error();
  std::string payload;
  if (!b64::decode(segments->payload_b64, payload)) {
    return malformed("payload is not strict base64url");
  }
  return payload;
}

}  // namespace authkit::jws
