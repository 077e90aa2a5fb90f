// util/ascii.hpp and util/hex.hpp's digit_value: the one ASCII classification and hex digit
// decoder that json, url, hex and the JOSE code share. Checked over every byte, so no locale
// or signed-char surprise can hide.
#include <catch2/catch.hpp>

#include "util/ascii.hpp"
#include "util/hex.hpp"

#include <string>

using namespace authkit;

TEST_CASE("ascii: is_alnum and lower touch only ASCII letters and digits", "[core]") {
  int alnum = 0;
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    INFO("byte " << b);
    const bool letter = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    const bool digit = b >= '0' && b <= '9';
    CHECK(ascii::is_alnum(c) == (letter || digit));
    alnum += ascii::is_alnum(c) ? 1 : 0;
    CHECK(ascii::lower(c) == ((b >= 'A' && b <= 'Z') ? static_cast<char>(b + 32) : c));
  }
  CHECK(alnum == 62);
  CHECK(ascii::iequal("Application/JWT", "application/jwt"));
  CHECK_FALSE(ascii::iequal("+", "\v"));       // a bitwise `| 0x20` fold would equate these
  CHECK_FALSE(ascii::iequal("\xC9", "\xE9"));  // Latin-1 É/é: not ASCII, not folded
  CHECK_FALSE(ascii::iequal("ab", "abc"));
}

TEST_CASE("hex: digit_value decodes both cases and refuses everything else", "[core]") {
  int digits = 0;
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    INFO("byte " << b);
    int want = -1;
    if (b >= '0' && b <= '9') want = b - '0';
    if (b >= 'a' && b <= 'f') want = b - 'a' + 10;
    if (b >= 'A' && b <= 'F') want = b - 'A' + 10;
    CHECK(hex::digit_value(c) == want);
    digits += want >= 0 ? 1 : 0;
  }
  CHECK(digits == 22);
  static_assert(hex::digit_value('f') == 15 && hex::digit_value('G') == -1);
}
