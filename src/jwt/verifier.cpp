#include <authkit/jwt/verifier.hpp>

#include "crypto/base64url.hpp"
#include "json/strict_json.hpp"
#include "jwt/claims_access.hpp"
#include "jwt/jws.hpp"
#include "jwt/limits.hpp"
#include "util/ascii.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace authkit {
namespace {

using detail::ClaimsAccess;

Error missing(const char* claim) {
  return Error(Errc::jwt_claim_missing, {}, std::string("token lacks ") + claim).with_claim(claim);
}
Error mismatch(const char* claim) {
  return Error(Errc::jwt_claim_mismatch, {}, std::string("unexpected ") + claim).with_claim(claim);
}
Error wrong_type(std::string_view claim) {
  return Error(Errc::jwt_malformed, {}, "claim " + std::string(claim) + " has the wrong type")
      .with_claim(std::string(claim));
}

// Compares media types as RFC 7515 §4.1.9 suggests: case-insensitive (ASCII letters only),
// "application/" optional.
bool typ_equals(std::string_view got, std::string_view want) {
  auto strip = [](std::string_view s) {
    constexpr std::string_view prefix = "application/";
    if (s.size() > prefix.size() && ascii::iequal(s.substr(0, prefix.size()), prefix)) {
      s.remove_prefix(prefix.size());
    }
    return s;
  };
  return ascii::iequal(strip(got), strip(want));
}

// Reads the typed claims out of the top-level members; type errors are JWT_MALFORMED.
// The per-member steps report success as a bool so that no Result<void> is built per member
// on the success path (GCC zero-fills an empty std::optional<Error> on construction).
Result<void> extract(const json::Object& object, VerifiedClaims& c) {
  for (const json::Member& m : object.members) {
    const std::string_view k = m.key;
    auto as_string = [&](std::optional<std::string>& field) {
      if (m.kind != json::Kind::string) return false;
      field = json::decode_string(m.raw);
      return true;
    };
    auto as_date = [&](std::optional<std::int64_t>& field) {
      if (m.kind != json::Kind::number) return false;
      field = json::to_numeric_date(m.raw);
      return field.has_value();
    };
    bool ok = true;
    if (k == "sub") {
      ok = as_string(ClaimsAccess::sub(c));
    } else if (k == "iss") {
      ok = as_string(ClaimsAccess::iss(c));
    } else if (k == "jti") {
      ok = as_string(ClaimsAccess::jti(c));
    } else if (k == "exp") {
      ok = as_date(ClaimsAccess::exp(c));
    } else if (k == "nbf") {
      ok = as_date(ClaimsAccess::nbf(c));
    } else if (k == "iat") {
      ok = as_date(ClaimsAccess::iat(c));
    } else if (k == "email" && m.kind == json::Kind::string) {
      ClaimsAccess::email(c) = json::decode_string(m.raw);
    } else if (k == "name" && m.kind == json::Kind::string) {
      ClaimsAccess::name(c) = json::decode_string(m.raw);
    } else if (k == "aud") {
      auto& aud = ClaimsAccess::aud(c);
      if (m.kind == json::Kind::string) {
        aud.push_back(json::decode_string(m.raw));
      } else if (m.kind == json::Kind::array) {
        ok = json::string_array(m.raw, aud) && !aud.empty();
      } else {
        ok = false;
      }
    }
    if (!ok) return wrong_type(k);
  }
  return {};
}

}  // namespace

struct JwtVerifier::Impl {
  JwkSet keys;
  VerifyOptions options;
  std::shared_ptr<const Clock> clock;
};

Result<JwtVerifier> JwtVerifier::create(JwkSet keys, VerifyOptions options) {
  auto bad = [](const char* why) { return Error(Errc::invalid_configuration, why); };
  if (options.leeway.count() < 0 || options.leeway > VerifyOptions::max_leeway) {
    return bad("leeway must be between 0 and 300 seconds");
  }
  if (options.max_token_age && options.max_token_age->count() <= 0) {
    return bad("max_token_age must be positive");
  }
  if (options.max_token_bytes == 0) return bad("max_token_bytes must be positive");
  if (options.issuer && options.issuer->empty()) return bad("issuer must not be empty");
  if (options.typ && options.typ->empty()) return bad("typ must not be empty");
  if (options.subject && options.subject->empty()) return bad("subject must not be empty");
  for (const auto& a : options.audience) {
    if (a.empty()) return bad("audience entries must not be empty");
  }
  if (!options.algorithms.empty()) {
    const bool usable = std::any_of(keys.keys().begin(), keys.keys().end(), [&](const Jwk& k) {
      return std::find(options.algorithms.begin(), options.algorithms.end(), k.algorithm()) !=
             options.algorithms.end();
    });
    if (!usable) return bad("no key in the set has an allowed algorithm");
  }
  auto clock = options.clock ? options.clock : SystemClock::instance();
  return JwtVerifier(
      std::make_shared<const Impl>(Impl{std::move(keys), std::move(options), std::move(clock)}));
}

