// Routes: email verification, password reset, change-password and update-user.
#include "http/body.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"
#include "http/session_io.hpp"
#include "service/redirects.hpp"
#include "util/url.hpp"

namespace authkit::http::routes {

namespace {

/// `target` with "name=value" appended to its query, before any fragment (after it, the
/// parameter would never reach the server or the page's query).
std::string with_query(std::string_view target, std::string_view name, std::string_view value) {
  const auto hash = target.find('#');
  const std::string_view before = target.substr(0, hash);
  std::string out(before);
  out += before.find('?') == std::string_view::npos ? '?' : '&';
  out.append(name).append("=").append(url::encode_component(value));
  if (hash != std::string_view::npos) out.append(target.substr(hash));
  return out;
}

/// The callbackURL query parameter, checked against the trusted origins: nullopt when absent,
/// else the value or (through `refused`) 403 INVALID_CALLBACK_URL.
std::optional<std::string> checked_callback(const Call& call, std::optional<Response>& refused) {
  const auto callback = call.query_param("callbackURL");
  if (!callback || callback->empty()) return std::nullopt;
  if (!redirects::allowed(*callback, call.state.base_origin,
                          call.state.service.options().trusted_origins)) {
    refused = respond::from_error(Error(Errc::invalid_callback_url));
    return std::nullopt;
  }
  return std::string(*callback);
}

/// `target` made absolute against the base URL's origin, as `new URL(target, origin)` does
/// for the relative paths and absolute URLs that redirects::allowed() lets through.
std::string absolute(const Call& call, std::string_view target) {
  if (!target.empty() && target.front() == '/') return call.state.base_origin + std::string(target);
  if (target.empty()) return call.state.base_origin + "/";
  return std::string(target);
}

}  // namespace

Response send_verification_email(Call& call) {
  Fields fields(call.body);
  const std::string email = fields.required_string("email");
  const std::string callback = fields.optional_string("callbackURL").value_or("");
  if (auto bad = fields.error()) return *bad;
  auto sent = call.state.service.send_verification_email(
      {.email = email, .callback_url = callback, .session_token = call.session_token.value_or("")},
      call.context);
  if (!sent) return respond::from_error(sent.error());
  return respond::json(200, {{"status", true}});
}

Response verify_email(Call& call) {
  std::optional<Response> refused;
  const auto callback = checked_callback(call, refused);
  if (refused) return *refused;
  const auto token = call.query_param("token");
  auto verified = call.state.service.verify_email(token.value_or(""), call.context);
  if (!verified) {
    const Error& e = verified.error();
    if (callback && respond::status_of(e.code()) < 500) {
      return respond::redirect(with_query(*callback, "error", errc_name(public_code(e.code()))));
    }
    return respond::from_error(e);
  }
  if (callback) return respond::redirect(*callback);
  return respond::json(200, {{"status", true}, {"user", nullptr}});
}

Response request_password_reset(Call& call) {
  Fields fields(call.body);
  const std::string email = fields.required_string("email");
  const std::string redirect_to = fields.optional_string("redirectTo").value_or("");
  if (auto bad = fields.error()) return *bad;
  auto requested = call.state.service.request_password_reset(
      {.email = email, .redirect_to = redirect_to}, call.context);
  if (!requested) return respond::from_error(requested.error());
  return respond::json(
      200,
      {{"status", true},
       {"message", "If this email exists in our system, check your email for the reset link"}});
}

Response reset_password_link(Call& call) {
  std::optional<Response> refused;
  const auto callback = checked_callback(call, refused);
  if (refused) return *refused;
  const std::string target = absolute(call, callback.value_or(""));
  auto checked = call.state.service.check_reset_token(call.route_param);
  if (!checked) {
    if (!callback) {
      return respond::redirect(
          with_query(call.state.service.options().base_url + "/error", "error", "INVALID_TOKEN"));
    }
    return respond::redirect(with_query(target, "error", "INVALID_TOKEN"));
  }
  return respond::redirect(with_query(target, "token", call.route_param));
}

Response reset_password(Call& call) {
  Fields fields(call.body);
  const std::string new_password = fields.required_string("newPassword");
  auto token = fields.optional_string("token");
  if (auto bad = fields.error()) return *bad;
  if (!token) {
    if (const auto from_query = call.query_param("token")) token = std::string(*from_query);
  }
  auto reset = call.state.service.reset_password(
      {.token = token.value_or(""), .new_password = new_password}, call.context);
  if (!reset) {
    // better-auth answers 400 (not 401) for a bad reset token.
    if (reset.error().code() == Errc::invalid_token) {
      return respond::error(400, "INVALID_TOKEN", reset.error().message());
    }
    return respond::from_error(reset.error());
  }
  return respond::json(200, {{"status", true}});
}

Response change_password(Call& call) {
  if (!call.session_token) return respond::from_error(Error(Errc::unauthorized));
  Fields fields(call.body);
  ChangePasswordRequest request;
  request.current_password = fields.required_string("currentPassword");
  request.new_password = fields.required_string("newPassword");
  request.revoke_other_sessions = fields.optional_bool("revokeOtherSessions", false);
  if (auto bad = fields.error()) return *bad;
  auto changed = call.state.service.change_password(*call.session_token, request, call.context);
  if (!changed) return respond::from_error(changed.error());
  if (!changed->session) {
    return respond::json(
        200,
        {{"token", nullptr},
         {"user", respond::user_json(changed->user, call.state.service.options().user_fields)}});
  }
  Response response = respond::json(
      200, {{"token", changed->session->token},
            {"user", respond::user_json(changed->user, call.state.service.options().user_fields)}});
  if (auto r = session_io::set(call.state, response, changed->session->token,
                               changed->session->session.remember_me);
      !r) {
    return respond::from_error(r.error());
  }
  return response;
}

Response update_user(Call& call) {
  if (!call.session_token) return respond::from_error(Error(Errc::unauthorized));
  Fields fields(call.body);
  if (fields.has("email")) return respond::from_error(Error(Errc::email_can_not_be_updated));
  UserUpdate update;
  update.name = fields.optional_string("name");
  if (fields.has("image")) update.image = fields.optional_string("image");
  update.fields = fields.user_fields(call.state.service.options().user_fields);
  if (auto bad = fields.error()) return *bad;
  if (!update.name && !update.image && update.fields.empty()) {
    return respond::json(400, {{"message", "No fields to update"}});  // no code, as better-auth
  }
  auto updated = call.state.service.update_user(*call.session_token, update);
  if (!updated) return respond::from_error(updated.error());
  return respond::json(200, {{"status", true}});
}

}  // namespace authkit::http::routes
