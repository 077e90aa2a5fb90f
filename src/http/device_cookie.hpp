// Private: the device cookie. A successful sign-in leaves the device token (AuthService's
// SignInResult::device_token) in a signed, HttpOnly cookie with the session cookie's attributes
// and prefix rules, so the browser's next sign-in is spared the account-wide throttle.
#pragma once

#include <authkit/http/handler.hpp>

#include <string>
#include <string_view>

#include "http/state.hpp"

namespace authkit::http::device_cookie {

/// The device token in the request's device cookie when its signature verifies; empty
/// otherwise (no cookie, or a forged or garbled one: the sign-in then counts as a new device).
[[nodiscard]] std::string read(const detail::HandlerImpl& state, const Request& request);

/// Sets the device cookie to `token` for AuthServiceOptions::rate_limits.device_token_expires_in.
/// Errors: CRYPTO_FAILURE.
[[nodiscard]] Result<void> set(const detail::HandlerImpl& state, Response& response,
                               std::string_view token);

}  // namespace authkit::http::device_cookie
