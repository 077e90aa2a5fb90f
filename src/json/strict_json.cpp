#include "json/strict_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "util/hex.hpp"

namespace authkit::json {
namespace {

// Length of the UTF-8 sequence starting at p (validated), or 0 if invalid.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) noexcept {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](std::size_t i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return (p + 1 < end && p[1] >= 0xA0 && p[1] <= 0xBF && cont(2)) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return (cont(1) && cont(2)) ? 3 : 0;
  if (c == 0xED) return (p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9F && cont(2)) ? 3 : 0;
  if (c == 0xF0) {
    return (p + 1 < end && p[1] >= 0x90 && p[1] <= 0xBF && cont(2) && cont(3)) ? 4 : 0;
  }
  if (c >= 0xF1 && c <= 0xF3) return (cont(1) && cont(2) && cont(3)) ? 4 : 0;
  if (c == 0xF4) return (p + 1 < end && p[1] >= 0x80 && p[1] <= 0x8F && cont(2) && cont(3)) ? 4 : 0;
  return 0;
}

// True for bytes that may appear as themselves inside a JSON string and need no further
// check: printable ASCII (0x20..0x7F) other than '"' and '\\'.
constexpr std::array<bool, 256> kPlainStringByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return t;
}();

// Reads 4 hex digits at p; -1 on error.
long read_hex4(const unsigned char* p, const unsigned char* end) noexcept {
  if (end - p < 4) return -1;
  long v = 0;
  for (int i = 0; i < 4; ++i) {
    const int h = hex::digit_value(static_cast<char>(p[i]));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  Parser(std::string_view text, const Limits& limits)
      : p_(reinterpret_cast<const unsigned char*>(text.data())),
        end_(p_ + text.size()),
        limits_(limits) {}

  /// True once parsing stopped because a cap in Limits was exceeded.
  [[nodiscard]] bool limit_exceeded() const noexcept { return limit_exceeded_; }

  bool parse_top(Object& out) {
    skip_ws();
    if (p_ == end_ || *p_ != '{') return false;
    if (!object(1, &out)) return false;
    skip_ws();
    return p_ == end_;
  }

 private:
  void skip_ws() noexcept {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  // Scans a string starting at '"'. On success p_ is past the closing quote and `escaped`
  // tells whether any escape occurred.
  bool string(bool& escaped) noexcept {
    ++p_;  // opening quote
    escaped = false;
    while (p_ < end_) {
      // Skip the bulk of the string (printable ASCII other than '"' and '\\') in one tight
      // loop; every other byte is checked below.
      while (p_ < end_ && kPlainStringByte[*p_]) ++p_;
      if (p_ == end_) break;
      const unsigned char c = *p_;
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        escaped = true;
        if (++p_ == end_) return false;
        const unsigned char e = *p_;
        if (e == 'u') {
          const long hi = read_hex4(p_ + 1, end_);
          if (hi < 0) return false;
          p_ += 5;
          if (hi >= 0xDC00 && hi <= 0xDFFF) return false;  // lone low surrogate
          if (hi >= 0xD800 && hi <= 0xDBFF) {
            if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') return false;
            const long lo = read_hex4(p_ + 2, end_);
            if (lo < 0xDC00 || lo > 0xDFFF) return false;
            p_ += 6;
          }
          continue;
        }
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
            e != 't') {
          return false;
        }
        ++p_;
        continue;
      }
      if (c < 0x80) {
        ++p_;
        continue;
      }
      const std::size_t n = utf8_sequence(p_, end_);
      if (n == 0) return false;
      p_ += n;
    }
    return false;
  }

  bool number() noexcept {
    const unsigned char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return false;
    }
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    bool exponent = false;
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      exponent = true;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    // Numbers that overflow a double (1e400) are refused: other parsers (nlohmann included)
    // reject or saturate them, a parser differential. Only an exponent or more than 300
    // digits can overflow, so the common case skips the conversion.
    if (exponent || p_ - start > 300) {
      double value = 0;
      const auto [ptr, ec] = std::from_chars(reinterpret_cast<const char*>(start),
                                             reinterpret_cast<const char*>(p_), value);
      if (ec == std::errc::result_out_of_range) {
        // Underflow toward zero is harmless; only a magnitude beyond DBL_MAX is refused.
        if (std::isinf(std::strtod(std::string(reinterpret_cast<const char*>(start),
                                               static_cast<std::size_t>(p_ - start))
                                       .c_str(),
                                   nullptr))) {
          return false;
        }
      } else if (ec != std::errc() || !std::isfinite(value)) {
        return false;
      }
      (void)ptr;
    }
    return true;
  }

  bool literal(const char* word) noexcept {
    const std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  bool value(std::size_t depth, Kind& kind) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        kind = Kind::object;
        return object(depth + 1, nullptr);
      case '[':
        kind = Kind::array;
        return array(depth + 1);
      case '"': {
        kind = Kind::string;
        bool escaped;
        return string(escaped);
      }
      case 't':
        kind = Kind::boolean;
        return literal("true");
      case 'f':
        kind = Kind::boolean;
        return literal("false");
      case 'n':
        kind = Kind::null;
        return literal("null");
      default:
        kind = Kind::number;
        return number();
    }
  }

  bool array(std::size_t depth) {
    if (depth > limits_.max_depth) return over_limit();
    ++p_;  // '['
    skip_ws();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (std::size_t count = 1;; ++count) {
      if (count > limits_.max_elements) return over_limit();
      skip_ws();
      Kind kind;
      if (!value(depth, kind)) return false;
      skip_ws();
      if (p_ == end_) return false;
      if (*p_ == ']') {
        ++p_;
        return true;
      }
      if (*p_ != ',') return false;
      ++p_;
    }
  }

  // Parses an object at p_ ('{'). When `top` is non-null its members are recorded there.
  bool object(std::size_t depth, Object* top) {
    if (depth > limits_.max_depth) return over_limit();
    ++p_;  // '{'
    skip_ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    // Names seen in this object, for duplicate detection; decoded names own their storage.
    // (16 inline slots: JOSE objects are small, and zeroing a larger array per object costs
    // more than the rare spill to the vector.)
    std::array<std::string_view, 16> inline_keys;
    std::vector<std::string_view> spill_keys;
    std::vector<std::unique_ptr<std::string>> owned;
    std::size_t count = 0;
    for (;;) {
      if (count >= limits_.max_members) return over_limit();
      skip_ws();
      if (p_ == end_ || *p_ != '"') return false;
      const unsigned char* key_start = p_;
      bool escaped;
      if (!string(escaped)) return false;
      std::string_view key(reinterpret_cast<const char*>(key_start + 1),
                           static_cast<std::size_t>(p_ - key_start - 2));
      if (escaped) {
        auto decoded = std::make_unique<std::string>(decode_string(std::string_view(
            reinterpret_cast<const char*>(key_start), static_cast<std::size_t>(p_ - key_start))));
        key = *decoded;
        if (top != nullptr) {
          top->decoded_keys.push_back(std::move(decoded));
        } else {
          owned.push_back(std::move(decoded));
        }
      }
      for (std::size_t i = 0; i < count; ++i) {
        const std::string_view seen =
            i < inline_keys.size() ? inline_keys[i] : spill_keys[i - inline_keys.size()];
        // Same length and first byte before the full compare: most names differ right there.
        if (seen.size() == key.size() && (key.empty() || seen[0] == key[0]) && seen == key) {
          return false;  // duplicate member name
        }
      }
      if (count < inline_keys.size()) {
        inline_keys[count] = key;
      } else {
        spill_keys.push_back(key);
      }
      ++count;
      skip_ws();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      skip_ws();
      const unsigned char* value_start = p_;
      Kind kind;
      if (!value(depth, kind)) return false;
      if (top != nullptr) {
        top->members.push_back(
            Member{key, kind,
                   std::string_view(reinterpret_cast<const char*>(value_start),
                                    static_cast<std::size_t>(p_ - value_start))});
      }
      skip_ws();
      if (p_ == end_) return false;
      if (*p_ == '}') {
        ++p_;
        return true;
      }
      if (*p_ != ',') return false;
      ++p_;
    }
  }

  bool over_limit() noexcept {
    limit_exceeded_ = true;
    return false;
  }

  const unsigned char* p_;
  const unsigned char* end_;
  const Limits& limits_;
  bool limit_exceeded_ = false;
};

}  // namespace

