// Private: lowercase hexadecimal encoding and strict decoding.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authkit::hex {

/// Lowercase hex of `bytes`.
[[nodiscard]] std::string encode(std::span<const unsigned char> bytes);
/// Decodes hex (either case); nullopt on odd length or a non-hex character.
[[nodiscard]] std::optional<std::vector<unsigned char>> decode(std::string_view text);
/// True when `text` is non-empty and consists only of lowercase hex digits.
[[nodiscard]] bool is_lower_hex(std::string_view text) noexcept;

}  // namespace authkit::hex
