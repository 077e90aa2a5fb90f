// Private: URL helpers shared by the mail links (and later the HTTP layer).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authkit::url {

/// Percent-encodes `text` as JavaScript's encodeURIComponent does: everything except
/// A-Z a-z 0-9 - _ . ! ~ * ' ( ) is %XX-encoded (UTF-8 bytes, uppercase hex).
[[nodiscard]] std::string encode_component(std::string_view text);

/// Decodes %XX escapes as decodeURIComponent does; with `plus_is_space` (form bodies and
/// query strings), '+' becomes ' '. nullopt for a '%' not followed by two hex digits.
[[nodiscard]] std::optional<std::string> decode_component(std::string_view text,
                                                          bool plus_is_space = false);

/// Name/value pairs of "a=1&b=2" (application/x-www-form-urlencoded or a query string), both
/// decoded; a pair without '=' has an empty value. nullopt if any escape is malformed.
[[nodiscard]] std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(
    std::string_view text);

/// "scheme://authority" of an absolute http(s) URL, scheme and authority lower-cased; nullopt
/// for another scheme, an empty authority, user info ('@'), or an authority starting with ':'
/// or '.'. Reads only up to the end of the authority (the first '/', '?' or '#').
[[nodiscard]] std::optional<std::string> origin_of(std::string_view url);

/// The parts of an absolute http(s) URL that authkit cares about.
struct Parsed {
  std::string scheme;  ///< "http" or "https", lower-case.
  std::string origin;  ///< scheme://host[:port], lower-case scheme and host.
  std::string path;    ///< Path without a trailing '/', possibly empty.
};

/// Parses an absolute http(s) URL with a non-empty host and no query, fragment or user info;
/// nullopt for anything else.
[[nodiscard]] std::optional<Parsed> parse_base_url(std::string_view text);

}  // namespace authkit::url
