#include <authkit/jwt/jwk_set.hpp>

#include "json/strict_json.hpp"
#include "jwt/limits.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <set>

namespace authkit {
namespace {

using Json = nlohmann::json;

// Members that only private keys carry (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2).
constexpr std::array<const char*, 8> kPrivateMembers{"d", "p", "q", "dp", "dq", "qi", "oth", "k"};

Result<JwkSet> parse_set(std::string_view text, bool allow_private) {
  json::Object scanned;
  if (text.size() > detail::kMaxJwksBytes ||
      !json::parse_object(text, detail::kJwksJsonLimits, scanned)) {
    return Error(Errc::invalid_key, "JWKS is not a strict JSON object");
  }
  const Json doc = Json::parse(text, nullptr, false);
  const auto keys = doc.find("keys");
  if (doc.is_discarded() || keys == doc.end() || !keys->is_array()) {
    return Error(Errc::invalid_key, "JWKS must be an object with a \"keys\" array");
  }
  std::vector<Jwk> out;
  for (const Json& entry : *keys) {
    if (!allow_private && entry.is_object()) {
      for (const char* member : kPrivateMembers) {
        if (entry.contains(member)) {
          return Error(Errc::invalid_key,
                       std::string("A public key set must not contain private members (\"") +
                           member + "\")");
        }
      }
    }
    auto key = Jwk::from_json(entry);
    if (!key) return key.error();
    out.push_back(std::move(*key));
  }
  return JwkSet::create(std::move(out));
}

}  // namespace

Result<JwkSet> JwkSet::create(std::vector<Jwk> keys) {
  if (keys.empty()) return Error(Errc::invalid_key, "A key set needs at least one key");
  std::set<std::string, std::less<>> kids;
  bool any_symmetric = false, any_asymmetric = false;
  for (Jwk& key : keys) {
    if (!kids.insert(key.kid()).second) {
      return Error(Errc::invalid_key, "Duplicate kid in key set", "kid " + key.kid());
    }
    (key.is_symmetric() ? any_symmetric : any_asymmetric) = true;
    if (!key.is_symmetric() && key.can_sign()) {
      auto pub = key.public_key();
      if (!pub) return pub.error();
      key = std::move(*pub);
    }
  }
  // A set that mixes shared secrets with public keys invites HS/RS confusion; keep them apart.
  if (any_symmetric && any_asymmetric) {
    return Error(Errc::invalid_key, "A key set must not mix HMAC and asymmetric keys");
  }
  return JwkSet(std::move(keys));
}

Result<JwkSet> JwkSet::of(const Jwk& key) { return create({key}); }

Result<JwkSet> JwkSet::parse_public(std::string_view text) { return parse_set(text, false); }

Result<JwkSet> JwkSet::parse_private(std::string_view text) { return parse_set(text, true); }

const Jwk* JwkSet::find(std::string_view kid) const noexcept {
  for (const Jwk& k : keys_) {
    if (k.kid() == kid) return &k;
  }
  return nullptr;
}

nlohmann::json JwkSet::to_public_json() const {
  Json keys = Json::array();
  for (const Jwk& k : keys_) {
    if (k.is_symmetric()) continue;
    if (auto j = k.to_public_json()) keys.push_back(std::move(*j));
  }
  return Json{{"keys", std::move(keys)}};
}

}  // namespace authkit
