// Private: minimal JSON text writing for the signing fast path (no DOM).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace authkit::json {

/// Appends `s` (valid UTF-8) as a JSON string literal, escaping quotes, backslashes and
/// control characters.
void append_string(std::string& out, std::string_view s);
/// Appends a decimal integer.
void append_int(std::string& out, std::int64_t v);

}  // namespace authkit::json
