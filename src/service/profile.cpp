#include "service/profile.hpp"

#include <nlohmann/json.hpp>
#include "json/strict_json.hpp"

namespace authkit::profile {
namespace {

constexpr std::size_t kMaxNameBytes = 256;
constexpr std::size_t kMaxImageBytes = 2048;

/// Code points that must never reach a page, a mail or a log through a stored field: C0 and C1
/// controls and DEL (line breaks forge log lines and mail headers), and the bidi embeddings,
/// overrides and isolates U+202A..U+202E, U+2066..U+2069 (a right-to-left override makes the
/// rest of a name display backwards, so one name can pass for another).
bool forbidden(char32_t c) noexcept {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

/// Whether valid UTF-8 `text` holds a forbidden code point.
bool has_forbidden(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    char32_t c = length == 1 ? lead : lead & (0x7f >> length);
    for (std::size_t k = 1; k < length; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    }
    if (forbidden(c)) return true;
    i += length;
  }
  return false;
}

/// VALIDATION_ERROR unless `text` is UTF-8 of at most `max_bytes` without forbidden characters.
Result<void> check_text(std::string_view text, std::size_t max_bytes, std::string_view field) {
  const std::string what(field);
  if (text.size() > max_bytes) return Error(Errc::validation_error, what + " is too long");
  if (!json::is_valid_utf8(text)) return Error(Errc::validation_error, what + " is not UTF-8");
  if (has_forbidden(text)) {
    return Error(Errc::validation_error,
                 what + " must not contain control or bidirectional-override characters");
  }
  return {};
}

}  // namespace

Result<void> check_name(std::string_view name) { return check_text(name, kMaxNameBytes, "Name"); }

Result<void> check_image(const std::optional<std::string>& image) {
  if (!image) return {};
  return check_text(*image, kMaxImageBytes, "Image URL");
}

Result<void> check_field_text(std::string_view text, std::string_view field) {
  return check_text(text, kMaxImageBytes, field);
}

}  // namespace authkit::profile
