// SignInThrottle: escalating per-account delays (F1), their formula and configuration.
#include <authkit/rate_limit.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "unit/rate_limit/fake_rate_limit_store.hpp"
#include "unit/test_support.hpp"

namespace {

using authkit::Errc;
using authkit::SignInThrottle;
using authkit::SignInThrottleOptions;
using authkit::test::code_of;
using authkit::test::FakeRateLimitStore;
using authkit::test::kOk;
using std::chrono::seconds;

constexpr std::string_view kAlice = "alice@example.com";
constexpr std::uint32_t kMaxFailures = std::numeric_limits<std::uint32_t>::max();
constexpr seconds kLongest{std::numeric_limits<seconds::rep>::max()};

struct Fixture {
  std::shared_ptr<FakeRateLimitStore> store = std::make_shared<FakeRateLimitStore>();
  std::shared_ptr<authkit::ManualClock> clock = authkit::test::clock_at();

  SignInThrottle throttle(SignInThrottleOptions options = {}) const {
    auto made = SignInThrottle::create(store, options, clock);
    REQUIRE(made.has_value());
    return *made;
  }
};

void fail_times(const SignInThrottle& throttle, std::string_view account, int n) {
  for (int i = 0; i < n; ++i) REQUIRE(throttle.record_failure(account).has_value());
}

// The retry_after of a refused check (fails the test if the check was allowed).
seconds refused_for(const SignInThrottle& throttle, std::string_view account) {
  const auto result = throttle.check(account);
  REQUIRE_FALSE(result.has_value());
  REQUIRE(result.error().code() == Errc::too_many_requests);
  return result.error().retry_after();
}

}  // namespace

TEST_CASE("F1: five failures are free, the sixth attempt waits out the delay", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  for (int i = 0; i < 5; ++i) {
    CHECK(code_of(throttle.check(kAlice)) == kOk);
    REQUIRE(throttle.record_failure(kAlice).has_value());
  }
  CHECK(refused_for(throttle, kAlice) == seconds(1));
  f.clock->advance(std::chrono::milliseconds(999));
  CHECK(refused_for(throttle, kAlice) == seconds(1));  // rounded up, never 0
  f.clock->advance(std::chrono::milliseconds(1));
  CHECK(code_of(throttle.check(kAlice)) == kOk);
  CHECK(code_of(throttle.check("bob@example.com")) == kOk);  // per account
}

TEST_CASE("F1: the delay doubles with each failure up to max_delay", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  fail_times(throttle, kAlice, 5);
  seconds expected(1);
  for (int failure = 6; failure <= 20; ++failure) {
    CAPTURE(failure);
    REQUIRE(throttle.record_failure(kAlice).has_value());
    expected = std::min(expected * 2, seconds(900));
    CHECK(refused_for(throttle, kAlice) == expected);
  }
  CHECK(expected == seconds(900));
}

TEST_CASE("F1: attempt 101 within the window is throttled", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  fail_times(throttle, kAlice, 100);
  CHECK(refused_for(throttle, kAlice) == seconds(900));
  f.clock->advance(seconds(600));
  CHECK(refused_for(throttle, kAlice) == seconds(300));
}

TEST_CASE("F1: never a permanent lock: after max_delay the account may try again", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  fail_times(throttle, kAlice, 100);
  f.clock->advance(seconds(900));
  CHECK(code_of(throttle.check(kAlice)) == kOk);
  // A further failure starts another full delay, not a lock.
  REQUIRE(throttle.record_failure(kAlice).has_value());
  CHECK(refused_for(throttle, kAlice) == seconds(900));
}

TEST_CASE("F1: a success clears the count", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  fail_times(throttle, kAlice, 8);
  REQUIRE(throttle.record_success(kAlice).has_value());
  CHECK(code_of(throttle.check(kAlice)) == kOk);
  fail_times(throttle, kAlice, 4);
  CHECK(code_of(throttle.check(kAlice)) == kOk);  // the count restarted from zero
}

