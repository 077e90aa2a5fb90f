// Private: where a request comes from, better-auth's CSRF rules, and CORS for trusted origins.
#pragma once

#include <authkit/http/handler.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "http/state.hpp"

namespace authkit::http::origin {

/// Where a request says it comes from: its Origin, Referer and Sec-Fetch-* headers, read and
/// parsed once per request (Handler::handle() does it before anything else) for the CSRF
/// check, CORS and preflights.
struct Provenance {
  /// The Origin header as sent, if any (CORS echoes it).
  std::optional<std::string_view> origin_header{};
  /// Origin is present but neither "null" nor an origin, e.g. percent-encoded
  /// ("http%3A%2F%2Fapp.example.com"): a broken or forged client, never a browser.
  bool origin_malformed = false;
  /// The request's origin: the Origin header's, else the Referer's, normalised (lower-case
  /// scheme and host). nullopt when both are absent, when Origin is "null", or when neither
  /// is an http(s) URL.
  std::optional<std::string> origin{};
  /// `origin` came from the Origin header (only then may CORS allow it).
  bool from_origin_header = false;
  /// `origin` is the base URL's origin or a trusted one.
  bool trusted = false;
  /// The request carries Origin, Referer or any Sec-Fetch-* header: a browser said something
  /// about where it came from.
  bool browser_said = false;
  /// Sec-Fetch-Site: cross-site together with Sec-Fetch-Mode: navigate.
  bool cross_site_navigation = false;
};

/// Reads `request`'s provenance headers (see Provenance).
[[nodiscard]] Provenance read(const detail::HandlerImpl& state, const Request& request);

/// better-auth's CSRF rules (checklist J3) for one request to `route`; nullopt when it may
/// proceed, else the 400 or 403 to send:
/// - a state-changing request (not GET/HEAD/OPTIONS) that carries cookies must come from a
///   trusted origin (MISSING_OR_NULL_ORIGIN, INVALID_ORIGIN); an Origin header that is not an
///   origin at all (say percent-encoded) is a malformed request (400 MALFORMED_ORIGIN);
/// - sign-in and sign-up refuse a cross-site top-level navigation
///   (CROSS_SITE_NAVIGATION_LOGIN_BLOCKED), and when the browser says anything about where
///   the request came from (Origin, Referer or any Sec-Fetch-* header), it must be trusted.
/// Bearer requests carry no cookies, so only the sign-in/up rule applies to them.
[[nodiscard]] std::optional<Response> check_csrf(const Provenance& from, const Request& request,
                                                 std::string_view route);

/// Adds the CORS headers when the Origin header is trusted (credentials allowed,
/// set-auth-token and set-auth-jwt exposed); nothing otherwise.
void add_cors(const Provenance& from, Response& response);

/// The answer to an OPTIONS request: a preflight from a trusted origin gets 204 with the
/// allowed methods and headers; from an untrusted origin 403 INVALID_ORIGIN, from a malformed
/// one 400 MALFORMED_ORIGIN; an OPTIONS without Origin (not a preflight) 404, as better-auth.
[[nodiscard]] Response preflight(const Provenance& from);

}  // namespace authkit::http::origin
