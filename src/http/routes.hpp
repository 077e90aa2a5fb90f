// Private: the route table and the route functions. Each route is a thin translation between
// better-auth's JSON and one AuthService call; every check that matters lives in the service.
#pragma once

#include <authkit/http/handler.hpp>

#include <string_view>

#include "http/state.hpp"

namespace authkit::http::routes {

using Fn = Response (*)(Call&);

/// One route under the base path.
struct Route {
  std::string_view method;  ///< "GET" or "POST".
  std::string_view path;    ///< Exact path, or a prefix ending in '/' when `takes_param`.
  Fn fn;
  bool form_body = false;    ///< Accepts application/x-www-form-urlencoded (sign-in, sign-up).
  bool takes_param = false;  ///< The rest of the path after `path` is the parameter.
};

/// The route for `method` and `route` (the path under the base path), or nullptr. Sets
/// `param` for a parameterised route. A known path with another method is "no route" (404),
/// as better-auth answers.
[[nodiscard]] const Route* find(std::string_view method, std::string_view route,
                                std::string_view& param) noexcept;

// Sessions (routes_session.cpp).
Response ok(Call& call);
Response sign_up(Call& call);
Response sign_in(Call& call);
Response sign_out(Call& call);
Response get_session(Call& call);
Response get_session_post(Call& call);
Response list_sessions(Call& call);
Response revoke_session(Call& call);
Response revoke_sessions(Call& call);
Response revoke_other_sessions(Call& call);

// Accounts (routes_account.cpp).
Response send_verification_email(Call& call);
Response verify_email(Call& call);
Response request_password_reset(Call& call);
Response reset_password_link(Call& call);
Response reset_password(Call& call);
Response change_password(Call& call);
Response update_user(Call& call);

// The error page (error_page.cpp).
Response error_page(Call& call);

// JWT exchange (routes_jwt.cpp).
Response token(Call& call);
Response jwks(Call& call);

}  // namespace authkit::http::routes
