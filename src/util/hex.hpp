// Private: lowercase hexadecimal encoding and strict decoding.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authkit::hex {

/// The value of one hex digit (either case), or -1 if `c` is not one. Shared by every hex,
/// percent-encoding and JSON \u decoder.
[[nodiscard]] constexpr int digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Lowercase hex of `bytes`.
[[nodiscard]] std::string encode(std::span<const unsigned char> bytes);
/// Decodes hex (either case); nullopt on odd length or a non-hex character.
[[nodiscard]] std::optional<std::vector<unsigned char>> decode(std::string_view text);
/// True when `text` is non-empty and consists only of lowercase hex digits.
[[nodiscard]] bool is_lower_hex(std::string_view text) noexcept;

}  // namespace authkit::hex
