#include <authkit/jwt/claims.hpp>
#include <nlohmann/json.hpp>

#include "json/strict_json.hpp"
#include "jwt/limits.hpp"

namespace authkit {

nlohmann::json VerifiedClaims::json() const {
  // The payload passed the strict parser in verify(), so this cannot fail.
  return nlohmann::json::parse(payload_, nullptr, false);
}

bool VerifiedClaims::contains(std::string_view claim) const {
  json::Object object;
  return json::parse_object(payload_, detail::kTokenJsonLimits, object) &&
         object.find(claim) != nullptr;
}

}  // namespace authkit
