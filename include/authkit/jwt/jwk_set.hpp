// authkit/jwt/jwk_set.hpp: a set of keys looked up by kid (JWKS, RFC 7517 §5).
//
// Thread safety: JwkSet is immutable after creation and safe to share between threads.
#pragma once

#include <authkit/jwt/jwk.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace authkit {

/// An immutable set of verification keys with unique kids. Asymmetric keys are held as public
/// keys only; HMAC keys are held as they are (they are needed to verify).
class JwkSet {
 public:
  /// Builds a set from keys. Private halves of asymmetric keys are dropped.
  /// Errors: INVALID_KEY for an empty set, duplicate kids, or a set that mixes HMAC and
  /// asymmetric keys (an invitation to HS/RS confusion).
  [[nodiscard]] static Result<JwkSet> create(std::vector<Jwk> keys);
  /// A set holding one key.
  [[nodiscard]] static Result<JwkSet> of(const Jwk& key);

  /// Parses a public JWKS document `{"keys":[...]}` (at most 1 MiB and 1024 keys, strict
  /// JSON). Each key is validated as in
  /// Jwk::from_json and must carry its own `alg` (or a `crv` that implies it).
  /// Errors: INVALID_KEY (malformed, a member with private material such as "d" — a public set
  /// must not carry secrets — duplicate kids, oct keys), WEAK_KEY.
  [[nodiscard]] static Result<JwkSet> parse_public(std::string_view jwks_json);
  /// Parses a JWKS that may hold private and HMAC keys (e.g. a local configuration file).
  /// Errors: as parse_public, but private members and oct keys are allowed.
  [[nodiscard]] static Result<JwkSet> parse_private(std::string_view jwks_json);

  /// The key with this kid, or nullptr. kid is an opaque map key: never a path, URL or SQL.
  [[nodiscard]] const Jwk* find(std::string_view kid) const noexcept;
  /// All keys, in insertion order.
  [[nodiscard]] const std::vector<Jwk>& keys() const noexcept { return keys_; }
  /// The number of keys.
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }

  /// The public JWKS document for publishing (e.g. at /api/auth/jwks). HMAC keys are never
  /// published and are skipped.
  [[nodiscard]] nlohmann::json to_public_json() const;

 private:
  explicit JwkSet(std::vector<Jwk> keys) noexcept : keys_(std::move(keys)) {}
  std::vector<Jwk> keys_;
};

}  // namespace authkit
