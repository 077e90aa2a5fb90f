// ISO-8601 UTC timestamps with milliseconds: how times are written to SQLite and to JSON.
#include <catch2/catch.hpp>

#include <chrono>

#include "util/iso8601.hpp"

namespace authkit::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

system_clock::time_point at_ms(std::int64_t ms) {
  return system_clock::time_point{milliseconds(ms)};
}

}  // namespace

TEST_CASE("iso8601::format writes fixed-width UTC with milliseconds", "[core]") {
  CHECK(iso8601::format(at_ms(0)) == "1970-01-01T00:00:00.000Z");
  CHECK(iso8601::format(at_ms(1795305016123)) == "2026-11-21T23:50:16.123Z");
  CHECK(iso8601::format(at_ms(951782400007)) == "2000-02-29T00:00:00.007Z");  // leap day
  CHECK(iso8601::format(at_ms(-1)) == "1969-12-31T23:59:59.999Z");
  // Sub-millisecond parts are dropped (floored), never rounded up into the next second.
  CHECK(iso8601::format(at_ms(1999) + std::chrono::microseconds(999)) ==
        "1970-01-01T00:00:01.999Z");
  // The ends of system_clock's (nanosecond) range.
  CHECK(iso8601::format(system_clock::time_point::max()) == "2262-04-11T23:47:16.854Z");
  CHECK(iso8601::format(system_clock::time_point::min()) == "1677-09-21T00:12:43.145Z");
}

TEST_CASE("iso8601::parse reads back what format writes", "[core]") {
  for (std::int64_t ms : {std::int64_t{0}, std::int64_t{1795305016123}, std::int64_t{-1},
                          std::int64_t{4102444800000}}) {
    const auto parsed = iso8601::parse(iso8601::format(at_ms(ms)));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == at_ms(ms));
  }
}

}  // namespace authkit::test
