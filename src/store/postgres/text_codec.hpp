// Private: how authkit's byte strings fit PostgreSQL's text columns.
//
// A PostgreSQL text value (in a UTF8 database) cannot hold a NUL byte or bytes that are not
// UTF-8, while the store contract promises that any byte string round-trips (NUL bytes
// included, checklist I5). Such bytes are therefore escaped as U+0001 followed by two
// lowercase hex digits; U+0001 itself is escaped the same way so that decoding is exact. Every
// other string is stored unchanged, so a value better-auth wrote (valid UTF-8, no control
// character U+0001) reads back as it is, and lookups by the encoded value find it.
#pragma once

#include <string>
#include <string_view>

namespace authkit::pg {

/// `bytes` as storable text: unchanged when it is UTF-8 without NUL and U+0001, else escaped.
/// The encoding is prefix-preserving on UTF-8 boundaries: encode(a) is a prefix of
/// encode(a + b) when `a` ends on a character boundary.
[[nodiscard]] std::string encode_text(std::string_view bytes);

/// The bytes encode_text() was given. An escape marker not followed by two lowercase hex
/// digits (only possible in a value written by another program) is kept as it is.
[[nodiscard]] std::string decode_text(std::string_view text);

}  // namespace authkit::pg
