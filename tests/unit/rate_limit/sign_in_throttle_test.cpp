// SignInThrottle: escalating per-account delays counted atomically before the password check
// (F1), their formula and configuration.
#include <atomic>
#include <authkit/rate_limit.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <thread>
#include <vector>

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

// Makes `n` attempts that are allowed, waiting out each delay first (as a patient attacker
// would), so that every one of them is counted.
void attempt_times(const SignInThrottle& throttle, authkit::ManualClock& clock,
                   std::string_view account, int n) {
  for (int i = 0; i < n; ++i) {
    auto result = throttle.begin_attempt(account);
    if (!result && result.error().code() == Errc::too_many_requests) {
      clock.advance(result.error().retry_after());
      result = throttle.begin_attempt(account);
    }
    REQUIRE(result.has_value());
  }
}

// The retry_after of a refused attempt (fails the test if the attempt was allowed).
seconds refused_for(const SignInThrottle& throttle, std::string_view account) {
  const auto result = throttle.begin_attempt(account);
  REQUIRE_FALSE(result.has_value());
  REQUIRE(result.error().code() == Errc::too_many_requests);
  return result.error().retry_after();
}

// The count stored for `account`, 0 if none.
std::uint32_t stored_count(const Fixture& f, std::string_view account) {
  auto record = f.store->find_failures("signin:" + std::string(account));
  REQUIRE(record.has_value());
  return record->has_value() ? (*record)->count : 0;
}

}  // namespace

TEST_CASE("F1: five attempts are free, the sixth waits out the delay", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  for (int i = 0; i < 5; ++i) CHECK(code_of(throttle.begin_attempt(kAlice)) == kOk);
  CHECK(refused_for(throttle, kAlice) == seconds(1));
  f.clock->advance(std::chrono::milliseconds(999));
  CHECK(refused_for(throttle, kAlice) == seconds(1));  // rounded up, never 0
  CHECK(stored_count(f, kAlice) == 5);                 // refused attempts are not counted
  f.clock->advance(std::chrono::milliseconds(1));
  CHECK(code_of(throttle.begin_attempt(kAlice)) == kOk);
  CHECK(stored_count(f, kAlice) == 6);
  CHECK(code_of(throttle.begin_attempt("bob@example.com")) == kOk);  // per account
}

TEST_CASE("F1: the delay doubles with each attempt up to max_delay", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  attempt_times(throttle, *f.clock, kAlice, 5);
  seconds expected(1);
  for (int attempt = 6; attempt <= 20; ++attempt) {
    CAPTURE(attempt);
    CHECK(refused_for(throttle, kAlice) == expected);
    f.clock->advance(expected);
    REQUIRE(code_of(throttle.begin_attempt(kAlice)) == kOk);
    expected = std::min(expected * 2, seconds(900));
  }
  CHECK(expected == seconds(900));
  CHECK(refused_for(throttle, kAlice) == seconds(900));
}

TEST_CASE("F1: attempt 101 within the window is throttled", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  attempt_times(throttle, *f.clock, kAlice, 100);
  CHECK(stored_count(f, kAlice) == 100);
  CHECK(refused_for(throttle, kAlice) == seconds(900));
  f.clock->advance(seconds(600));
  CHECK(refused_for(throttle, kAlice) == seconds(300));
}

TEST_CASE("F1: concurrent attempts after a delay: exactly one is counted and allowed",
          "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  attempt_times(throttle, *f.clock, kAlice, 10);
  f.clock->advance(throttle.delay_after(10));  // the delay has just elapsed
  constexpr int kThreads = 16;
  std::atomic<int> allowed{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      const auto code = code_of(throttle.begin_attempt(kAlice));
      if (code == kOk) ++allowed;
      if (code == Errc::too_many_requests) ++refused;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(allowed.load() == 1);
  CHECK(refused.load() == kThreads - 1);
  CHECK(stored_count(f, kAlice) == 11);
}

TEST_CASE("F1: never a permanent lock: after max_delay the account may try again", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  attempt_times(throttle, *f.clock, kAlice, 100);
  f.clock->advance(seconds(900));
  CHECK(code_of(throttle.begin_attempt(kAlice)) == kOk);
  // That attempt counted: another full delay follows, not a lock.
  CHECK(refused_for(throttle, kAlice) == seconds(900));
}

TEST_CASE("F1: a success clears the count", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  attempt_times(throttle, *f.clock, kAlice, 8);
  REQUIRE(throttle.record_success(kAlice).has_value());
  CHECK(stored_count(f, kAlice) == 0);
  // The count restarted from zero: five free attempts again, without waiting.
  for (int i = 0; i < 5; ++i) CHECK(code_of(throttle.begin_attempt(kAlice)) == kOk);
  CHECK(refused_for(throttle, kAlice) == seconds(1));
}

TEST_CASE("F1: reset_after of quiet clears the count", "[rate_limit]") {
  Fixture f;
  SignInThrottleOptions options;
  options.reset_after = seconds(100);  // shorter than the later delays, to tell them apart
  const auto throttle = f.throttle(options);
  // Attempt 12 comes 64 s after attempt 11, still within reset_after.
  attempt_times(throttle, *f.clock, kAlice, 12);
  REQUIRE(throttle.delay_after(12) == seconds(128));
  f.clock->advance(seconds(99));
  CHECK(refused_for(throttle, kAlice) == seconds(29));
  f.clock->advance(seconds(1));
  CHECK(code_of(throttle.begin_attempt(kAlice)) == kOk);
  // That attempt counted from 1 again: reset_after reaches the store.
  CHECK(stored_count(f, kAlice) == 1);
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

TEST_CASE("a delay as long as seconds can hold neither overflows nor wraps", "[rate_limit]") {
  Fixture f;
  SignInThrottleOptions options;
  options.free_failures = 1;
  options.base_delay = kLongest;
  options.max_delay = kLongest;
  options.reset_after = kLongest;
  const auto throttle = f.throttle(options);
  REQUIRE(code_of(throttle.begin_attempt(kAlice)) == kOk);
  CHECK(refused_for(throttle, kAlice) == kLongest);
}

TEST_CASE("a disabled throttle allows everything and records nothing", "[rate_limit]") {
  Fixture f;
  SignInThrottleOptions options;
  options.enabled = false;
  const auto throttle = f.throttle(options);
  for (int i = 0; i < 50; ++i) REQUIRE(code_of(throttle.begin_attempt(kAlice)) == kOk);
  CHECK(stored_count(f, kAlice) == 0);
  f.store->set_failing(true);  // not even asked
  CHECK(code_of(throttle.begin_attempt(kAlice)) == kOk);
  CHECK(code_of(throttle.record_success(kAlice)) == kOk);
}

TEST_CASE("attempts are stored under signin:<account>", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  attempt_times(throttle, *f.clock, kAlice, 2);
  auto record = f.store->find_failures("signin:alice@example.com");
  REQUIRE(record.has_value());
  REQUIRE(record->has_value());
  CHECK((*record)->count == 2);
  CHECK((*record)->last_failure == f.clock->now());
  REQUIRE(throttle.record_success(kAlice).has_value());
  record = f.store->find_failures("signin:alice@example.com");
  REQUIRE(record.has_value());
  CHECK_FALSE(record->has_value());
}

TEST_CASE("throttle store failures are reported as STORAGE_FAILURE", "[rate_limit]") {
  Fixture f;
  const auto throttle = f.throttle();
  f.store->set_failing(true);
  CHECK(code_of(throttle.begin_attempt(kAlice)) == Errc::storage_failure);
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
