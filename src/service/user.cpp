// update_user() and issue_jwt(): the signed-in user's profile and the session -> JWT exchange.
#include <nlohmann/json.hpp>
#include "service/profile.hpp"
#include "service/state.hpp"

namespace authkit {
Result<User> AuthService::update_user(std::string_view session_token,
                                      const UserUpdate& update) const {
  const Impl& s = *impl_;
  auto caller = s.require_session(session_token);
  if (!caller) return caller.error();
  if (!update.name && !update.image) {
    return Error(Errc::validation_error, "No fields to update");
  }
  User user = caller->user;
  if (update.name) {
    if (auto ok = profile::check_name(*update.name); !ok) return ok.error();
    user.name = *update.name;
  }
  if (update.image) {
    if (auto ok = profile::check_image(*update.image); !ok) return ok.error();
    user.image = *update.image;
  }
  user.updated_at = s.now();
  if (auto saved = s.options.stores.users->update_user(user); !saved) return saved.error();
  return user;
}

Result<std::string> AuthService::issue_jwt(std::string_view session_token) const {
  const Impl& s = *impl_;
  auto caller = s.require_session(session_token);
  if (!caller) return caller.error();
  TokenClaims claims;
  claims.subject = caller->user.id;
  claims.email = caller->user.email;
  claims.name = caller->user.name;
  if (s.options.jwt.claims) {
    nlohmann::json extra;
    try {
      extra = s.options.jwt.claims(caller->user);
    } catch (const std::exception& e) {
      return Error(Errc::invalid_configuration, {}, std::string("jwt_claims threw: ") + e.what());
    } catch (...) {
      return Error(Errc::invalid_configuration, {}, "jwt_claims threw");
    }
    if (!extra.is_null()) {
      if (!extra.is_object()) {
        return Error(Errc::invalid_configuration, "jwt_claims must return a JSON object");
      }
      claims.extra = std::move(extra);
    }
  }
  return s.jwt_signer.issue(claims);
}

}  // namespace authkit
