// Private: where a request comes from, better-auth's CSRF rules, and CORS for trusted origins.
#pragma once

#include <authkit/http/handler.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "http/state.hpp"

namespace authkit::http::origin {

/// The request's origin: the Origin header, else the Referer's origin, normalised (lower-case
/// scheme and host). nullopt when both are absent, when Origin is "null", or when neither is
/// an http(s) URL.
[[nodiscard]] std::optional<std::string> of(const Request& request);

/// Whether `origin` is the base URL's origin or a trusted one.
[[nodiscard]] bool trusted(const Handler::State& state, std::string_view origin);

/// better-auth's CSRF rules (checklist J3) for one request to `route`; nullopt when it may
/// proceed, else the 400 or 403 to send:
/// - a state-changing request (not GET/HEAD/OPTIONS) that carries cookies must come from a
///   trusted origin (MISSING_OR_NULL_ORIGIN, INVALID_ORIGIN); an Origin header that is not an
///   origin at all (say percent-encoded) is a malformed request (400 MALFORMED_ORIGIN);
/// - sign-in and sign-up refuse a cross-site top-level navigation
///   (CROSS_SITE_NAVIGATION_LOGIN_BLOCKED), and when the browser says anything about where
///   the request came from (Origin, Referer or any Sec-Fetch-* header), it must be trusted.
/// Bearer requests carry no cookies, so only the sign-in/up rule applies to them.
[[nodiscard]] std::optional<Response> check_csrf(const Handler::State& state,
                                                 const Request& request, std::string_view route);

/// Adds the CORS headers for a request whose Origin header is trusted (credentials allowed,
/// set-auth-token and set-auth-jwt exposed); nothing otherwise.
void add_cors(const Handler::State& state, const Request& request, Response& response);

/// The answer to an OPTIONS request: a preflight from a trusted origin gets 204 with the
/// allowed methods and headers; from an untrusted origin 403 INVALID_ORIGIN, from a malformed
/// one 400 MALFORMED_ORIGIN; an OPTIONS
/// without Origin (not a preflight) 404, as better-auth.
[[nodiscard]] Response preflight(const Handler::State& state, const Request& request);

}  // namespace authkit::http::origin
