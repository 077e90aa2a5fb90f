// Result<T> and Result<void>.

// GCC 12 at -O2 reports -Wmaybe-uninitialized inside std::variant<T, Error>'s destructor once a
// whole test body is inlined (a libstdc++ variant false positive); the code under test is fine.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <authkit/result.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <type_traits>

namespace {

using authkit::Errc;
using authkit::Error;
using authkit::Result;

Result<int> parse_positive(int v) {
  if (v <= 0) return Error(Errc::invalid_argument).with_claim("v");
  return v;
}

Result<std::unique_ptr<int>> make_owned(int v) { return std::make_unique<int>(v); }

}  // namespace

TEST_CASE("Result<T> holds a value", "[core][result]") {
  Result<int> r = 42;
  REQUIRE(r.has_value());
  CHECK(static_cast<bool>(r));
  CHECK(r.value() == 42);
  CHECK(*r == 42);
  r.value() = 7;  // lvalue access is mutable
  CHECK(*r == 7);

  Result<std::string> s = std::string("abc");
  CHECK(s->size() == 3);
  const Result<std::string>& cs = s;
  CHECK(cs.value() == "abc");
  CHECK(cs->front() == 'a');
}

TEST_CASE("Result<T>::value() throws authkit::Exception carrying the Error", "[core][result]") {
  const Result<int> r = Error(Errc::jwt_expired, {}, "detail").with_claim("exp");
  REQUIRE_FALSE(r.has_value());
  CHECK_FALSE(static_cast<bool>(r));
  CHECK(r.error().code() == Errc::jwt_expired);
  CHECK(r.error().claim() == "exp");

  bool thrown = false;
  try {
    (void)r.value();
  } catch (const authkit::Exception& ex) {
    thrown = true;
    CHECK(ex.error().code() == Errc::jwt_expired);
    CHECK(ex.error().claim() == "exp");
    CHECK(ex.error().detail() == "detail");
  }
  CHECK(thrown);

  Result<std::string> moved_from = Error(Errc::not_found);
  CHECK_THROWS_AS(std::move(moved_from).value(), authkit::Exception);
}

TEST_CASE("Result<T>::value() && moves the value out", "[core][result]") {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  std::unique_ptr<int> p = std::move(r).value();
  REQUIRE(p != nullptr);
  CHECK(*p == 5);

  Result<std::unique_ptr<int>> e = Error(Errc::weak_key);
  Error taken = std::move(e).error();
  CHECK(taken.code() == Errc::weak_key);
}

TEST_CASE("Result<T>::value_or", "[core][result]") {
  const Result<int> ok = 3;
  const Result<int> bad = Error(Errc::not_found);
  CHECK(ok.value_or(9) == 3);
  CHECK(bad.value_or(9) == 9);
  const Result<std::string> bad_s = Error(Errc::not_found);
  CHECK(bad_s.value_or("fallback") == "fallback");
}

TEST_CASE("Result<T>::and_then chains and short-circuits", "[core][result]") {
  const Result<int> ok = 4;
  const auto doubled =
      ok.and_then([](int v) -> Result<std::string> { return std::to_string(v * 2); });
  static_assert(std::is_same_v<std::decay_t<decltype(doubled)>, Result<std::string>>);
  REQUIRE(doubled.has_value());
  CHECK(*doubled == "8");

  const auto failing =
      ok.and_then([](int) -> Result<std::string> { return Error(Errc::invalid_argument); });
  REQUIRE_FALSE(failing.has_value());
  CHECK(failing.error().code() == Errc::invalid_argument);

  int calls = 0;
  const Result<int> bad = Error(Errc::jwt_malformed).with_claim("x");
  const auto passed = bad.and_then([&](int v) -> Result<int> {
    ++calls;
    return v;
  });
  CHECK(calls == 0);
  REQUIRE_FALSE(passed.has_value());
  CHECK(passed.error().code() == Errc::jwt_malformed);
  CHECK(passed.error().claim() == "x");

  // The rvalue overload hands the value over by move (a move-only payload compiles).
  auto unwrapped =
      make_owned(11).and_then([](std::unique_ptr<int>&& p) -> Result<int> { return *p + 1; });
  CHECK(unwrapped.value() == 12);

  CHECK(parse_positive(5).and_then(parse_positive).value() == 5);
  CHECK(parse_positive(-1).and_then(parse_positive).error().code() == Errc::invalid_argument);
}

TEST_CASE("Result<T>::transform maps the value and passes errors", "[core][result]") {
  const Result<int> ok = 21;
  const auto mapped = ok.transform([](int v) { return v * 2.0; });
  static_assert(std::is_same_v<std::decay_t<decltype(mapped)>, Result<double>>);
  CHECK(mapped.value() == 42.0);

  int calls = 0;
  const Result<int> bad = Error(Errc::storage_failure);
  const auto passed = bad.transform([&](int v) {
    ++calls;
    return v;
  });
  CHECK(calls == 0);
  CHECK(passed.error().code() == Errc::storage_failure);
}

