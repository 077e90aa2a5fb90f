// Private: which origins are trusted, and which "where to go next" URLs (callbackURL,
// redirectTo) a mailed link or a redirect may carry.
#pragma once

#include <authkit/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace authkit::redirects {

/// The longest accepted target, in bytes.
inline constexpr std::size_t max_target_bytes = 2048;

/// Checks and normalises (lower-case scheme and host, no trailing '/') the configured trusted
/// origins: "scheme://host[:port]", where the host may start with one "*." wildcard label.
/// Errors: INVALID_CONFIGURATION naming the bad entry.
[[nodiscard]] Result<std::vector<std::string>> normalize_origins(
    const std::vector<std::string>& origins);

/// Whether `origin` (normalised "scheme://host[:port]") is `base_origin` or matches one of
/// `trusted_origins` (as normalize_origins() returns them; "https://*.example.com" matches
/// any subdomain at any depth, but not example.com itself).
[[nodiscard]] bool origin_trusted(std::string_view origin, std::string_view base_origin,
                                  const std::vector<std::string>& trusted_origins);

/// Whether `target` may be used: an empty string; a relative path ("/x", never "//x"); or an
/// absolute http(s) URL whose origin is `base_origin` or matches a trusted origin. Targets
/// longer than max_target_bytes or holding blanks, control characters or '\' are refused.
[[nodiscard]] bool allowed(std::string_view target, std::string_view base_origin,
                           const std::vector<std::string>& trusted_origins);

}  // namespace authkit::redirects
