// Routes: ok, sign-up, sign-in, sign-out, get-session, list-sessions and the revocations.
#include <nlohmann/json.hpp>
#include "http/body.hpp"
#include "http/device_cookie.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"
#include "http/session_io.hpp"
#include "service/redirects.hpp"

namespace authkit::http::routes {

namespace {

/// A JSON response that also starts the session `token` (cookies, set-auth-token).
Response with_session(const Call& call, int status, const nlohmann::json& body,
                      std::string_view token, bool remember_me) {
  Response response = respond::json(status, body);
  if (auto r = session_io::set(call.state, response, token, remember_me); !r) {
    return respond::from_error(r.error());
  }
  return response;
}

/// 401 UNAUTHORIZED when the call carries no session token.
std::optional<Response> require_token(const Call& call) {
  if (call.session_token) return std::nullopt;
  return respond::from_error(Error(Errc::unauthorized));
}

/// {"status":true}, clearing the session cookies when `clear` (the caller's session ended).
Response status_true(const Call& call, bool clear) {
  Response response = respond::json(200, {{"status", true}});
  if (clear) session_io::clear(call.state, response);
  return response;
}

}  // namespace

Response ok(Call& /*call*/) { return respond::json(200, {{"ok", true}}); }

Response sign_up(Call& call) {
  Fields fields(call.body);
  SignUpRequest request;
  request.name = fields.required_string("name");
  request.email = fields.required_string("email");
  request.password = fields.required_string("password");
  request.image = fields.optional_string("image");
  request.callback_url = fields.optional_string("callbackURL").value_or("");
  request.remember_me = fields.optional_bool("rememberMe", true);
  request.fields = fields.user_fields(call.state.service.options().user_fields);
  if (auto bad = fields.error()) return *bad;
  auto result = call.state.service.sign_up(request, call.context);
  if (!result) return respond::from_error(result.error());
  if (!result->session) {
    return respond::json(
        200,
        {{"token", nullptr},
         {"user", respond::user_json(result->user, call.state.service.options().user_fields)}});
  }
  return with_session(
      call, 200,
      {{"token", result->session->token},
       {"user", respond::user_json(result->user, call.state.service.options().user_fields)}},
      result->session->token, request.remember_me);
}

Response sign_in(Call& call) {
  Fields fields(call.body);
  SignInRequest request;
  request.email = fields.required_string("email");
  request.password = fields.required_string("password");
  request.remember_me = fields.optional_bool("rememberMe", true);
  request.device_token = device_cookie::read(call.state, call.request);
  const auto callback = fields.optional_string("callbackURL");
  if (auto bad = fields.error()) return *bad;
  const auto& options = call.state.service.options();
  if (callback && !redirects::allowed(*callback, call.state.base_origin, options.trusted_origins)) {
    return respond::from_error(Error(Errc::invalid_callback_url));
  }
  auto result = call.state.service.sign_in(request, call.context);
  if (!result) return respond::from_error(result.error());
  const bool redirect = callback && !callback->empty();
  nlohmann::json body = {
      {"redirect", redirect},
      {"token", result->session.token},
      {"user", respond::user_json(result->user, call.state.service.options().user_fields)}};
  if (redirect) body["url"] = *callback;
  Response response = with_session(call, 200, body, result->session.token, request.remember_me);
  if (response.status != 200) return response;
  if (!result->device_token.empty()) {
    if (auto r = device_cookie::set(call.state, response, result->device_token); !r) {
      return respond::from_error(r.error());
    }
  }
  if (redirect) response.headers.push_back({"Location", *callback});
  return response;
}

Response sign_out(Call& call) {
  if (call.session_token) {
    if (auto r = call.state.service.sign_out(*call.session_token, call.context); !r) {
      return respond::from_error(r.error());
    }
  }
  Response response = respond::json(200, {{"success", true}});
  session_io::clear(call.state, response);
  return response;
}

Response get_session(Call& call) {
  if (!call.session_token) return respond::json(200, nullptr);
  auto found = call.state.service.get_session(*call.session_token, call.context);
  if (!found) return respond::from_error(found.error());
  if (!*found) {
    // A well-signed token whose session is gone: tell the browser to drop the cookies.
    Response response = respond::json(200, nullptr);
    if (call.token_source == TokenSource::cookie) session_io::clear(call.state, response);
    return response;
  }
  const SessionView& view = **found;
  Response response = respond::json(
      200, {{"session", respond::session_json(view.session, *call.session_token)},
            {"user", respond::user_json(view.user, call.state.service.options().user_fields)}});
  if (view.refreshed && call.token_source == TokenSource::cookie) {
    if (auto r =
            session_io::set(call.state, response, *call.session_token, view.session.remember_me);
        !r) {
      return respond::from_error(r.error());
    }
  }
  if (call.state.options.set_auth_jwt) {
    if (auto jwt = call.state.service.issue_jwt(*call.session_token)) {
      response.headers.push_back({"set-auth-jwt", std::move(*jwt)});
    }
  }
  response.headers.push_back({"Pragma", "no-cache"});
  return response;
}

Response get_session_post(Call& /*call*/) {
  // better-auth only accepts POST get-session with deferSessionRefresh, which authkit has not.
  return respond::error(405, "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED",
                        "POST method requires deferSessionRefresh to be enabled");
}

Response list_sessions(Call& call) {
  if (auto missing = require_token(call)) return *missing;
  auto sessions = call.state.service.list_sessions(*call.session_token);
  if (!sessions) return respond::from_error(sessions.error());
  nlohmann::json out = nlohmann::json::array();
  // authkit keeps no raw tokens, so "token" carries the session id, which revoke-session
  // accepts; better-auth hands every session's live token to JavaScript here.
  for (const Session& s : *sessions) out.push_back(respond::session_json(s, s.id));
  return respond::json(200, out);
}

Response revoke_session(Call& call) {
  if (auto missing = require_token(call)) return *missing;
  Fields fields(call.body);
  const std::string target = fields.required_string("token");
  if (auto bad = fields.error()) return *bad;
  // The caller's own raw token ends this session; anything else is a session id from
  // list-sessions (another user's id is ignored by the service).
  if (target == *call.session_token) {
    auto own = call.state.service.get_session(*call.session_token, call.context);
    if (!own) return respond::from_error(own.error());
    if (!*own) return respond::from_error(Error(Errc::unauthorized));
    if (auto r = call.state.service.sign_out(*call.session_token, call.context); !r) {
      return respond::from_error(r.error());
    }
    return status_true(call, true);
  }
  if (auto r = call.state.service.revoke_session(*call.session_token, target, call.context); !r) {
    return respond::from_error(r.error());
  }
  return status_true(call, false);
}

Response revoke_sessions(Call& call) {
  if (auto missing = require_token(call)) return *missing;
  if (auto r = call.state.service.revoke_sessions(*call.session_token, call.context); !r) {
    return respond::from_error(r.error());
  }
  return status_true(call, true);
}

Response revoke_other_sessions(Call& call) {
  if (auto missing = require_token(call)) return *missing;
  if (auto r = call.state.service.revoke_other_sessions(*call.session_token, call.context); !r) {
    return respond::from_error(r.error());
  }
  return status_true(call, false);
}

}  // namespace authkit::http::routes
