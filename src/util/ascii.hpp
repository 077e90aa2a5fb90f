// Private: ASCII-only case folding and classification, for emails, URL schemes and hosts,
// media types, and blocklist entries.
// Non-ASCII bytes are left alone on purpose: full Unicode case folding is locale-dependent
// (std::tolower too), and passwords are NFKC-normalised before they get here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace authkit::ascii {

/// `c` with A-Z mapped to a-z; every other byte unchanged.
[[nodiscard]] constexpr char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Whether `c` is an ASCII letter or digit, in every locale (std::isalnum is not: in a
/// Latin-1 locale it accepts bytes above 0x7F).
[[nodiscard]] constexpr bool is_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// `text` with A-Z mapped to a-z.
[[nodiscard]] inline std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

/// Whether `a` and `b` are equal ignoring ASCII case.
[[nodiscard]] inline bool iequal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace authkit::ascii
