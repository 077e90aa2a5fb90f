// Private: the strict PHC string format for Argon2id hashes:
//   $argon2id$v=19$m=<m>,t=<t>,p=<p>[,pepper=<id>]$<salt>$<tag>
// salt and tag are standard base64 without padding (as libargon2 writes them). The parser
// accepts exactly what format() produces for any valid field values and nothing else: fixed
// parameter order, plain decimals without sign or leading zeros, canonical base64.
#pragma once

#include <authkit/password/hasher.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit::password {

/// Salt and tag lengths the parser accepts (libargon2's minimum salt is 8 bytes).
inline constexpr std::size_t min_salt_bytes = 8;
inline constexpr std::size_t max_salt_bytes = 64;
inline constexpr std::size_t min_tag_bytes = 16;
inline constexpr std::size_t max_tag_bytes = 64;

/// The fields of an Argon2id PHC string.
struct PhcHash {
  Argon2Params params{};
  std::string pepper_id{};  ///< empty when the hash is not peppered
  std::vector<unsigned char> salt{};
  std::vector<unsigned char> tag{};
};

/// True when `id` is a valid pepper id: 1-32 characters of [A-Za-z0-9-].
[[nodiscard]] bool is_valid_pepper_id(std::string_view id) noexcept;

/// Parses `text` strictly; nullopt for anything malformed (including v other than 19, p = 0,
/// t = 0, m < 8 * p, salt or tag lengths outside the limits above). Parameter values are not
/// capped here; the caller compares them with its max_params before any hashing.
[[nodiscard]] std::optional<PhcHash> parse_phc(std::string_view text);

/// The PHC string of `hash`.
[[nodiscard]] std::string format_phc(const PhcHash& hash);

}  // namespace authkit::password
