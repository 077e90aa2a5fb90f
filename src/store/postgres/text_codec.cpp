#include "store/postgres/text_codec.hpp"

#include <cstddef>
#include <cstdint>

namespace authkit::pg {

namespace {

constexpr char kEscape = '\x01';
constexpr std::string_view kHex = "0123456789abcdef";

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF; the same rules PostgreSQL applies), or 0 when there is
// none. NUL and U+0001 count as not storable as they are.
std::size_t storable_sequence(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t b0 = byte(i);
  if (b0 == 0x00 || b0 == static_cast<std::uint8_t>(kEscape)) return 0;
  if (b0 < 0x80) return 1;
  std::size_t length = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;   // no overlongs
    if (b0 == 0xED) high = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;   // no overlongs
    if (b0 == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  const std::uint8_t b1 = byte(i + 1);
  if (b1 < low || b1 > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    const std::uint8_t b = byte(i + k);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return length;
}

int hex_value(char c) noexcept {
  const std::size_t at = kHex.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::string encode_text(std::string_view bytes) {
  std::string out;
  bool escaped = false;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t length = storable_sequence(bytes, i);
    if (length > 0) {
      if (escaped) out.append(bytes.substr(i, length));
      i += length;
      continue;
    }
    if (!escaped) {
      // The first byte that needs escaping: everything before it is copied once.
      escaped = true;
      out.reserve(bytes.size() + 8);
      out.append(bytes.substr(0, i));
    }
    const auto b = static_cast<std::uint8_t>(bytes[i]);
    out.push_back(kEscape);
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0F]);
    ++i;
  }
  if (!escaped) return std::string(bytes);
  return out;
}

std::string decode_text(std::string_view text) {
  if (text.find(kEscape) == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == kEscape && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>((high << 4) | low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace authkit::pg