TEST_CASE("Result<T>::or_else recovers from errors only", "[core][result]") {
  const Result<int> bad = Error(Errc::not_found);
  const Result<int> recovered = bad.or_else([](const Error& e) -> Result<int> {
    return e.code() == Errc::not_found ? Result<int>(0) : Result<int>(e);
  });
  CHECK(recovered.value() == 0);

  const Result<int> rethrown =
      bad.or_else([](const Error&) -> Result<int> { return Error(Errc::internal_server_error); });
  CHECK(rethrown.error().code() == Errc::internal_server_error);

  int calls = 0;
  const Result<int> ok = 5;
  const Result<int> kept = ok.or_else([&](const Error&) -> Result<int> {
    ++calls;
    return 0;
  });
  CHECK(calls == 0);
  CHECK(kept.value() == 5);
}

TEST_CASE("Result<void> success and failure", "[core][result]") {
  const Result<void> ok;
  CHECK(ok.has_value());
  CHECK(static_cast<bool>(ok));
  CHECK_NOTHROW(ok.value());

  const Result<void> bad = Error(Errc::crypto_failure);
  CHECK_FALSE(bad.has_value());
  CHECK_FALSE(static_cast<bool>(bad));
  CHECK(bad.error().code() == Errc::crypto_failure);
  bool thrown = false;
  try {
    bad.value();
  } catch (const authkit::Exception& ex) {
    thrown = true;
    CHECK(ex.error().code() == Errc::crypto_failure);
  }
  CHECK(thrown);
}

TEST_CASE("Result<void>::and_then chains and short-circuits", "[core][result]") {
  int calls = 0;
  const Result<void> ok;
  const Result<int> chained = ok.and_then([&]() -> Result<int> {
    ++calls;
    return 7;
  });
  REQUIRE(chained.has_value());
  CHECK(*chained == 7);
  CHECK(calls == 1);

  const Result<void> bad = Error(Errc::storage_failure, {}, "down");
  const Result<void> skipped = bad.and_then([&]() -> Result<void> {
    ++calls;
    return {};
  });
  CHECK(calls == 1);
  REQUIRE_FALSE(skipped.has_value());
  CHECK(skipped.error().code() == Errc::storage_failure);
  CHECK(skipped.error().detail() == "down");
}

TEST_CASE("Result<void>::transform wraps the result and passes errors", "[core][result]") {
  const Result<void> ok;
  const Result<std::string> mapped = ok.transform([] { return std::string("done"); });
  REQUIRE(mapped.has_value());
  CHECK(*mapped == "done");
  int calls = 0;
  const Result<void> still_void = ok.transform([&] { ++calls; });
  CHECK(still_void.has_value());
  CHECK(calls == 1);

  const Result<void> bad = Error(Errc::not_found);
  const Result<int> passed = bad.transform([&] {
    ++calls;
    return 1;
  });
  CHECK(calls == 1);
  REQUIRE_FALSE(passed.has_value());
  CHECK(passed.error().code() == Errc::not_found);
}

TEST_CASE("Result<T>::transform with a void function gives Result<void>", "[core][result]") {
  int seen = 0;
  const Result<int> five = 5;
  const Result<void> done = five.transform([&](int n) { seen = n; });
  CHECK(done.has_value());
  CHECK(seen == 5);
  const Result<int> bad = Error(Errc::jwt_expired);
  const Result<void> failed = bad.transform([&](int n) { seen = n + 1; });
  CHECK(seen == 5);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().code() == Errc::jwt_expired);
}

TEST_CASE("Result<void>::or_else recovers from errors only", "[core][result]") {
  int calls = 0;
  const Result<void> bad = Error(Errc::not_found);
  const Result<void> recovered = bad.or_else([&](const Error& error) -> Result<void> {
    ++calls;
    CHECK(error.code() == Errc::not_found);
    return {};
  });
  CHECK(recovered.has_value());
  CHECK(calls == 1);
  const Result<void> rethrown =
      bad.or_else([](const Error&) -> Result<void> { return Error(Errc::storage_failure); });
  REQUIRE_FALSE(rethrown.has_value());
  CHECK(rethrown.error().code() == Errc::storage_failure);

  const Result<void> ok;
  const Result<void> untouched = ok.or_else([&](const Error&) -> Result<void> {
    ++calls;
    return Error(Errc::crypto_failure);
  });
  CHECK(untouched.has_value());
  CHECK(calls == 1);
}

TEST_CASE("Result types mirror std::expected's member types", "[core][result]") {
  static_assert(std::is_same_v<Result<int>::value_type, int>);
  static_assert(std::is_same_v<Result<int>::error_type, Error>);
  static_assert(std::is_same_v<Result<void>::value_type, void>);
  // No implicit conversion to bool (only explicit), so `int x = result;` cannot compile.
  static_assert(!std::is_convertible_v<Result<int>, bool>);
  static_assert(std::is_constructible_v<bool, Result<int>>);
  SUCCEED();
}
