#include <authkit/jwt/issuer.hpp>

#include "crypto/base64url.hpp"
#include "crypto/random.hpp"
#include "crypto/signature.hpp"
#include "json/json_writer.hpp"
#include "json/strict_json.hpp"
#include "jwt/jwk_impl.hpp"
#include "jwt/jws.hpp"
#include "jwt/limits.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace authkit {
namespace {

// Claims the issuer writes itself; callers set them through typed fields or options.
constexpr std::array<std::string_view, 9> kReservedClaims{"iss", "sub", "aud",   "exp", "nbf",
                                                          "iat", "jti", "email", "name"};

bool has_control_chars(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  }
  return false;
}

}  // namespace

struct JwtIssuer::Impl {
  Jwk key;
  IssuerOptions options;
  std::shared_ptr<const Clock> clock;
  std::string header_b64;    ///< base64url of the fixed header, computed once
  std::string iss_aud_json;  ///< the `"iss":…,` and `"aud":…,` members, serialised once
};

Result<JwtIssuer> JwtIssuer::create(Jwk key, IssuerOptions options) {
  auto bad = [](const char* why) { return Error(Errc::invalid_configuration, why); };
  if (!options.lifetime) return bad("IssuerOptions::lifetime must be set explicitly");
  if (options.lifetime->count() <= 0) return bad("IssuerOptions::lifetime must be positive");
  if (*options.lifetime > IssuerOptions::max_lifetime) {
    return bad("IssuerOptions::lifetime exceeds max_lifetime (10 years)");
  }
  if (!key.can_sign()) return Error(Errc::invalid_key, "The issuer's key cannot sign");
  if (has_control_chars(options.typ) || !json::is_valid_utf8(options.typ)) {
    return bad("typ must be printable text");
  }
  if (!json::is_valid_utf8(options.issuer)) return bad("issuer must be UTF-8");
  for (const auto& a : options.audience) {
    if (a.empty() || !json::is_valid_utf8(a))
      return bad("audience entries must be non-empty UTF-8");
  }
  std::string header = "{\"alg\":";
  json::append_string(header, algorithm_name(key.algorithm()));
  header += ",\"kid\":";
  json::append_string(header, key.kid());
  if (!options.typ.empty()) {
    header += ",\"typ\":";
    json::append_string(header, options.typ);
  }
  header += '}';

  std::string fixed;
  if (!options.issuer.empty()) {
    fixed += "\"iss\":";
    json::append_string(fixed, options.issuer);
    fixed += ',';
  }
  if (options.audience.size() == 1) {
    fixed += "\"aud\":";
    json::append_string(fixed, options.audience.front());
    fixed += ',';
  } else if (!options.audience.empty()) {
    fixed += "\"aud\":[";
    for (std::size_t i = 0; i < options.audience.size(); ++i) {
      if (i > 0) fixed += ',';
      json::append_string(fixed, options.audience[i]);
    }
    fixed += "],";
  }
  auto clock = options.clock ? options.clock : SystemClock::instance();
  auto impl = std::make_shared<Impl>(Impl{std::move(key), std::move(options), std::move(clock),
                                          b64::encode(header), std::move(fixed)});
  return JwtIssuer(std::move(impl));
}

const Jwk& JwtIssuer::key() const noexcept { return impl_->key; }

Result<std::string> JwtIssuer::issue(const TokenClaims& claims) const {
  return issue(claims, *impl_->options.lifetime);
}

Result<std::string> JwtIssuer::issue(const TokenClaims& claims,
                                     std::chrono::seconds lifetime) const {
  auto bad = [](std::string why) { return Error(Errc::invalid_argument, std::move(why)); };
  if (lifetime.count() <= 0) return bad("lifetime must be positive");
  if (lifetime > IssuerOptions::max_lifetime) return bad("lifetime exceeds max_lifetime");
  if (claims.subject.empty()) return bad("subject must not be empty");
  if (!json::is_valid_utf8(claims.subject) ||
      (claims.email && !json::is_valid_utf8(*claims.email)) ||
      (claims.name && !json::is_valid_utf8(*claims.name))) {
    return bad("claims must be valid UTF-8");
  }
  if (!claims.extra.is_object()) return bad("extra claims must be a JSON object");

  const std::int64_t iat = to_unix_seconds(impl_->clock->now());
  std::string payload;
  payload.reserve(192);
  payload += '{';
  payload += impl_->iss_aud_json;
  payload += "\"sub\":";
  json::append_string(payload, claims.subject);
  payload += ",\"iat\":";
  json::append_int(payload, iat);
  payload += ",\"exp\":";
  json::append_int(payload, iat + lifetime.count());
  if (impl_->options.include_jti) {
    auto jti = rng::token_b64url(16);
    if (!jti) return jti.error();
    payload += ",\"jti\":";
    json::append_string(payload, *jti);
  }
  if (claims.email) {
    payload += ",\"email\":";
    json::append_string(payload, *claims.email);
  }
  if (claims.name) {
    payload += ",\"name\":";
    json::append_string(payload, *claims.name);
  }
  if (claims.not_before) {
    payload += ",\"nbf\":";
    json::append_int(payload, to_unix_seconds(*claims.not_before));
  }
  for (const auto& [name, value] : claims.extra.items()) {
    if (!json::is_valid_utf8(name)) return bad("extra claim names must be valid UTF-8");
    for (const std::string_view reserved : kReservedClaims) {
      if (name == reserved) return bad("claim \"" + name + "\" must be set through its own field");
    }
    try {
      // strict: invalid UTF-8 inside custom claims is refused, never replaced.
      const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
      payload += ',';
      json::append_string(payload, name);
      payload += ':';
      payload += text;
    } catch (const nlohmann::json::exception&) {
      return bad("extra claims must be valid UTF-8");
    }
  }
  payload += '}';
  if (!claims.extra.empty()) {
    // Custom claims could nest deeper or wider than any verifier accepts; refuse to mint a
    // token that authkit itself would reject.
    json::Object scanned;
    if (!json::parse_object(payload, detail::kTokenJsonLimits, scanned)) {
      constexpr json::Limits caps = detail::kTokenJsonLimits;
      return bad("extra claims exceed the JSON caps (depth " + std::to_string(caps.max_depth) +
                 ", " + std::to_string(caps.max_members) + " members, " +
                 std::to_string(caps.max_elements) + " elements)");
    }
  }

  std::string token;
  token.reserve(impl_->header_b64.size() + b64::encoded_size(payload.size()) + 180);
  token += impl_->header_b64;
  token += '.';
  b64::encode_append(
      std::span(reinterpret_cast<const unsigned char*>(payload.data()), payload.size()), token);
  auto signature = sig::sign(detail::JwkAccess::key(impl_->key), token);
  if (!signature) return signature.error();
  token += '.';
  b64::encode_append(
      std::span(reinterpret_cast<const unsigned char*>(signature->data()), signature->size()),
      token);
  if (token.size() > default_max_token_bytes) return bad("token exceeds 8 KiB; send fewer claims");
  return token;
}

}  // namespace authkit