const JwkSet& JwtVerifier::keys() const noexcept { return impl_->keys; }
const VerifyOptions& JwtVerifier::options() const noexcept { return impl_->options; }

Result<VerifiedClaims> JwtVerifier::verify(std::string_view token) const {
  const VerifyOptions& opt = impl_->options;
  auto segments = jws::split(token, opt.max_token_bytes);
  if (!segments) return segments.error();
  auto header = jws::parse_header(segments->header_b64);
  if (!header) return header.error();
  auto key = jws::select_key(impl_->keys, *header, opt.algorithms);
  if (!key) return key.error();
  // The signature is checked before the claims are even decoded (checklist A10).
  if (auto r = jws::check_signature(**key, *segments); !r) return r.error();

  VerifiedClaims claims = ClaimsAccess::make();
  std::string& payload = ClaimsAccess::payload(claims);
  if (!b64::decode(segments->payload_b64, payload)) {
    return Error(Errc::jwt_malformed, {}, "payload is not strict base64url");
  }
  thread_local json::Object object;
  bool over_limit = false;
  if (!json::parse_object(payload, detail::kTokenJsonLimits, object, &over_limit)) {
    if (over_limit) return Error(Errc::jwt_too_large, {}, "claims exceed the JSON nesting caps");
    return Error(Errc::jwt_malformed, {}, "claims are not a strict JSON object");
  }
  if (auto r = extract(object, claims); !r) return r.error();
  ClaimsAccess::typ(claims) = std::move(header->typ);

  const std::int64_t now = to_unix_seconds(impl_->clock->now());
  const std::int64_t leeway = opt.leeway.count();
  const auto exp = ClaimsAccess::exp(claims);
  if (!exp && opt.require_expiration) return missing("exp");
  if (exp && now >= *exp + leeway) return Error(Errc::jwt_expired).with_claim("exp");
  if (const auto nbf = ClaimsAccess::nbf(claims); nbf && now < *nbf - leeway) {
    return Error(Errc::jwt_not_yet_valid).with_claim("nbf");
  }
  const auto iat = ClaimsAccess::iat(claims);
  if (iat && *iat > now + leeway) return Error(Errc::jwt_not_yet_valid).with_claim("iat");
  if (opt.max_token_age) {
    if (!iat) return missing("iat");
    if (now - *iat > opt.max_token_age->count() + leeway) {
      return Error(Errc::jwt_expired, {}, "token is older than max_token_age").with_claim("iat");
    }
  }
  if (opt.issuer) {
    if (!claims.issuer()) return missing("iss");
    if (*claims.issuer() != *opt.issuer) return mismatch("iss");
  }
  if (opt.subject) {
    if (!claims.subject()) return missing("sub");
    if (*claims.subject() != *opt.subject) return mismatch("sub");
  }
  const auto& aud = claims.audience();
  if (opt.audience.empty()) {
    if (!aud.empty()) return mismatch("aud");  // RFC 7519 §4.1.3: we are not an audience
  } else {
    if (aud.empty()) return missing("aud");
    const bool ours = std::any_of(aud.begin(), aud.end(), [&](const std::string& a) {
      return std::find(opt.audience.begin(), opt.audience.end(), a) != opt.audience.end();
    });
    if (!ours) return mismatch("aud");
  }
  if (opt.typ) {
    if (!claims.type()) return missing("typ");
    if (!typ_equals(*claims.type(), *opt.typ)) return mismatch("typ");
  }
  for (const std::string& name : opt.required_claims) {
    if (object.find(name) == nullptr) {
      return Error(Errc::jwt_claim_missing, {}, "token lacks " + name).with_claim(name);
    }
  }
  return claims;
}

}  // namespace authkit
