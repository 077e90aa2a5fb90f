// Private: the rows of one statement, read column by column. Results arrive in binary
// format, so integers, booleans and times are decoded from their wire form rather than parsed
// from text whose shape depends on session settings (DateStyle, TimeZone).
#pragma once

#include <authkit/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "store/postgres/params.hpp"

struct pg_result;

namespace authkit::pg {

class Rows;

/// One row of a Rows; valid while the Rows lives.
class Row {
 public:
  Row(const Rows& rows, int index) noexcept : rows_(&rows), index_(index) {}

  // Columns (0-based).
  [[nodiscard]] bool is_null(int column) const noexcept;
  /// Text (decoded, see text_codec.hpp); NULL reads as empty.
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::optional<std::string> optional_text(int column) const;
  /// smallint, integer or bigint; NULL reads as 0.
  [[nodiscard]] std::int64_t integer(int column) const noexcept;
  /// boolean (or a nonzero integer); NULL reads as false.
  [[nodiscard]] bool boolean(int column) const noexcept;
  /// timestamptz or timestamp (taken as UTC). Errors: STORAGE_FAILURE for NULL or another
  /// type.
  [[nodiscard]] Result<TimePoint> time(int column) const;
  /// As time(), but NULL gives nullopt.
  [[nodiscard]] Result<std::optional<TimePoint>> optional_time(int column) const;

 private:
  const Rows* rows_;
  int index_;
};

/// The result of a statement that succeeded. Move-only; frees the libpq result.
class Rows {
 public:
  explicit Rows(pg_result* result) noexcept : result_(result) {}
  ~Rows();
  Rows(Rows&& other) noexcept;
  Rows& operator=(Rows&& other) noexcept;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  [[nodiscard]] int size() const noexcept;
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] Row row(int index) const noexcept { return Row(*this, index); }
  /// Rows inserted, updated or deleted by the statement.
  [[nodiscard]] std::size_t affected() const noexcept;
  [[nodiscard]] pg_result* handle() const noexcept { return result_; }

 private:
  pg_result* result_;
};

}  // namespace authkit::pg
