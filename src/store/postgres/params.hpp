// Private: the values of one statement, sent apart from its SQL (never spliced into it).
//
// Text goes in libpq's text format (escaped by text_codec so that any bytes fit); integers,
// booleans and times go in binary, which needs no formatting or parsing on either side. A
// binary value is only read correctly as the type it was encoded for, so the SQL casts every
// such parameter explicitly ($n::bigint, $n::boolean, $n::timestamptz) rather than relying on
// the server's inference.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit::pg {

using TimePoint = std::chrono::system_clock::time_point;

/// The parameters $1, $2, ... in order. Not thread-safe; one per call.
class Params {
 public:
  Params& text(std::string_view value);
  Params& text(const std::string& value) { return text(std::string_view(value)); }
  Params& text(const std::optional<std::string>& value);
  Params& text(std::optional<std::string_view> value);
  /// Deleted: a string literal would otherwise convert to bool, not to string_view.
  Params& text(const char* value) = delete;
  /// A bigint ($n::bigint).
  Params& integer(std::int64_t value);
  /// A boolean ($n::boolean).
  Params& boolean(bool value);
  /// A timestamptz ($n::timestamptz), truncated to whole milliseconds as every store keeps it.
  Params& time(TimePoint value);
  Params& null();

  [[nodiscard]] int size() const noexcept { return static_cast<int>(values_.size()); }
  // libpq's parallel arrays, valid until the next change.
  [[nodiscard]] const char* const* values() const;
  [[nodiscard]] const int* lengths() const noexcept { return lengths_.data(); }
  [[nodiscard]] const int* formats() const noexcept { return formats_.data(); }

 private:
  Params& add(std::string bytes, int format);

  std::vector<std::optional<std::string>> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  mutable std::vector<const char*> pointers_;
};

/// Epoch milliseconds of `t` (the bigint times of "rateLimit" and "signInFailure").
[[nodiscard]] std::int64_t to_epoch_ms(TimePoint t) noexcept;
/// The time `ms` epoch milliseconds.
[[nodiscard]] TimePoint from_epoch_ms(std::int64_t ms) noexcept;

/// PostgreSQL's binary timestamp: microseconds since 2000-01-01 00:00:00 UTC.
[[nodiscard]] std::int64_t to_pg_micros(TimePoint t) noexcept;
[[nodiscard]] TimePoint from_pg_micros(std::int64_t micros) noexcept;

}  // namespace authkit::pg
