// Private: ISO-8601 UTC timestamps with milliseconds ("2026-01-02T03:04:05.678Z"), the form
// better-auth uses on the wire and in SQLite. Fixed width, so text order is time order.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace authkit::iso8601 {

/// Formats `t` (truncated to milliseconds) as "YYYY-MM-DDTHH:MM:SS.mmmZ". Years outside
/// 0000-9999 are clamped to that range.
[[nodiscard]] std::string format(std::chrono::system_clock::time_point t);
/// Parses "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (also a space instead of 'T', and "+00:00" for
/// 'Z'); nullopt for anything else or an invalid date.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse(std::string_view text);

}  // namespace authkit::iso8601