TEST_CASE("F1: reset_after of quiet clears the count", "[rate_limit]") {
  Fixture f;
  SignInThrottleOptions options;
  options.reset_after = seconds(100);  // shorter than the 900 s delay, to tell them apart
  const auto throttle = f.throttle(options);
  fail_times(throttle, kAlice, 30);
  f.clock->advance(seconds(99));
  CHECK(refused_for(throttle, kAlice) == seconds(801));
  f.clock->advance(seconds(1));
  CHECK(code_of(throttle.check(kAlice)) == kOk);
  // The next failure counts from 1 again: reset_after reaches the store too.
  fail_times(throttle, kAlice, 1);
  auto record = f.store->find_failures("signin:alice@example.com");
  REQUIRE(record.has_value());
  REQUIRE(record->has_value());
  CHECK((*record)->count == 1);
  CHECK(code_of(throttle.check(kAlice)) == kOk);
}

TEST_CASE("delay_after: zero below free_failures, doubling, capped, no overflow", "[rate_limit]") {
  Fixture f;
  const auto defaults = f.throttle();
  CHECK(defaults.delay_after(0) == seconds(0));
  CHECK(defaults.delay_after(4) == seconds(0));
  CHECK(defaults.delay_after(5) == seconds(1));
  CHECK(defaults.delay_after(6) == seconds(2));
  CHECK(defaults.delay_after(14) == seconds(512));
  CHECK(defaults.delay_after(15) == seconds(900));
  CHECK(defaults.delay_after(100) == seconds(900));
  CHECK(defaults.delay_after(5 + 62) == seconds(900));
  CHECK(defaults.delay_after(5 + 63) == seconds(900));
  CHECK(defaults.delay_after(kMaxFailures) == seconds(900));

  SignInThrottleOptions huge;
  huge.free_failures = 0;
  huge.base_delay = seconds(3);
  huge.max_delay = kLongest;
  const auto wide = f.throttle(huge);
  CHECK(wide.delay_after(0) == seconds(3));
  CHECK(wide.delay_after(10) == seconds(3 * 1024));
  CHECK(wide.delay_after(61) == seconds(std::int64_t{3} << 61));  // the largest that fits
  CHECK(wide.delay_after(62) == kLongest);                        // 3 * 2^62 would overflow
  CHECK(wide.delay_after(kMaxFailures) == kLongest);
}

TEST_CASE("a disabled throttle allows everything and records nothing", "[rate_limit]") {
  Fixture f;
  SignInThrottleOptions options;
  options.enabled = false;
  const auto throttle = f.throttle(options);
  fail_times(throttle, kAlice, 50);
  CHECK(code_of(throttle.check(kAlice)) == kOk);
  auto record = f.store->find_failures("signin:alice@example.com");
  REQUIRE(record.has_value());
  CHECK_FALSE(record->has_value());
}

TEST_CASE("failures are stored under signin:<account>", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  fail_times(throttle, kAlice, 2);
  auto record = f.store->find_failures("signin:alice@example.com");
  REQUIRE(record.has_value());
  REQUIRE(record->has_value());
  CHECK((*record)->count == 2);
  REQUIRE(throttle.record_success(kAlice).has_value());
  record = f.store->find_failures("signin:alice@example.com");
  REQUIRE(record.has_value());
  CHECK_FALSE(record->has_value());
}

TEST_CASE("throttle store failures are reported as STORAGE_FAILURE", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  f.store->set_failing(true);
  CHECK(code_of(throttle.check(kAlice)) == Errc::storage_failure);
  CHECK(code_of(throttle.record_failure(kAlice)) == Errc::storage_failure);
  CHECK(code_of(throttle.record_success(kAlice)) == Errc::storage_failure);
}

TEST_CASE("SignInThrottle::create rejects unusable configurations", "[rate_limit]") {
  Fixture f;
  auto outcome = [&f](SignInThrottleOptions options) {
    return code_of(SignInThrottle::create(f.store, options, f.clock));
  };
  CHECK(code_of(SignInThrottle::create(nullptr)) == Errc::invalid_configuration);
  SignInThrottleOptions no_base;
  no_base.base_delay = seconds(0);
  CHECK(outcome(no_base) == Errc::invalid_configuration);
  SignInThrottleOptions inverted;
  inverted.base_delay = seconds(10);
  inverted.max_delay = seconds(9);
  CHECK(outcome(inverted) == Errc::invalid_configuration);
  SignInThrottleOptions equal;
  equal.base_delay = seconds(10);
  equal.max_delay = seconds(10);
  CHECK(outcome(equal) == kOk);
}
