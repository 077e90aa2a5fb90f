// Private: limits on the profile fields a user controls (name, image URL).
#pragma once

#include <authkit/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace authkit::profile {

/// Errors: VALIDATION_ERROR when `name` is longer than 256 bytes or not UTF-8.
[[nodiscard]] Result<void> check_name(std::string_view name);
/// Errors: VALIDATION_ERROR when `image` is longer than 2048 bytes or not UTF-8.
[[nodiscard]] Result<void> check_image(const std::optional<std::string>& image);

}  // namespace authkit::profile
