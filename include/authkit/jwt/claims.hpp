// authkit/jwt/claims.hpp: claims to issue, and claims that passed verification.
//
// Thread safety: value types. A VerifiedClaims may be read from several threads at once
// (json() parses on every call and shares nothing).
#pragma once

#include <authkit/clock.hpp>
#include <authkit/result.hpp>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

class JwtVerifier;
namespace detail {
struct ClaimsAccess;
}

/// What a JwtIssuer puts into a token besides the claims it stamps itself (iat, exp, iss,
/// aud, jti). The typed members follow the seed payload `{sub, email, name}`.
struct TokenClaims {
  std::string subject{};               ///< `sub` (required, non-empty).
  std::optional<std::string> email{};  ///< `email`
  std::optional<std::string> name{};   ///< `name`
  /// `nbf`: the token is not valid before this time. Omitted when unset.
  std::optional<Clock::time_point> not_before{};
  /// Any further claims, as a JSON object. Registered names (iss, sub, aud, exp, nbf, iat,
  /// jti) and the typed names above are refused here: set them through their fields or the
  /// IssuerOptions. The finished token must fit the verifier's default caps (8 KiB, JSON depth
  /// 16, 64 members per object, 256 array elements) or issue() fails.
  nlohmann::json extra = nlohmann::json::object();
};

/// Claims of a token whose signature and claim checks all passed. Only JwtVerifier::verify()
/// can make one, so holding a VerifiedClaims proves verification happened. It deliberately
/// has no alg/kid accessors: those were checked against the key and are not for callers.
class VerifiedClaims {
 public:
  /// `sub`, if present.
  [[nodiscard]] const std::optional<std::string>& subject() const noexcept { return sub_; }
  /// `iss`, if present.
  [[nodiscard]] const std::optional<std::string>& issuer() const noexcept { return iss_; }
  /// `aud` as a list (a single string becomes one element); empty if absent.
  [[nodiscard]] const std::vector<std::string>& audience() const noexcept { return aud_; }
  /// `jti`, if present.
  [[nodiscard]] const std::optional<std::string>& jwt_id() const noexcept { return jti_; }
  /// `email`, if present and a string.
  [[nodiscard]] const std::optional<std::string>& email() const noexcept { return email_; }
  /// `name`, if present and a string.
  [[nodiscard]] const std::optional<std::string>& name() const noexcept { return name_; }
  /// `exp`, if present (required unless the verifier waived it). Times are the same type as
  /// TokenClaims::not_before and Clock::now(); to_unix_seconds() gives the NumericDate.
  [[nodiscard]] std::optional<Clock::time_point> expires_at() const noexcept {
    return time_of(exp_);
  }
  /// `nbf`, if present.
  [[nodiscard]] std::optional<Clock::time_point> not_before() const noexcept {
    return time_of(nbf_);
  }
  /// `iat`, if present.
  [[nodiscard]] std::optional<Clock::time_point> issued_at() const noexcept {
    return time_of(iat_);
  }
  /// The `typ` header value, if present.
  [[nodiscard]] const std::optional<std::string>& type() const noexcept { return typ_; }

  /// The verified claims set as UTF-8 JSON text, exactly as signed.
  [[nodiscard]] const std::string& payload() const noexcept { return payload_; }
  /// The claims set parsed as a JSON object (parsed on each call; the verify fast path never
  /// builds a DOM). Never fails: verify() accepted only strict JSON whose numbers are finite
  /// doubles, which nlohmann parses too.
  [[nodiscard]] nlohmann::json json() const;
  /// True if the claims set has a member with this name.
  [[nodiscard]] bool contains(std::string_view claim) const;

 private:
  VerifiedClaims() = default;
  friend struct detail::ClaimsAccess;
  static std::optional<Clock::time_point> time_of(
      std::optional<std::int64_t> unix_seconds) noexcept {
    if (!unix_seconds) return std::nullopt;
    return from_unix_seconds(*unix_seconds);
  }

  std::optional<std::string> sub_, iss_, jti_, email_, name_, typ_;
  std::vector<std::string> aud_;
  std::optional<std::int64_t> exp_, nbf_, iat_;
  std::string payload_;
};

}  // namespace authkit
