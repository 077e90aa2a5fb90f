#include "util/iso8601.hpp"

#include <cstdint>

namespace authkit::iso8601 {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::system_clock;

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

}  // namespace

std::string format(system_clock::time_point t) {
  const auto ms_total = std::chrono::floor<milliseconds>(t.time_since_epoch()).count();
  const std::int64_t min_ms = -62167219200000;  // 0000-01-01T00:00:00Z
  const std::int64_t max_ms = 253402300799999;  // 9999-12-31T23:59:59.999Z
  const std::int64_t clamped = ms_total < min_ms ? min_ms : (ms_total > max_ms ? max_ms : ms_total);
  // Kept in milliseconds: the clamping range does not fit system_clock's nanoseconds.
  const std::chrono::sys_time<milliseconds> tp{milliseconds(clamped)};
  const auto day_point = std::chrono::floor<days>(tp);
  const std::chrono::year_month_day ymd{day_point};
  const auto since_midnight = std::chrono::duration_cast<milliseconds>(tp - day_point).count();
  const int hour = static_cast<int>(since_midnight / 3600000);
  const int minute = static_cast<int>(since_midnight / 60000 % 60);
  const int second = static_cast<int>(since_midnight / 1000 % 60);
  const int milli = static_cast<int>(since_midnight % 1000);
  // Written digit by digit: snprintf cost ~3k instructions a call, and a get-session response
  // formats five times. Every field is in range after the clamping above.
  std::string out = "0000-00-00T00:00:00.000Z";
  const auto put = [&out](std::size_t end, unsigned value, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i, value /= 10)
      out[end - i] = static_cast<char>('0' + value % 10);
  };
  put(3, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  put(6, static_cast<unsigned>(ymd.month()), 2);
  put(9, static_cast<unsigned>(ymd.day()), 2);
  put(12, static_cast<unsigned>(hour), 2);
  put(15, static_cast<unsigned>(minute), 2);
  put(18, static_cast<unsigned>(second), 2);
  put(22, static_cast<unsigned>(milli), 3);
  return out;
}

std::optional<system_clock::time_point> parse(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || !read_digits(text, 0, 4, year) || text[4] != '-' ||
      !read_digits(text, 5, 2, month) || text[7] != '-' || !read_digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != ' ') || !read_digits(text, 11, 2, hour) || text[13] != ':' ||
      !read_digits(text, 14, 2, minute) || text[16] != ':' || !read_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (int d = digits; d < 3; ++d) millis *= 10;
  }
  const std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "+00:00") return std::nullopt;
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return system_clock::time_point{std::chrono::sys_days{ymd}.time_since_epoch() +
                                  std::chrono::hours{hour} + std::chrono::minutes{minute} +
                                  std::chrono::seconds{second} + milliseconds{millis}};
}

}  // namespace authkit::iso8601
