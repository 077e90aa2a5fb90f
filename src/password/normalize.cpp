#include "password/normalize.hpp"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include <openssl/crypto.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

namespace authkit::password {
namespace {

// Decodes the code point starting at text[pos] and advances pos; returns -1 for any
// ill-formed sequence. Written out (rather than left to ICU) so that the rules are explicit:
// RFC 3629 well-formed UTF-8 only.
std::int32_t next_code_point(std::string_view text, std::size_t& pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  std::size_t length = 0;
  std::int32_t cp = 0;
  std::int32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return -1;  // continuation byte or 0xF8..0xFF as a lead
  }
  if (text.size() - pos < length) return -1;
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char c = byte(pos + i);
    if ((c & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  pos += length;
  return cp;
}

bool is_ascii(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A UTF-16 buffer that is wiped before it is freed.
struct Utf16Buffer {
  std::vector<UChar> units;
  ~Utf16Buffer() {
    if (!units.empty()) OPENSSL_cleanse(units.data(), units.size() * sizeof(UChar));
  }
};

Error icu_failure(const char* what, UErrorCode status) {
  return Error(Errc::crypto_failure, {},
               std::string("ICU ") + what + " failed: " + u_errorName(status));
}

}  // namespace

std::optional<std::size_t> utf8_code_points(std::string_view text) noexcept {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) {
    if (next_code_point(text, pos) < 0) return std::nullopt;
  }
  return count;
}

Result<SecretBuffer> nfkc(std::string_view text) {
  if (!utf8_code_points(text)) {
    return Error(Errc::invalid_argument, "Password is not valid UTF-8");
  }
  // ASCII is invariant under every Unicode normalisation form: skip ICU.
  if (is_ascii(text)) return SecretBuffer(std::string(text));
  if (text.size() > static_cast<std::size_t>(INT32_MAX / 4)) {
    return Error(Errc::invalid_argument, "Password is too long");
  }

  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* normalizer = unorm2_getNFKCInstance(&status);
  if (U_FAILURE(status)) return icu_failure("unorm2_getNFKCInstance", status);

  // UTF-8 -> UTF-16: never more units than bytes.
  Utf16Buffer input;
  input.units.resize(text.size());
  int32_t input_length = 0;
  u_strFromUTF8(input.units.data(), static_cast<int32_t>(input.units.size()), &input_length,
                text.data(), static_cast<int32_t>(text.size()), &status);
  if (U_FAILURE(status)) return icu_failure("u_strFromUTF8", status);

  // NFKC can expand (U+FDFA becomes 18 code points); size by preflight, then normalise.
  Utf16Buffer normalised;
  const int32_t needed =
      unorm2_normalize(normalizer, input.units.data(), input_length, nullptr, 0, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) {
    return icu_failure("unorm2_normalize", status);
  }
  status = U_ZERO_ERROR;
  normalised.units.resize(static_cast<std::size_t>(needed) + 1);
  const int32_t normalised_length =
      unorm2_normalize(normalizer, input.units.data(), input_length, normalised.units.data(),
                       static_cast<int32_t>(normalised.units.size()), &status);
  if (U_FAILURE(status)) return icu_failure("unorm2_normalize", status);

  // UTF-16 -> UTF-8: at most 3 bytes per unit.
  std::string out(static_cast<std::size_t>(normalised_length) * 3, '\0');
  int32_t out_length = 0;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &out_length, normalised.units.data(),
              normalised_length, &status);
  if (U_FAILURE(status)) {
    wipe(out);
    return icu_failure("u_strToUTF8", status);
  }
  // Shrink in place (no reallocation, so no unwiped copy is left behind).
  out.resize(static_cast<std::size_t>(out_length));
  return SecretBuffer(std::move(out));
}

CharacterClasses classify(std::string_view text) noexcept {
  CharacterClasses classes;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::int32_t cp = next_code_point(text, pos);
    if (cp < 0) break;
    if (u_isalpha(cp)) classes.letter = true;
    if (u_isdigit(cp)) classes.digit = true;
  }
  return classes;
}

}  // namespace authkit::password
