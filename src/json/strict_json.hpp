// Private: a strict, allocation-light JSON validator for JOSE headers and claims.
//
// Why not nlohmann's DOM: it accepts duplicate member names (last wins, a parser-differential
// hazard per RFC 8725 §2.6) and building a DOM costs more than the whole HMAC verify. This
// scanner validates RFC 8259 grammar, UTF-8, depth and member caps, rejects duplicate names
// at every depth, and reports only the top-level members as views into the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit::json {

/// Caps applied before and during parsing (security checklist A9).
struct Limits {
  std::size_t max_depth = 16;      ///< nesting of objects/arrays, the top object counts as 1
  std::size_t max_members = 64;    ///< members per object
  std::size_t max_elements = 256;  ///< elements per array
};

/// JSON value kinds.
enum class Kind : std::uint8_t { string, number, object, array, boolean, null };

/// One top-level member. `key` is the decoded name; `raw` is the value's exact source text
/// (for strings: including the quotes).
struct Member {
  std::string_view key;
  Kind kind;
  std::string_view raw;
};

/// The result of parse_object(): top-level members in document order. Views point into the
/// parsed text or into `decoded_keys` (for names that contained escapes).
struct Object {
  std::vector<Member> members;
  std::vector<std::unique_ptr<std::string>> decoded_keys;

  /// The member named `key`, or nullptr.
  [[nodiscard]] const Member* find(std::string_view key) const noexcept;
};

/// Validates `text` as exactly one JSON object (surrounding whitespace allowed) and fills
/// `out`. Returns false on: grammar errors, invalid UTF-8 (overlong, surrogates, > U+10FFFF),
/// unescaped control characters, lone surrogate escapes, duplicate member names at any
/// depth, NaN/Infinity, comments, trailing bytes, or exceeding `limits`. When
/// `limit_exceeded` is given it is set to true iff parsing stopped at a cap in `limits`.
[[nodiscard]] bool parse_object(std::string_view text, const Limits& limits, Object& out,
                                bool* limit_exceeded = nullptr);

/// Decodes a JSON string token (with its quotes) that parse_object() already validated.
[[nodiscard]] std::string decode_string(std::string_view raw_with_quotes);

/// Appends the elements of a validated JSON array to `out`; false if any is not a string.
[[nodiscard]] bool string_array(std::string_view raw_array, std::vector<std::string>& out);

/// Converts a validated JSON number to whole seconds for NumericDate claims (RFC 7519 §2):
/// fractions are truncated toward negative infinity; values that are not finite or lie
/// outside ±2^53 give nullopt.
[[nodiscard]] std::optional<std::int64_t> to_numeric_date(std::string_view raw_number);

/// True if `s` is well-formed UTF-8 (no overlongs, surrogates, or code points > U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

}  // namespace authkit::json
