// Private: UTF-8 validation, Unicode NFKC normalisation (ICU) and code point counting for
// passwords. Shared by PasswordHasher (what gets hashed) and PasswordPolicy (what gets
// measured), so both always see the same string.
#pragma once

#include <authkit/result.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

#include "password/secret_buffer.hpp"

namespace authkit::password {

/// The number of code points in `text` when it is well-formed UTF-8 (no overlong forms, no
/// surrogates, nothing above U+10FFFF, no truncated sequence); nullopt otherwise.
[[nodiscard]] std::optional<std::size_t> utf8_code_points(std::string_view text) noexcept;

/// The NFKC form of `text`. Errors: INVALID_ARGUMENT when `text` is not well-formed UTF-8;
/// CRYPTO_FAILURE when ICU fails (out of memory), so callers fail closed. Intermediate UTF-16
/// buffers are wiped.
[[nodiscard]] Result<SecretBuffer> nfkc(std::string_view text);

/// Which kinds of characters a well-formed UTF-8 string holds (Unicode general categories,
/// so "пароль" has letters and "٣" is a digit).
struct CharacterClasses {
  bool letter = false;
  bool digit = false;
};
[[nodiscard]] CharacterClasses classify(std::string_view text) noexcept;

}  // namespace authkit::password
