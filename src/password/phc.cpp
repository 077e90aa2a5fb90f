#include "password/phc.hpp"

#include <array>
#include <cstdint>

namespace authkit::password {
namespace {

constexpr std::string_view kPrefix = "$argon2id$v=19$";
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string b64_encode(const std::vector<unsigned char>& bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 0x3F];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    out += kAlphabet[(v >> 18) & 0x3F];
    out += kAlphabet[(v >> 12) & 0x3F];
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8);
    out += kAlphabet[(v >> 18) & 0x3F];
    out += kAlphabet[(v >> 12) & 0x3F];
    out += kAlphabet[(v >> 6) & 0x3F];
  }
  return out;
}

// Strict unpadded decode: only the standard alphabet, no '=', no length that leaves a single
// character, and the unused low bits of the last character must be zero (so every byte string
// has exactly one accepted encoding).
std::optional<std::vector<unsigned char>> b64_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::vector<unsigned char> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    const std::size_t index = kAlphabet.find(c);
    if (index == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((acc >> bits) & 0xFF));
    }
  }
  if ((acc & ((1U << bits) - 1U)) != 0) return std::nullopt;
  return out;
}

// "<name>=<decimal>" with no sign, no leading zero, and a value that fits 32 bits.
std::optional<std::uint32_t> parse_param(std::string_view field, std::string_view name) {
  if (!field.starts_with(name) || field.size() <= name.size() || field[name.size()] != '=') {
    return std::nullopt;
  }
  const std::string_view digits = field.substr(name.size() + 1);
  if (digits.empty() || digits.size() > 10 || (digits.size() > 1 && digits[0] == '0')) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > UINT32_MAX) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

// Splits on `sep` into exactly N parts; nullopt for fewer or more.
template <std::size_t N>
std::optional<std::array<std::string_view, N>> split_exact(std::string_view text, char sep) {
  std::array<std::string_view, N> parts{};
  for (std::size_t i = 0; i + 1 < N; ++i) {
    const std::size_t at = text.find(sep);
    if (at == std::string_view::npos) return std::nullopt;
    parts[i] = text.substr(0, at);
    text.remove_prefix(at + 1);
  }
  if (text.find(sep) != std::string_view::npos) return std::nullopt;
  parts[N - 1] = text;
  return parts;
}

}  // namespace

bool is_valid_pepper_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 32) return false;
  for (const char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<PhcHash> parse_phc(std::string_view text) {
  // The prefix is compared case-sensitively: "$Argon2id$" or "v=16" are other formats.
  if (!text.starts_with(kPrefix)) return std::nullopt;
  const auto fields = split_exact<3>(text.substr(kPrefix.size()), '$');
  if (!fields) return std::nullopt;
  const auto [param_text, salt_text, tag_text] = *fields;

  std::array<std::string_view, 4> params{};
  std::size_t count = 0;
  for (std::string_view rest = param_text;;) {
    if (count == params.size()) return std::nullopt;
    const std::size_t comma = rest.find(',');
    params[count++] = rest.substr(0, comma);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (count < 3) return std::nullopt;

  PhcHash hash;
  const auto m = parse_param(params[0], "m");
  const auto t = parse_param(params[1], "t");
  const auto p = parse_param(params[2], "p");
  if (!m || !t || !p) return std::nullopt;
  if (*t < 1 || *p < 1 || *m < std::uint64_t{8} * *p) return std::nullopt;
  hash.params = {.memory_kib = *m, .iterations = *t, .parallelism = *p};
  if (count == 4) {
    constexpr std::string_view kPepper = "pepper=";
    if (!params[3].starts_with(kPepper)) return std::nullopt;
    hash.pepper_id = std::string(params[3].substr(kPepper.size()));
    if (!is_valid_pepper_id(hash.pepper_id)) return std::nullopt;
  }

  auto salt = b64_decode(salt_text);
  auto tag = b64_decode(tag_text);
  if (!salt || salt->size() < min_salt_bytes || salt->size() > max_salt_bytes) return std::nullopt;
  if (!tag || tag->size() < min_tag_bytes || tag->size() > max_tag_bytes) return std::nullopt;
  hash.salt = std::move(*salt);
  hash.tag = std::move(*tag);
  return hash;
}

std::string format_phc(const PhcHash& hash) {
  std::string out(kPrefix);
  out += "m=" + std::to_string(hash.params.memory_kib);
  out += ",t=" + std::to_string(hash.params.iterations);
  out += ",p=" + std::to_string(hash.params.parallelism);
  if (!hash.pepper_id.empty()) out += ",pepper=" + hash.pepper_id;
  out += '$';
  out += b64_encode(hash.salt);
  out += '$';
  out += b64_encode(hash.tag);
  return out;
}

}  // namespace authkit::password
