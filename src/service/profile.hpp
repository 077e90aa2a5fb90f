// Private: limits on the profile fields a user controls (name, image URL).
#pragma once

#include <authkit/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace authkit::profile {

/// Errors: VALIDATION_ERROR when `name` is longer than 256 bytes, not UTF-8, or holds a C0 or
/// C1 control, DEL, or a bidi override (U+202A..U+202E, U+2066..U+2069).
[[nodiscard]] Result<void> check_name(std::string_view name);
/// Errors: VALIDATION_ERROR as check_name(), with a cap of 2048 bytes.
[[nodiscard]] Result<void> check_image(const std::optional<std::string>& image);
/// Errors: VALIDATION_ERROR as check_name(), with a cap of 2048 bytes, naming `field`.
[[nodiscard]] Result<void> check_field_text(std::string_view text, std::string_view field);

}  // namespace authkit::profile
