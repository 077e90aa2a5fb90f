#include "http/device_cookie.hpp"

#include "http/cookies.hpp"

namespace authkit::http::device_cookie {

std::string read(const detail::HandlerImpl& state, const Request& request) {
  const auto cookie_header = request.header("Cookie");
  if (!cookie_header) return {};
  const auto value = cookies::find(*cookie_header, state.device_cookie);
  if (!value) return {};
  return cookies::verify(*value, state.verify_secrets).value_or(std::string{});
}

Result<void> set(const detail::HandlerImpl& state, Response& response, std::string_view token) {
  auto value = cookies::sign(token, *state.options.secret);
  if (!value) return value.error();
  response.headers.push_back(
      {"Set-Cookie",
       cookies::set_cookie(state.device_cookie, *value,
                           state.service.options().rate_limits.device_token_expires_in,
                           state.secure)});
  return {};
}

}  // namespace authkit::http::device_cookie
