// The private building blocks: strict UTF-8 + NFKC (normalize.hpp) and the PHC codec.
#include <string>
#include <vector>

#include "password/normalize.hpp"
#include "password/phc.hpp"
#include "unit/test_support.hpp"

namespace authkit::test {
namespace {

TEST_CASE("UTF-8 validation is strict and counts code points", "[password]") {
  using password::utf8_code_points;
  CHECK(utf8_code_points("") == 0U);
  CHECK(utf8_code_points("abc") == 3U);
  CHECK(utf8_code_points("caf\xC3\xA9") == 4U);
  CHECK(utf8_code_points("\xE2\x82\xAC") == 1U);          // €
  CHECK(utf8_code_points("\xF0\x9F\x90\xB4") == 1U);      // emoji
  CHECK(utf8_code_points("\xF4\x8F\xBF\xBF") == 1U);      // U+10FFFF
  CHECK(utf8_code_points(std::string("a\0b", 3)) == 3U);  // NUL is a code point
  for (const char* bad : {"\x80", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80",
                          "\xED\xBF\xBF", "\xF0\x80\x80\xAF", "\xF4\x90\x80\x80",
                          "\xF8\x88\x80\x80\x80", "\xFF", "\xE2\x82", "\xC3", "a\xC3(b"}) {
    INFO(bad);
    CHECK_FALSE(utf8_code_points(bad).has_value());
  }
}

TEST_CASE("nfkc() composes, folds compatibility forms and rejects bad UTF-8", "[password]") {
  const auto n = [](std::string_view s) {
    auto r = password::nfkc(s);
    REQUIRE(r.has_value());
    return std::string(r->view());
  };
  CHECK(n("plain ascii") == "plain ascii");
  CHECK(n("e\xCC\x81") == "\xC3\xA9");                 // NFD -> NFC
  CHECK(n("\xE2\x84\xAB") == "\xC3\x85");              // Angstrom sign -> Å
  CHECK(n("\xEF\xAC\x81") == "fi");                    // ligature
  CHECK(n("\xEF\xBC\xB0") == "P");                     // full-width
  CHECK(n("\xE2\x91\xA0") == "1");                     // circled one
  CHECK(n("\xF0\x9F\x90\xB4") == "\xF0\x9F\x90\xB4");  // emoji unchanged
  CHECK(code_of(password::nfkc("\xC0\xAF")) == Errc::invalid_argument);
}

TEST_CASE("classify() finds Unicode letters and digits", "[password]") {
  const auto c = password::classify("\xD0\xBF\xD9\xA3");  // Cyrillic п, Arabic-Indic 3
  CHECK(c.letter);
  CHECK(c.digit);
  CHECK_FALSE(password::classify("!!").letter);
  CHECK_FALSE(password::classify("abc").digit);
}

TEST_CASE("E2: PHC format and parse round-trip", "[password]") {
  const password::PhcHash hash{
      .params = {.memory_kib = 19456, .iterations = 2, .parallelism = 1},
      .pepper_id = "k-2026",
      .salt = std::vector<unsigned char>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255},
      .tag = std::vector<unsigned char>(32, 0xFB)};
  const std::string text = password::format_phc(hash);
  CHECK(text ==
        "$argon2id$v=19$m=19456,t=2,p=1,pepper=k-2026$AAECAwQFBgcICQoLDA0O/w$"
        "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s");
  const auto parsed = password::parse_phc(text);
  REQUIRE(parsed.has_value());
  CHECK(parsed->params == hash.params);
  CHECK(parsed->pepper_id == hash.pepper_id);
  CHECK(parsed->salt == hash.salt);
  CHECK(parsed->tag == hash.tag);
  // The extremes of the accepted salt and tag sizes.
  for (std::size_t salt : {8U, 64U}) {
    for (std::size_t tag : {16U, 64U}) {
      const password::PhcHash h{.params = {8, 1, 1},
                                .salt = std::vector<unsigned char>(salt, 7),
                                .tag = std::vector<unsigned char>(tag, 9)};
      CHECK(password::parse_phc(password::format_phc(h)).has_value());
    }
  }
  const password::PhcHash too_big{.params = {8, 1, 1},
                                  .salt = std::vector<unsigned char>(65, 7),
                                  .tag = std::vector<unsigned char>(16, 9)};
  CHECK_FALSE(password::parse_phc(password::format_phc(too_big)).has_value());
}

}  // namespace
}  // namespace authkit::test
