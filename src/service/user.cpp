// update_user() and issue_jwt(): the signed-in user's profile and the session -> JWT exchange.
#include <nlohmann/json.hpp>
#include "service/profile.hpp"
#include "service/state.hpp"
#include "service/user_fields.hpp"
#include "store/user_fields_json.hpp"

namespace authkit {
Result<User> AuthService::update_user(std::string_view session_token,
                                      const UserUpdate& update) const {
  const Impl& s = *impl_;
  auto caller = s.require_session(session_token);
  if (!caller) return caller.error();
  if (!update.name && !update.image && update.fields.empty()) {
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
  if (auto ok = user_fields::check_given(s.options.user_fields, update.fields); !ok) {
    return ok.error();
  }
  for (const auto& [name, value] : update.fields) user.fields.insert_or_assign(name, value);
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
  nlohmann::json from_fields = nlohmann::json::object();
  const UserFields shown = user_fields::visible(s.options.user_fields, caller->user);
  for (const UserField& field : s.options.user_fields) {
    const FieldValue& value = shown.at(field.name);
    if (field.in_jwt && !std::holds_alternative<std::nullptr_t>(value)) {
      from_fields[field.name] = store_detail::field_to_json(value);
    }
  }
  if (!from_fields.empty()) claims.extra = std::move(from_fields);
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
      // jwt.claims() wins over a user field of the same name: it is the host's last word.
      claims.extra.update(extra);
    }
  }
  return s.jwt_signer.issue(claims);
}

}  // namespace authkit
