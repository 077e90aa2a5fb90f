// authkit/http/handler.hpp: better-auth's HTTP API over an AuthService, independent of any HTTP
// server. A transport turns its request into an http::Request, calls Handler::handle(), and
// writes the http::Response back (docs/http.md shows the example servers' Beast transport and
// a cpp-httplib adapter).
//
// Thread safety: Request, Response and Authenticated are plain values. A Handler is immutable
// after create(); handle() and authenticate() may be called concurrently from any number of
// threads.
#pragma once

#include <authkit/auth_service.hpp>
#include <authkit/rate_limit.hpp>
#include <authkit/result.hpp>
#include <authkit/secret.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit::http {

namespace detail {
struct HandlerImpl;  // Handler's state: private, defined in src/http/state.hpp
}

/// One header field. Names compare case-insensitively; a response may repeat a name
/// (Set-Cookie).
struct Header {
  std::string name{};   ///< Field name as sent, e.g. "Set-Cookie".
  std::string value{};  ///< Field value.
};

/// The first value of header `name` (case-insensitive) in `headers`, or nullopt.
[[nodiscard]] std::optional<std::string_view> find_header(const std::vector<Header>& headers,
                                                          std::string_view name) noexcept;

/// An HTTP request as the transport received it.
struct Request {
  std::string method{};           ///< "GET", "POST", "OPTIONS", ... (upper case).
  std::string path{};             ///< The path without the query, as received ("/api/v1/auth/ok").
  std::string query{};            ///< The raw query string without '?' (may be empty).
  std::vector<Header> headers{};  ///< Request headers.
  std::string body{};             ///< The raw body (the transport may cap it; see max_body_bytes).
  std::string peer_address{};     ///< The socket peer's IP address (never a header).

  /// The first value of header `name`, or nullopt.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    return find_header(headers, name);
  }
};

/// What the handler answers. Always complete: bad input gives a 4xx with a JSON error body
/// ({"message", "code"}, as better-auth), never an exception.
struct Response {
  int status = 200;               ///< HTTP status code.
  std::vector<Header> headers{};  ///< Response headers, Set-Cookie possibly several times.
  std::string body{};             ///< Body (JSON for every route except 404 and redirects).

  /// The first value of header `name`, or nullopt.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    return find_header(headers, name);
  }
};

/// The caller of a request to one of the host's own routes, as Handler::authenticate() finds
/// it.
struct Authenticated {
  Session session{};  ///< The live session row (its token_hash, never the token).
  User user{};        ///< The session's user.
  /// Headers to copy onto the host's response: the re-set session cookie when this call slid
  /// a cookie session's expiry (as get-session does), otherwise none.
  std::vector<Header> headers{};
};

/// How the HTTP API behaves: cookies, limits, proxies, tokens (HandlerOptions and
/// AuthOptions::http).
struct HttpOptions {
  /// Cookie names are "<prefix>.session_token", "<prefix>.dont_remember" and "<prefix>.device"
  /// (better-auth's default prefix is "better-auth"; use it after migrating a better-auth
  /// deployment so its signed-in users stay signed in, docs/migrating-from-better-auth.md).
  /// With an https base URL they also get "__Secure-".
  std::string cookie_prefix = "authkit";
  /// Bodies above this many bytes get 413 PAYLOAD_TOO_LARGE.
  std::size_t max_body_bytes = 64 * 1024;
  /// Whose X-Forwarded-For to believe; by default the client is the socket peer.
  TrustedProxies trusted_proxies{};
  /// Accept "Authorization: Bearer <session token>" and send "set-auth-token" (better-auth's
  /// bearer plugin).
  bool bearer = true;
  /// Send a "set-auth-jwt" header (a fresh JWT) on every successful get-session. Off by
  /// default: it signs a JWT on every session poll.
  bool set_auth_jwt = false;
};

/// Options for Handler::create(): HttpOptions plus the secrets and the path.
struct HandlerOptions : HttpOptions {
  /// Path prefix of every route. Leave it empty: it is then the path of
  /// AuthServiceOptions::base_url, which it must equal when set (checked).
  std::string base_path{};
  /// Signs session cookies (HMAC-SHA256, better-auth's format). Required, >= 32 bytes.
  std::shared_ptr<const Secret> secret{};
  /// Older secrets still accepted when verifying cookies, so rotating the secret does not sign
  /// everyone out (better-auth accepts only the current one). New cookies use `secret`.
  std::vector<std::shared_ptr<const Secret>> previous_secrets{};
};

/// better-auth 1.7's email/password, session and JWT routes under HandlerOptions::base_path:
/// GET ok, POST sign-up/email, POST sign-in/email, POST sign-out, GET get-session,
/// GET list-sessions, POST revoke-session, POST revoke-sessions, POST revoke-other-sessions,
/// POST send-verification-email, GET verify-email, POST request-password-reset,
/// GET reset-password/:token, POST reset-password, POST change-password, POST update-user,
/// GET token, GET jwks, and GET error (an HTML page naming the `error` code, where failed
/// links without a callbackURL land). Unknown routes and wrong methods give 404 with an empty
/// body. A successful sign-in also sets the device cookie ("<prefix>.device", signed,
/// HttpOnly, with the session cookie's attributes), which spares the device the account-wide
/// sign-in throttle next time (see AuthServiceOptions::rate_limits.device_token_expires_in).
/// docs/http.md describes every route, the cookies, CSRF and CORS.
class Handler {
 public:
  /// Errors: INVALID_CONFIGURATION (no secret or one under 32 bytes, a base URL without a
  /// path of its own, a base_path other than the service's base URL path, an empty cookie prefix or
  /// one with characters a cookie name cannot hold, max_body_bytes 0).
  [[nodiscard]] static Result<Handler> create(AuthService service, HandlerOptions options);

  /// Answers one request; requests outside base_path get 404. Never throws: a failure inside
  /// (a bug, or memory running out) is a 500 INTERNAL_SERVER_ERROR.
  [[nodiscard]] Response handle(const Request& request) const noexcept;

  /// The signed-in caller of `request`, for protecting the host's own routes: the session
  /// cookie (signed, under this handler's cookie name) or, with the bearer option, an
  /// "Authorization: Bearer" token, resolved as get-session resolves it, sliding the session
  /// the same way. Unlike a request to get-session it is not rate-limited and needs no
  /// Origin, so a host may call it on every request. nullopt when the request carries no
  /// session, a badly signed one, or one that has ended or expired. Errors: STORAGE_FAILURE
  /// (the store failed; answer 503), CRYPTO_FAILURE (re-signing a slid cookie failed).
  [[nodiscard]] Result<std::optional<Authenticated>> authenticate(const Request& request) const;

  /// Whether `path` lies under base_path (so a transport can route only those here).
  [[nodiscard]] bool owns(std::string_view path) const noexcept;

 private:
  using Impl = detail::HandlerImpl;
  explicit Handler(std::shared_ptr<const Impl> state) noexcept : impl_(std::move(state)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace authkit::http
