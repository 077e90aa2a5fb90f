#include <authkit/jwt/unverified.hpp>
#include <nlohmann/json.hpp>

#include "crypto/base64url.hpp"
#include "json/strict_json.hpp"
#include "jwt/jws.hpp"
#include "jwt/limits.hpp"

namespace authkit {
namespace {

// Decodes one segment as a strict JSON object; the same caps and error codes as verify().
Result<nlohmann::json> decode_object(std::string_view b64, const char* what) {
  std::string text;
  json::Object scanned;
  bool over_limit = false;
  if (!b64::decode(b64, text)) {
    return Error(Errc::jwt_malformed, {}, std::string(what) + " is not strict base64url");
  }
  if (!json::parse_object(text, detail::kTokenJsonLimits, scanned, &over_limit)) {
    if (over_limit) {
      return Error(Errc::jwt_too_large, {}, std::string(what) + " exceeds the JSON caps");
    }
    return Error(Errc::jwt_malformed, {}, std::string(what) + " is not a strict JSON object");
  }
  return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace

Result<UnverifiedToken> unsafe_decode_unverified(std::string_view token) {
  auto segments = jws::split(token, default_max_token_bytes);
  if (!segments) return segments.error();
  auto header = decode_object(segments->header_b64, "header");
  if (!header) return header.error();
  auto claims = decode_object(segments->payload_b64, "payload");
  if (!claims) return claims.error();
  // The signature is not checked, but it must still be strict base64url: a debugging tool
  // that accepted what verify() refuses would mislead.
  if (!b64::decode(segments->signature_b64)) {
    return Error(Errc::jwt_malformed, {}, "signature is not strict base64url");
  }
  return UnverifiedToken{std::move(*header), std::move(*claims)};
}

}  // namespace authkit
