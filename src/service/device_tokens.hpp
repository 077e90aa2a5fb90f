// Private: device tokens, after OWASP's "Slow Down Online Guessing Attacks with Device Cookies".
// A successful sign-in hands the device a token that names the account; a later sign-in that
// presents it is throttled by that device's own failures only (SignInThrottle's device record).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "service/state.hpp"

namespace authkit::device_tokens {

/// The stored record of `token` when it is a live device token for the account `email`
/// (unspent, unexpired, issued to that address); nullopt otherwise, including for anything
/// that is not shaped like a token. Errors: STORAGE_FAILURE.
[[nodiscard]] Result<std::optional<Verification>> find_valid(const detail::AuthServiceImpl& s,
                                                             std::string_view token,
                                                             std::string_view email);

/// Issues a new device token for `user`, spending `replaced` (the token the request presented)
/// if there was one. Returns the raw token, or an empty string when it could not be made or
/// stored: a sign-in never fails for want of a device token.
[[nodiscard]] std::string issue(const detail::AuthServiceImpl& s, const User& user,
                                const std::optional<Verification>& replaced);

}  // namespace authkit::device_tokens
