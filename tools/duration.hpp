// tools/duration.hpp: parsing durations such as "15m", "60s", "1h", "2d" or "90".
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace authkit::cli {

/// The longest duration accepted anywhere in the CLI: 100 years of days.
inline constexpr std::chrono::seconds max_duration{36500LL * 24 * 3600};

/// Parses a non-negative whole number followed by an optional unit: s (seconds, the default),
/// m (minutes), h (hours) or d (days). No sign, spaces, fractions or combined units ("1h30m").
/// nullopt when the text is not such a duration or exceeds max_duration.
[[nodiscard]] std::optional<std::chrono::seconds> parse_duration(std::string_view text) noexcept;

}  // namespace authkit::cli
