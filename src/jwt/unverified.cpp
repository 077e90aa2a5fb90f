#include <authkit/jwt/unverified.hpp>

#include "crypto/base64url.hpp"
#include "json/strict_json.hpp"
#include "jwt/jws.hpp"

namespace authkit {

Result<UnverifiedToken> unsafe_decode_unverified(std::string_view token) {
  auto segments = jws::split(token, 8 * 1024);
  if (!segments) return segments.error();
  auto decode_object = [](std::string_view b64, nlohmann::json& out) -> bool {
    std::string text;
    json::Object scanned;
    if (!b64::decode(b64, text) || !json::parse_object(text, jws::kJsonLimits, scanned)) {
      return false;
    }
    out = nlohmann::json::parse(text, nullptr, false);
    return !out.is_discarded();
  };
  UnverifiedToken out;
  if (!decode_object(segments->header_b64, out.header)) {
    return Error(Errc::jwt_malformed, {}, "header is not a strict base64url JSON object");
  }
  if (!decode_object(segments->payload_b64, out.claims)) {
    return Error(Errc::jwt_malformed, {}, "payload is not a strict base64url JSON object");
  }
  return out;
}

}  // namespace authkit
