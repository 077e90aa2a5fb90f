// Private: the definition of http::detail::HandlerImpl and of Call, what a route sees of a
// request.
#pragma once

#include <authkit/auth_service.hpp>
#include <authkit/http/handler.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authkit::http {

struct detail::HandlerImpl {
  AuthService service;
  HandlerOptions options{};
  /// options.secret followed by options.previous_secrets: what cookies may be signed with.
  std::vector<std::shared_ptr<const Secret>> verify_secrets{};
  /// Cookie names with the "__Secure-" prefix when the base URL is https.
  std::string session_cookie{};
  std::string dont_remember_cookie{};
  /// The device cookie: holds the device token of the last account signed in from here.
  std::string device_cookie{};
  /// Whether cookies get the Secure attribute (an https base URL).
  bool secure = false;
  /// The base URL's origin, e.g. "https://app.example.com".
  std::string base_origin{};
};

/// The client address (the peer, or X-Forwarded-For behind a trusted proxy) and user agent.
[[nodiscard]] RequestContext context_of(const detail::HandlerImpl& state, const Request& request);

/// Where the caller's session token came from.
enum class TokenSource { none, cookie, bearer };

/// One request as the routes see it, after the common checks.
struct Call {
  const detail::HandlerImpl& state;
  const Request& request;
  std::string_view route{};        ///< The path under base_path, e.g. "/sign-in/email".
  std::string_view route_param{};  ///< The ":token" of "/reset-password/:token".
  nlohmann::json body = nlohmann::json::object();  ///< The body object ({} without a body).
  std::vector<std::pair<std::string, std::string>> query{};  ///< Decoded query parameters.
  RequestContext context{};                    ///< Client address and user agent, for the service.
  std::optional<std::string> session_token{};  ///< Raw session token with a valid signature.
  TokenSource token_source = TokenSource::none;

  /// The first query parameter called `name`, or nullopt.
  [[nodiscard]] std::optional<std::string_view> query_param(std::string_view name) const;
};

}  // namespace authkit::http
