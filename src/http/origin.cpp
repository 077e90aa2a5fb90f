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

std::optional<Response> malformed_origin_error() {
  return respond::error(400, "MALFORMED_ORIGIN", "The Origin header is not an origin");
}

/// 400 MALFORMED_ORIGIN, or 403 MISSING_OR_NULL_ORIGIN or INVALID_ORIGIN, unless the request's
/// origin is trusted.
std::optional<Response> require_trusted(const Provenance& from) {
  if (from.origin_malformed) return malformed_origin_error();
  if (!from.origin) return respond::from_error(Error(Errc::missing_or_null_origin));
  if (!from.trusted) return respond::from_error(Error(Errc::invalid_origin));
  return std::nullopt;
}

}  // namespace

Provenance read(const detail::HandlerImpl& state, const Request& request) {
  Provenance from;
  from.origin_header = request.header("Origin");
  const auto referer = request.header("Referer");
  if (from.origin_header) {
    if (*from.origin_header != "null") {
      from.origin = url::origin_of(*from.origin_header);
      from.origin_malformed = !from.origin;
      from.from_origin_header = from.origin.has_value();
    }
  } else if (referer) {
    from.origin = url::origin_of(*referer);
  }
  from.trusted = from.origin && redirects::origin_trusted(*from.origin, state.base_origin,
                                                          state.service.options().trusted_origins);
  const bool fetch_metadata = has_fetch_metadata(request);
  from.browser_said = fetch_metadata || from.origin_header || referer;
  if (fetch_metadata) {
    const auto site = request.header("Sec-Fetch-Site");
    const auto mode = request.header("Sec-Fetch-Mode");
    from.cross_site_navigation =
        site && mode && ascii::iequal(*site, "cross-site") && ascii::iequal(*mode, "navigate");
  }
  return from;
}

std::optional<Response> check_csrf(const Provenance& from, const Request& request,
                                   std::string_view route) {
  if (is_safe_method(request.method)) return std::nullopt;
  if (request.header("Cookie")) return require_trusted(from);
  if (route.starts_with("/sign-in") || route.starts_with("/sign-up")) {
    if (from.cross_site_navigation) {
      return respond::error(403, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
                            "Cross-site navigation login blocked");
    }
    if (from.browser_said) return require_trusted(from);
  }
  return std::nullopt;
}

void add_cors(const Provenance& from, Response& response) {
  if (!from.from_origin_header || !from.trusted) return;
  response.headers.push_back({"Access-Control-Allow-Origin", std::string(*from.origin_header)});
  response.headers.push_back({"Access-Control-Allow-Credentials", "true"});
  response.headers.push_back({"Access-Control-Expose-Headers", "set-auth-token, set-auth-jwt"});
  response.headers.push_back({"Vary", "Origin"});
}

Response preflight(const Provenance& from) {
  if (!from.origin_header) return respond::not_found();
  if (from.origin_malformed) return *malformed_origin_error();
  if (!from.from_origin_header || !from.trusted) {
    return respond::from_error(Error(Errc::invalid_origin));
  }
  Response response;
  response.status = 204;
  add_cors(from, response);
  response.headers.push_back({"Access-Control-Allow-Methods", "GET, POST, OPTIONS"});
  response.headers.push_back({"Access-Control-Allow-Headers", "Content-Type, Authorization"});
  response.headers.push_back({"Access-Control-Max-Age", "600"});
  return response;
}

}  // namespace authkit::http::origin