const Member* Object::find(std::string_view key) const noexcept {
  for (const Member& m : members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

bool parse_object(std::string_view text, const Limits& limits, Object& out, bool* limit_exceeded) {
  out.members.clear();
  out.decoded_keys.clear();
  Parser parser(text, limits);
  const bool ok = parser.parse_top(out);
  if (limit_exceeded != nullptr) *limit_exceeded = !ok && parser.limit_exceeded();
  return ok;
}

std::string decode_string(std::string_view raw) {
  std::string out;
  if (raw.size() < 2) return out;
  const std::string_view body = raw.substr(1, raw.size() - 2);
  // Fast path: most JOSE strings have no escapes, so the body is the value byte for byte.
  if (std::none_of(body.begin(), body.end(), [](char ch) { return ch == '\\'; })) {
    return std::string(body);
  }
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data()) + 1;
  const auto* end = reinterpret_cast<const unsigned char*>(raw.data()) + raw.size() - 1;
  out.reserve(raw.size() - 2);
  while (p < end) {
    if (*p != '\\') {
      out += static_cast<char>(*p++);
      continue;
    }
    ++p;
    switch (*p) {
      case 'b':
        out += '\b';
        ++p;
        break;
      case 'f':
        out += '\f';
        ++p;
        break;
      case 'n':
        out += '\n';
        ++p;
        break;
      case 'r':
        out += '\r';
        ++p;
        break;
      case 't':
        out += '\t';
        ++p;
        break;
      case 'u': {
        unsigned long cp = static_cast<unsigned long>(read_hex4(p + 1, end));
        p += 5;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          const unsigned long lo = static_cast<unsigned long>(read_hex4(p + 2, end));
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        append_utf8(out, cp);
        break;
      }
      default:
        out += static_cast<char>(*p++);
        break;  // '"', '\\', '/'
    }
  }
  return out;
}

bool string_array(std::string_view raw, std::vector<std::string>& out) {
  std::size_t i = 1;  // past '['
  auto skip_ws = [&] {
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r'))
      ++i;
  };
  for (;;) {
    skip_ws();
    if (i >= raw.size() || raw[i] == ']') return true;
    if (raw[i] != '"') return false;
    const std::size_t start = i++;
    while (i < raw.size() && raw[i] != '"') i += raw[i] == '\\' ? 2 : 1;
    ++i;  // closing quote
    out.push_back(decode_string(raw.substr(start, i - start)));
    skip_ws();
    if (i < raw.size() && raw[i] == ',') ++i;
  }
}

std::optional<std::int64_t> to_numeric_date(std::string_view raw) {
  // Fast path for the usual plain integer: up to 15 digits (< 2^53, so exactly what the
  // double path below yields) with an optional minus sign.
  {
    const bool negative = !raw.empty() && raw.front() == '-';
    const std::string_view digits = raw.substr(negative ? 1 : 0);
    bool all_digits = !digits.empty() && digits.size() <= 15;
    std::int64_t n = 0;
    for (std::size_t i = 0; all_digits && i < digits.size(); ++i) {
      const char c = digits[i];
      all_digits = c >= '0' && c <= '9';
      n = n * 10 + (c - '0');
    }
    if (all_digits) return negative ? -n : n;
  }
  double v = 0;
  const auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || ptr != raw.data() + raw.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  constexpr double kLimit = 9007199254740992.0;  // 2^53: exact in a double
  if (v > kLimit || v < -kLimit) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(v));
}

bool is_valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {  // ASCII, the common case
      ++p;
      continue;
    }
    const std::size_t n = utf8_sequence(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

}  // namespace authkit::json
