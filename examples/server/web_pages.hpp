// authkit-server's browser pages: sign-in, registration, password reset, email verification and
// a dashboard, as plain HTML, CSS and JavaScript from examples/web/ (compiled into the binary).
//
//   GET /                        302 /dashboard
//   GET /dashboard               the signed-in user and their tasks; 302 /auth/login without a
//                                session (checked on the server, through the handler)
//   GET /auth/login, /auth/register, /auth/reset-password, /auth/update-password,
//       /auth/verify-email       the account pages
//   GET /auth/config.js          what the scripts need to know: API base path, resource server,
//                                password rules (generated at start)
//   GET /auth/assets/NAME        the scripts and the style sheet
//
// docs/examples.md ("Browser pages") lists the element ids the browser tests rely on.
#pragma once

#include <authkit/http/handler.hpp>
#include <authkit/password/policy.hpp>

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace authkit_server {

/// What the pages need from the rest of the server.
struct WebPagesOptions {
  std::string api_base_path{};  ///< The handler's base path ("/api/v1/auth"), same origin.
  std::string resource_url{};   ///< --resource-url; empty: the dashboard has no tasks.
  authkit::PasswordPolicyOptions password_policy{};  ///< Mirrored by the client-side checks.
};

/// The pages, ready to answer. Immutable; serve() may be called from any thread.
class WebPages {
 public:
  /// `handler` must outlive this object.
  WebPages(const authkit::http::Handler& handler, WebPagesOptions options);

  /// The answer when `request` is a GET for one of the routes above, else nullopt.
  [[nodiscard]] std::optional<authkit::http::Response> serve(
      const authkit::http::Request& request) const;

 private:
  [[nodiscard]] authkit::http::Response dashboard(const authkit::http::Request& request) const;

  const authkit::http::Handler& handler_;
  WebPagesOptions options_;
  std::string csp_;
  std::string config_script_;
};

/// Whether an API base path would shadow the pages' paths (/, /auth, /auth/..., /dashboard...).
/// An empty path is left to Handler::create() to refuse.
[[nodiscard]] bool overlaps_web_pages(std::string_view api_base_path);

/// What the dashboard guard found out about a request.
struct SessionLookup {
  std::optional<authkit::User> user{};  ///< The session's user; nullopt when there is no live
                                        ///< session.
  int failure_status = 0;  ///< Non-zero when the check itself failed (503 when the store did):
                           ///< neither signed in nor signed out.
};

/// The dashboard guard: Handler::authenticate(), the way a host protects its own routes
/// (docs/protecting-routes.md), so the page applies exactly the API's rules (signature, expiry,
/// revocation, sliding refresh) without a rate limit. A re-set session cookie is copied to
/// `response`.
[[nodiscard]] SessionLookup lookup_session(const authkit::http::Handler& handler,
                                           const authkit::http::Request& request,
                                           authkit::http::Response& response);

}  // namespace authkit_server
