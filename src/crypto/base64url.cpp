#include "crypto/base64url.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace authkit::b64 {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// 0xFF marks bytes outside the base64url alphabet.
constexpr std::array<std::uint8_t, 256> make_table() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 0xFF;
  for (std::uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = i;
  return t;
}
constexpr auto kTable = make_table();

// Encoding: kPairs holds the two alphabet characters of every 12-bit value, so three input
// bytes become four characters with two lookups.
constexpr std::array<char, 2 * 4096> make_pairs() {
  std::array<char, 2 * 4096> t{};
  for (std::size_t i = 0; i < 4096; ++i) {
    t[2 * i] = kAlphabet[i >> 6];
    t[2 * i + 1] = kAlphabet[i & 63];
  }
  return t;
}
constexpr auto kPairs = make_pairs();

// Decoding: kShifted[k][c] is the 6-bit value of c already shifted into position k of a
// 24-bit group, or kInvalid for a byte outside the alphabet, so four characters decode with
// four lookups, three ORs and a single validity check.
constexpr std::uint32_t kInvalid = 0x80000000u;
constexpr std::array<std::array<std::uint32_t, 256>, 4> make_shifted() {
  std::array<std::array<std::uint32_t, 256>, 4> t{};
  for (std::size_t k = 0; k < 4; ++k) {
    for (std::size_t c = 0; c < 256; ++c) {
      t[k][c] = kTable[c] == 0xFF ? kInvalid : std::uint32_t{kTable[c]} << (18 - 6 * k);
    }
  }
  return t;
}
constexpr auto kShifted = make_shifted();

}  // namespace

void encode_append(std::span<const unsigned char> in, std::string& out) {
  const std::size_t start = out.size();
  out.resize(start + encoded_size(in.size()));
  char* o = out.data() + start;
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v =
        (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    std::memcpy(o, &kPairs[2 * (v >> 12)], 2);
    std::memcpy(o + 2, &kPairs[2 * (v & 0xFFF)], 2);
    o += 4;
  }
  const std::size_t rest = in.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16;
    *o++ = kAlphabet[(v >> 18) & 63];
    *o++ = kAlphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
    *o++ = kAlphabet[(v >> 18) & 63];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = kAlphabet[(v >> 6) & 63];
  }
}

std::string encode(std::span<const unsigned char> in) {
  std::string out;
  encode_append(in, out);
  return out;
}

std::string encode(std::string_view in) {
  return encode(std::span(reinterpret_cast<const unsigned char*>(in.data()), in.size()));
}

std::string encode_standard_padded(std::span<const unsigned char> in) {
  std::string out = encode(in);
  for (char& c : out) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  out.append((4 - out.size() % 4) % 4, '=');
  return out;
}

bool decode(std::string_view in, std::string& out) {
  const std::size_t n = in.size();
  if (n % 4 == 1) return false;
  out.resize(n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1));
  char* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const std::uint32_t v =
        kShifted[0][p[i]] | kShifted[1][p[i + 1]] | kShifted[2][p[i + 2]] | kShifted[3][p[i + 3]];
    if (v & kInvalid) return false;
    *o++ = static_cast<char>(v >> 16);
    *o++ = static_cast<char>(v >> 8);
    *o++ = static_cast<char>(v);
  }
  const std::size_t rest = n - i;
  if (rest == 2) {
    const std::uint8_t a = kTable[p[i]], b = kTable[p[i + 1]];
    if ((a | b) & 0x80) return false;
    if (b & 0x0F) return false;  // non-canonical: unused low 4 bits set
    *o++ = static_cast<char>((a << 2) | (b >> 4));
  } else if (rest == 3) {
    const std::uint8_t a = kTable[p[i]], b = kTable[p[i + 1]], c = kTable[p[i + 2]];
    if ((a | b | c) & 0x80) return false;
    if (c & 0x03) return false;  // non-canonical: unused low 2 bits set
    const std::uint32_t v = (std::uint32_t{a} << 10) | (std::uint32_t{b} << 4) | (c >> 2);
    *o++ = static_cast<char>(v >> 8);
    *o++ = static_cast<char>(v);
  }
  return true;
}

std::optional<std::string> decode(std::string_view in) {
  std::string out;
  if (!decode(in, out)) return std::nullopt;
  return out;
}

}  // namespace authkit::b64
