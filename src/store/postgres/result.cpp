#include "store/postgres/result.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <utility>

#include "store/postgres/text_codec.hpp"

namespace authkit::pg {

namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat), stable across versions; the server
// headers that name them are not part of libpq-dev.
constexpr Oid kBoolOid = 16;
constexpr Oid kTimestampOid = 1114;
constexpr Oid kTimestamptzOid = 1184;

std::int64_t read_big_endian(const char* data, int length) noexcept {
  std::uint64_t value = 0;
  for (int i = 0; i < length; ++i) value = (value << 8) | static_cast<std::uint8_t>(data[i]);
  // Sign-extend values shorter than 8 bytes (smallint, integer).
  if (length > 0 && length < 8) {
    const std::uint64_t sign = std::uint64_t{1} << (length * 8 - 1);
    value = (value ^ sign) - sign;
  }
  return static_cast<std::int64_t>(value);
}

}  // namespace

Rows::~Rows() { PQclear(result_); }

Rows::Rows(Rows&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

Rows& Rows::operator=(Rows&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

int Rows::size() const noexcept { return result_ ? PQntuples(result_) : 0; }

std::size_t Rows::affected() const noexcept {
  const char* text = result_ ? PQcmdTuples(result_) : "";
  std::size_t count = 0;
  const char* end = text + std::char_traits<char>::length(text);
  (void)std::from_chars(text, end, count);
  return count;
}

bool Row::is_null(int column) const noexcept {
  return PQgetisnull(rows_->handle(), index_, column) != 0;
}

std::string Row::text(int column) const {
  if (is_null(column)) return {};
  const char* data = PQgetvalue(rows_->handle(), index_, column);
  const int length = PQgetlength(rows_->handle(), index_, column);
  return decode_text(std::string_view(data, static_cast<std::size_t>(length)));
}

std::optional<std::string> Row::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::int64_t Row::integer(int column) const noexcept {
  if (is_null(column)) return 0;
  const int length = PQgetlength(rows_->handle(), index_, column);
  if (length != 1 && length != 2 && length != 4 && length != 8) return 0;
  return read_big_endian(PQgetvalue(rows_->handle(), index_, column), length);
}

bool Row::boolean(int column) const noexcept {
  if (is_null(column)) return false;
  if (PQftype(rows_->handle(), column) == kBoolOid) {
    return PQgetlength(rows_->handle(), index_, column) == 1 &&
           PQgetvalue(rows_->handle(), index_, column)[0] != 0;
  }
  return integer(column) != 0;
}

Result<TimePoint> Row::time(int column) const {
  const Oid type = PQftype(rows_->handle(), column);
  if (!is_null(column) && (type == kTimestamptzOid || type == kTimestampOid) &&
      PQgetlength(rows_->handle(), index_, column) == 8) {
    return from_pg_micros(read_big_endian(PQgetvalue(rows_->handle(), index_, column), 8));
  }
  const char* name = PQfname(rows_->handle(), column);
  return Error(Errc::storage_failure, {},
               std::string("unreadable timestamp in column ") + (name ? name : "?"));
}

Result<std::optional<TimePoint>> Row::optional_time(int column) const {
  if (is_null(column)) return std::optional<TimePoint>{};
  auto t = time(column);
  if (!t) return t.error();
  return std::optional<TimePoint>{*t};
}

}  // namespace authkit::pg
