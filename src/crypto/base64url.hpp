// Private: strict base64url (RFC 4648 §5, no padding) as JWS requires (RFC 7515 §2), and the
// padded standard alphabet for better-auth's cookie signatures.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace authkit::b64 {

/// Encoded length of `n` bytes without padding.
constexpr std::size_t encoded_size(std::size_t n) noexcept { return (n * 4 + 2) / 3; }

/// Appends the unpadded base64url encoding of `in` to `out`.
void encode_append(std::span<const unsigned char> in, std::string& out);
/// The unpadded base64url encoding of `in`.
std::string encode(std::span<const unsigned char> in);
/// Same, for text.
std::string encode(std::string_view in);

/// Standard base64 (RFC 4648 §4: '+' and '/') with '=' padding, as better-auth's signed
/// cookies carry their HMAC.
std::string encode_standard_padded(std::span<const unsigned char> in);

/// Strict decode into `out` (replacing its contents). Rejects: any character outside
/// [A-Za-z0-9_-] (so '=', whitespace, '+', '/'), a length ≡ 1 (mod 4), and non-zero unused
/// trailing bits (a non-canonical encoding). Returns false on any of these.
[[nodiscard]] bool decode(std::string_view in, std::string& out);
/// Strict decode; nullopt on any violation.
[[nodiscard]] std::optional<std::string> decode(std::string_view in);

}  // namespace authkit::b64
