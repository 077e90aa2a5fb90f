#include "http/origin.hpp"

#include "http/responses.hpp"
#include "service/redirects.hpp"
#include "util/ascii.hpp"
#include "util/url.hpp"

namespace authkit::http::origin {

namespace {

bool is_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

bool has_fetch_metadata(const Request& request) {
  for (const Header& h : request.headers) {
    const std::string_view name = h.name;
    if (name.size() > 10 && ascii::iequal(name.substr(0, 10), "sec-fetch-")) return true;
  }
  return false;
}

/// An Origin header that is neither "null" nor an origin, e.g. percent-encoded
/// ("http%3A%2F%2Fapp.example.com"): a broken or forged client, never a browser.
bool malformed_origin(const Request& request) {
  const auto header = request.header("Origin");
  return header && *header != "null" && !url::origin_of(*header);
}

std::optional<Response> malformed_origin_error() {
  return respond::error(400, "MALFORMED_ORIGIN", "The Origin header is not an origin");
}

/// 400 MALFORMED_ORIGIN, or 403 MISSING_OR_NULL_ORIGIN or INVALID_ORIGIN, unless the request's
/// origin is trusted.
std::optional<Response> require_trusted(const Handler::State& state, const Request& request) {
  if (malformed_origin(request)) return malformed_origin_error();
  const auto from = of(request);
  if (!from) return respond::from_error(Error(Errc::missing_or_null_origin));
  if (!trusted(state, *from)) return respond::from_error(Error(Errc::invalid_origin));
  return std::nullopt;
}

}  // namespace

std::optional<std::string> of(const Request& request) {
  if (const auto header = request.header("Origin")) {
    if (*header == "null") return std::nullopt;
    return url::origin_of(*header);
  }
  if (const auto referer = request.header("Referer")) return url::origin_of(*referer);
  return std::nullopt;
}

bool trusted(const Handler::State& state, std::string_view origin) {
  return redirects::origin_trusted(origin, state.base_origin,
                                   state.service.options().trusted_origins);
}

std::optional<Response> check_csrf(const Handler::State& state, const Request& request,
                                   std::string_view route) {
  if (is_safe_method(request.method)) return std::nullopt;
  if (request.header("Cookie")) return require_trusted(state, request);
  if (route.starts_with("/sign-in") || route.starts_with("/sign-up")) {
    const auto site = request.header("Sec-Fetch-Site");
    const auto mode = request.header("Sec-Fetch-Mode");
    if (site && mode && ascii::iequal(*site, "cross-site") && ascii::iequal(*mode, "navigate")) {
      return respond::error(403, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
                            "Cross-site navigation login blocked");
    }
    if (has_fetch_metadata(request) || request.header("Origin") || request.header("Referer")) {
      return require_trusted(state, request);
    }
  }
  return std::nullopt;
}

void add_cors(const Handler::State& state, const Request& request, Response& response) {
  const auto header = request.header("Origin");
  if (!header) return;
  const auto from = url::origin_of(*header);
  if (!from || !trusted(state, *from)) return;
  response.headers.push_back({"Access-Control-Allow-Origin", std::string(*header)});
  response.headers.push_back({"Access-Control-Allow-Credentials", "true"});
  response.headers.push_back({"Access-Control-Expose-Headers", "set-auth-token, set-auth-jwt"});
  response.headers.push_back({"Vary", "Origin"});
}

Response preflight(const Handler::State& state, const Request& request) {
  const auto header = request.header("Origin");
  if (!header) return respond::not_found();
  if (malformed_origin(request)) return *malformed_origin_error();
  const auto from = url::origin_of(*header);
  if (!from || !trusted(state, *from)) return respond::from_error(Error(Errc::invalid_origin));
  Response response;
  response.status = 204;
  add_cors(state, request, response);
  response.headers.push_back({"Access-Control-Allow-Methods", "GET, POST, OPTIONS"});
  response.headers.push_back({"Access-Control-Allow-Headers", "Content-Type, Authorization"});
  response.headers.push_back({"Access-Control-Max-Age", "600"});
  return response;
}

}  // namespace authkit::http::origin
