// authkit/result.hpp: Result<T>, a std::expected<T, Error>-shaped return type.
//
// Thread safety: a Result is a value; distinct objects may be used from any thread, and
// const access to one object from several threads is safe.
#pragma once

#include <authkit/error.hpp>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace authkit {

template <class T>
class Result;
/// Declared before Result<T>'s definition, whose transform() may make one.
template <>
class Result<void>;

/// Either a value of type T or an Error. Member names follow C++23 std::expected so that
/// migrating to it later is a typedef. Marked [[nodiscard]]: ignoring a Result is a bug.
template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = Error;

  /// A success holding `value`.
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT implicit
  /// A failure holding `error`.
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

  /// True when a value is held.
  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value. Throws authkit::Exception carrying the error when there is none.
  T& value() & {
    throw_if_error();
    return std::get<0>(state_);
  }
  const T& value() const& {
    throw_if_error();
    return std::get<0>(state_);
  }
  T&& value() && {
    throw_if_error();
    return std::get<0>(std::move(state_));
  }

  /// The error. Precondition: !has_value().
  [[nodiscard]] const Error& error() const& { return std::get<1>(state_); }
  [[nodiscard]] Error&& error() && { return std::get<1>(std::move(state_)); }

  /// Unchecked access. Precondition: has_value().
  T& operator*() & { return std::get<0>(state_); }
  const T& operator*() const& { return std::get<0>(state_); }
  T&& operator*() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }

  /// The value, or `fallback` on error.
  template <class U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

  /// Calls f(value) -> Result<U> on success; passes the error through otherwise.
  template <class F>
  auto and_then(F&& f) const& -> std::invoke_result_t<F, const T&> {
    if (has_value()) return std::forward<F>(f)(std::get<0>(state_));
    return std::get<1>(state_);
  }
  template <class F>
  auto and_then(F&& f) && -> std::invoke_result_t<F, T&&> {
    if (has_value()) return std::forward<F>(f)(std::get<0>(std::move(state_)));
    return std::get<1>(std::move(state_));
  }

  /// Calls f(value) -> U on success and wraps it (U may be void); passes the error through
  /// otherwise.
  template <class F>
  auto transform(F&& f) const& -> Result<std::invoke_result_t<F, const T&>> {
    using U = std::invoke_result_t<F, const T&>;
    if (!has_value()) return std::get<1>(state_);
    if constexpr (std::is_void_v<U>) {
      std::forward<F>(f)(std::get<0>(state_));
      return Result<void>();
    } else {
      return std::forward<F>(f)(std::get<0>(state_));
    }
  }

  /// Calls f(error) -> Result<T> on failure; passes the value through otherwise.
  template <class F>
  Result or_else(F&& f) const& {
    if (has_value()) return *this;
    return std::forward<F>(f)(std::get<1>(state_));
  }

 private:
  void throw_if_error() const {
    if (!has_value()) throw Exception(std::get<1>(state_));
  }
  std::variant<T, Error> state_;
};

/// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  using error_type = Error;

  /// A success.
  Result() = default;
  /// A failure holding `error`.
  Result(Error error) : error_(std::move(error)) {}  // NOLINT implicit

  [[nodiscard]] bool has_value() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  /// Throws authkit::Exception carrying the error when this is a failure.
  void value() const {
    if (error_) throw Exception(*error_);
  }
  /// The error. Precondition: !has_value().
  [[nodiscard]] const Error& error() const& { return *error_; }

  /// Calls f() -> Result<U> on success; passes the error through otherwise.
  template <class F>
  auto and_then(F&& f) const -> std::invoke_result_t<F> {
    if (has_value()) return std::forward<F>(f)();
    return *error_;
  }

  /// Calls f() -> U on success and wraps it (U may be void); passes the error through
  /// otherwise.
  template <class F>
  auto transform(F&& f) const -> Result<std::invoke_result_t<F>> {
    using U = std::invoke_result_t<F>;
    if (!has_value()) return *error_;
    if constexpr (std::is_void_v<U>) {
      std::forward<F>(f)();
      return Result<void>();
    } else {
      return std::forward<F>(f)();
    }
  }

  /// Calls f(error) -> Result<void> on failure; passes the success through otherwise.
  template <class F>
  Result or_else(F&& f) const {
    if (has_value()) return *this;
    return std::forward<F>(f)(*error_);
  }

 private:
  std::optional<Error> error_;
};

}  // namespace authkit
