#include "store/postgres/params.hpp"

#include <limits>
#include <utility>

#include "store/postgres/text_codec.hpp"

namespace authkit::pg {

namespace {

constexpr int kTextFormat = 0;
constexpr int kBinaryFormat = 1;
// 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds.
constexpr std::int64_t kPgEpochMs = 946'684'800'000;

std::string big_endian(std::uint64_t value, int bytes) {
  std::string out(static_cast<std::size_t>(bytes), '\0');
  for (int i = bytes - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  return out;
}

}  // namespace

std::int64_t to_epoch_ms(TimePoint t) noexcept {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_epoch_ms(std::int64_t ms) noexcept {
  return TimePoint{std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds{ms})};
}

std::int64_t to_pg_micros(TimePoint t) noexcept {
  // Whole milliseconds, as SqliteStore keeps them; a system_clock time is within ±292 years of
  // 1970, so neither the subtraction nor the scaling can overflow.
  return (to_epoch_ms(t) - kPgEpochMs) * 1000;
}

TimePoint from_pg_micros(std::int64_t micros) noexcept {
  // 'infinity' and '-infinity' are the extreme values; so is anything system_clock cannot
  // represent.
  using std::chrono::microseconds;
  constexpr auto kMax =
      std::chrono::duration_cast<microseconds>(TimePoint::max().time_since_epoch());
  constexpr auto kMin =
      std::chrono::duration_cast<microseconds>(TimePoint::min().time_since_epoch());
  constexpr std::int64_t kEpochMicros = kPgEpochMs * 1000;
  if (micros > kMax.count() - kEpochMicros) return TimePoint::max();
  if (micros < kMin.count() - kEpochMicros) return TimePoint::min();
  return TimePoint{
      std::chrono::duration_cast<TimePoint::duration>(microseconds{micros + kEpochMicros})};
}

Params& Params::add(std::string bytes, int format) {
  lengths_.push_back(static_cast<int>(bytes.size()));
  formats_.push_back(format);
  values_.emplace_back(std::move(bytes));
  return *this;
}

Params& Params::text(std::string_view value) { return add(encode_text(value), kTextFormat); }

Params& Params::text(const std::optional<std::string>& value) {
  return value ? text(std::string_view(*value)) : null();
}

Params& Params::text(std::optional<std::string_view> value) {
  return value ? text(*value) : null();
}

Params& Params::integer(std::int64_t value) {
  return add(big_endian(static_cast<std::uint64_t>(value), 8), kBinaryFormat);
}

Params& Params::boolean(bool value) {
  return add(std::string(1, value ? '\1' : '\0'), kBinaryFormat);
}

Params& Params::time(TimePoint value) {
  return add(big_endian(static_cast<std::uint64_t>(to_pg_micros(value)), 8), kBinaryFormat);
}

Params& Params::null() {
  lengths_.push_back(0);
  formats_.push_back(kTextFormat);
  values_.emplace_back(std::nullopt);
  return *this;
}

const char* const* Params::values() const {
  pointers_.clear();
  for (const auto& value : values_) pointers_.push_back(value ? value->c_str() : nullptr);
  return pointers_.data();
}

}  // namespace authkit::pg
