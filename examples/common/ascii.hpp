// Case-insensitive comparison in ASCII, for the example servers. HTTP compares header field
// names and tokens such as "chunked", "100-continue", the "Bearer" scheme and media types
// case-insensitively, in ASCII only (RFC 9110 sections 5.1, 8.3.1 and 11.1): a locale's idea
// of case (std::tolower's) has no say, so only A-Z and a-z are folded, whatever the locale.
// The library has a helper like this, but it is private (src/util/ascii.hpp), and the examples
// use only the public API; so they share this one.
#pragma once

#include <cstddef>
#include <string_view>

namespace authkit_examples {

/// Whether `a` and `b` are equal ignoring ASCII case (A-Z = a-z; every other byte as is).
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace authkit_examples
