// Private: the built-in list behind FileBlocklist::common().
#pragma once

#include <span>
#include <string_view>

namespace authkit::password {

/// The most common passwords of public breach corpora (lowercase ASCII).
[[nodiscard]] std::span<const std::string_view> common_passwords() noexcept;

}  // namespace authkit::password
