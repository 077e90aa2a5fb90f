// http::Handler: the request pipeline. Base path, CORS preflight, rate limit, route lookup,
// CSRF checks, body and query parsing, the session token, then the route; every response
// leaves with Cache-Control and the CORS headers.
#include <authkit/http/handler.hpp>

#include <exception>
#include <utility>

#include "http/body.hpp"
#include "http/origin.hpp"
#include "http/responses.hpp"
#include "http/routes.hpp"
#include "http/session_io.hpp"
#include "http/state.hpp"
#include "util/ascii.hpp"
#include "util/url.hpp"

namespace authkit::http {

RequestContext context_of(const detail::HandlerImpl& state, const Request& request) {
  RequestContext context;
  context.ip_address = state.options.trusted_proxies.client_address(
      request.peer_address, request.header("X-Forwarded-For").value_or(""));
  context.user_agent = std::string(request.header("User-Agent").value_or(""));
  return context;
}

namespace {

Error bad_config(std::string message) {
  return Error(Errc::invalid_configuration, {}, std::move(message));
}

bool cookie_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

/// Runs the pipeline after the base path matched; `route` is the rest of the path.
Response dispatch(const detail::HandlerImpl& state, const Request& request,
                  const origin::Provenance& from, std::string_view route) {
  if (request.method == "OPTIONS") return origin::preflight(from);

  std::string_view param;
  const routes::Route* found = routes::find(request.method, route, param);

  RequestContext context = context_of(state, request);
  // Every request counts against its path's rule, unknown paths included (as better-auth);
  // the flows are told so and do not count it again. The key is the route's pattern, never
  // the raw path: "/reset-password/<token>" would put a live token into the rate-limit store,
  // and made-up paths would let a client create rows without bound.
  const std::string_view limit_path = found == nullptr     ? std::string_view("/*")
                                      : found->takes_param ? found->path
                                                           : route;
  if (auto allowed = state.service.check_rate_limit(limit_path, context); !allowed) {
    return respond::from_error(allowed.error());
  }
  context.rate_limit_counted = true;
  if (found == nullptr) return respond::not_found();
  if (auto refused = origin::check_csrf(from, request, route)) return *refused;

  Call call{.state = state, .request = request, .route = route, .route_param = param};
  call.context = std::move(context);
  if (request.method == "POST") {
    if (auto bad = read_body(request, state.options.max_body_bytes, found->form_body, call.body)) {
      return *bad;
    }
  }
  auto query = url::parse_form(request.query);
  if (!query) return respond::error(400, "BAD_REQUEST", "Invalid query string");
  call.query = std::move(*query);
  session_io::read(call);
  return found->fn(call);
}

}  // namespace

std::optional<std::string_view> find_header(const std::vector<Header>& headers,
                                            std::string_view name) noexcept {
  for (const Header& h : headers) {
    if (ascii::iequal(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

std::optional<std::string_view> Call::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

Result<Handler> Handler::create(AuthService service, HandlerOptions options) {
  if (!options.secret || options.secret->size() < Secret::min_bytes) {
    return bad_config("HandlerOptions.secret must hold at least 32 bytes");
  }
  const auto base = url::parse_base_url(service.options().base_url);
  if (!base) return bad_config("the service's base_url cannot be parsed");
  // The path is the base URL's, so links in mails always reach the handler; a base_path that
  // is set anyway must agree.
  if (options.base_path.empty()) options.base_path = base->path;
  if (base->path != options.base_path) {
    return bad_config("HandlerOptions.base_path \"" + options.base_path +
                      "\" differs from the path of the service's base_url \"" + base->path +
                      "\"; links in mails would not reach the handler (leave base_path empty)");
  }
  if (options.base_path.size() < 2 || options.base_path.front() != '/' ||
      options.base_path.back() == '/') {
    return bad_config(
        "the auth API needs a path of its own: give base_url a path such as "
        "\"/api/auth\", not \"" +
        options.base_path + "\"");
  }
  if (options.cookie_prefix.empty() ||
      !std::all_of(options.cookie_prefix.begin(), options.cookie_prefix.end(), cookie_name_char)) {
    return bad_config("HandlerOptions.cookie_prefix must be letters, digits, '-', '_' or '.'");
  }
  if (options.max_body_bytes == 0) return bad_config("HandlerOptions.max_body_bytes is 0");
  for (const auto& previous : options.previous_secrets) {
    if (!previous || previous->size() < Secret::min_bytes) {
      return bad_config("every HandlerOptions.previous_secrets entry needs at least 32 bytes");
    }
  }

  auto state = std::make_shared<Impl>(Impl{.service = std::move(service)});
  state->secure = base->scheme == "https";
  state->base_origin = base->origin;
  const std::string prefix = (state->secure ? "__Secure-" : "") + options.cookie_prefix;
  state->session_cookie = prefix + ".session_token";
  state->dont_remember_cookie = prefix + ".dont_remember";
  state->device_cookie = prefix + ".device";
  state->verify_secrets.push_back(options.secret);
  for (const auto& previous : options.previous_secrets) state->verify_secrets.push_back(previous);
  state->options = std::move(options);
  return Handler(std::move(state));
}

bool Handler::owns(std::string_view path) const noexcept {
  const std::string& base = impl_->options.base_path;
  return path.size() > base.size() && path.starts_with(base) && path[base.size()] == '/';
}

namespace {

/// Headers every answer carries.
void add_common_headers(const Request& request, const origin::Provenance& from,
                        Response& response) {
  if (!response.header("Cache-Control")) response.headers.push_back({"Cache-Control", "no-store"});
  // Link routes carry one-time tokens in their URLs; never leak them onward (checklist H5).
  response.headers.push_back({"Referrer-Policy", "no-referrer"});
  if (request.method != "OPTIONS") origin::add_cors(from, response);
}

}  // namespace

Response Handler::handle(const Request& request) const noexcept {
  // Read once: the preflight, the CSRF check and CORS all decide on the same facts.
  origin::Provenance from;
  try {
    from = origin::read(*impl_, request);
    Response response =
        owns(request.path)
            ? dispatch(*impl_, request, from,
                       std::string_view(request.path).substr(impl_->options.base_path.size()))
            : respond::not_found();
    add_common_headers(request, from, response);
    return response;
  } catch (...) {
    // Out of memory or a bug: the transport is promised no exception. Should even this 500
    // fail to build (no memory left at all), noexcept ends the process instead.
    Response response = respond::error(500, "INTERNAL_SERVER_ERROR", "Internal server error");
    add_common_headers(request, from, response);
    return response;
  }
}

}  // namespace authkit::http
