// Private: better-auth's signed cookies and the Set-Cookie lines the handler sends.
//
// A signed value is encodeURIComponent(value + "." + base64(HMAC-SHA256(secret, value))) with
// the standard, padded base64 alphabet (44 characters), as better-call's signCookieValue
// writes it, so cookies stay interchangeable with better-auth given the same secret.
#pragma once

#include <authkit/secret.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace authkit::http::cookies {

/// `value + "." + signature` under `secret`, not URL-encoded: what better-auth's bearer plugin
/// sends in set-auth-token. Errors: CRYPTO_FAILURE.
[[nodiscard]] Result<std::string> sign_plain(std::string_view value, const Secret& secret);
/// The signed cookie value of `value` under `secret`: sign_plain() URL-encoded.
/// Errors: CRYPTO_FAILURE.
[[nodiscard]] Result<std::string> sign(std::string_view value, const Secret& secret);

/// The value inside a signed cookie (or a bearer token in the same format, URL-encoded or
/// not) when its signature verifies under one of `secrets`; nullopt otherwise. Surrounding
/// double quotes are ignored. Signatures are compared in constant time.
[[nodiscard]] std::optional<std::string> verify(
    std::string_view signed_value, std::span<const std::shared_ptr<const Secret>> secrets);

/// The value of the first cookie called `name` in a Cookie header, or nullopt.
[[nodiscard]] std::optional<std::string_view> find(std::string_view cookie_header,
                                                   std::string_view name) noexcept;

/// A Set-Cookie value in better-auth's attribute order: `name=value; Max-Age=N; Path=/;
/// HttpOnly; Secure; SameSite=Lax`. No Max-Age makes a browser-session cookie.
[[nodiscard]] std::string set_cookie(std::string_view name, std::string_view value,
                                     std::optional<std::chrono::seconds> max_age, bool secure);

/// A Set-Cookie value that deletes cookie `name` (empty value, Max-Age=0).
[[nodiscard]] std::string clear_cookie(std::string_view name, bool secure);

}  // namespace authkit::http::cookies
