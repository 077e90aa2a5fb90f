#include "http/routes.hpp"

#include <array>

namespace authkit::http::routes {

namespace {

constexpr std::array kRoutes = {
    Route{"GET", "/ok", &ok},
    Route{"POST", "/sign-up/email", &sign_up, true},
    Route{"POST", "/sign-in/email", &sign_in, true},
    Route{"POST", "/sign-out", &sign_out},
    Route{"GET", "/get-session", &get_session},
    Route{"POST", "/get-session", &get_session_post},
    Route{"GET", "/list-sessions", &list_sessions},
    Route{"POST", "/revoke-session", &revoke_session},
    Route{"POST", "/revoke-sessions", &revoke_sessions},
    Route{"POST", "/revoke-other-sessions", &revoke_other_sessions},
    Route{"POST", "/send-verification-email", &send_verification_email},
    Route{"GET", "/verify-email", &verify_email},
    Route{"POST", "/request-password-reset", &request_password_reset},
    Route{"GET", "/reset-password/", &reset_password_link, false, true},
    Route{"POST", "/reset-password", &reset_password},
    Route{"POST", "/change-password", &change_password},
    Route{"POST", "/update-user", &update_user},
    Route{"GET", "/token", &token},
    Route{"GET", "/jwks", &jwks},
    Route{"GET", "/error", &error_page},
};

}  // namespace

const Route* find(std::string_view method, std::string_view route,
                  std::string_view& param) noexcept {
  for (const Route& r : kRoutes) {
    if (r.method != method) continue;
    if (r.takes_param) {
      // One non-empty segment after the prefix: "/reset-password/<token>".
      if (route.size() > r.path.size() && route.starts_with(r.path) &&
          route.find('/', r.path.size()) == std::string_view::npos) {
        param = route.substr(r.path.size());
        return &r;
      }
    } else if (route == r.path) {
      param = {};
      return &r;
    }
  }
  return nullptr;
}

}  // namespace authkit::http::routes
