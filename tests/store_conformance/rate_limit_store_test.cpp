// Store conformance: RateLimitStore (windows and failure records), run on every registered
// store.
#include <limits>
#include <set>

#include "conformance.hpp"

namespace authkit::testing::conformance {

namespace {

RateLimitDecision hit(StoreUnderTest& f, std::string_view key, std::uint32_t max,
                      milliseconds window, TimePoint now) {
  auto r = f.store->hit(key, max, window, now);
  REQUIRE(r.has_value());
  return *r;
}

std::optional<FailureRecord> failures(StoreUnderTest& f, std::string_view key) {
  auto r = f.store->find_failures(key);
  REQUIRE(r.has_value());
  return *r;
}

// A delay rule for begin_attempt(): none before `free` attempts, then `delay`.
struct DelayRule {
  std::uint32_t free = 2;
  seconds delay{20};
  seconds operator()(std::uint32_t count) const { return count < free ? seconds{0} : delay; }
};

RateLimitDecision attempt(StoreUnderTest& f, std::string_view key, TimePoint now,
                          DelayRule rule = {}, seconds reset_after = seconds{3600}) {
  auto r = f.store->begin_attempt(key, now, reset_after, rule);
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

STORE_CASE("RateLimitStore: begin_attempt counts, then denies for the rest of the delay") {
  // Two attempts are free (delay_after(0) and (1) are zero), both counted.
  for (std::uint32_t i = 1; i <= 2; ++i) {
    const RateLimitDecision d = attempt(f, "signin:a", at());
    CHECK(d.allowed);
    CHECK(d.count == i);
    CHECK(d.retry_after == seconds{0});
  }
  // delay_after(2) = 20 s from the last attempt; partial seconds round up, never to 0.
  RateLimitDecision denied = attempt(f, "signin:a", at(milliseconds{1}));
  CHECK_FALSE(denied.allowed);
  CHECK(denied.count == 2);
  CHECK(denied.retry_after == seconds{20});
  CHECK(attempt(f, "signin:a", at(seconds{19} + milliseconds{1})).retry_after == seconds{1});
  denied = attempt(f, "signin:a", at(seconds{20} - milliseconds{1}));
  CHECK_FALSE(denied.allowed);
  CHECK(denied.retry_after == seconds{1});
  // Denied attempts are not counted and do not move the last entry.
  auto record = failures(f, "signin:a");
  REQUIRE(record.has_value());
  CHECK(record->count == 2);
  CHECK(record->last_failure == at());
  // Exactly when the delay ends: allowed, counted, and the next delay runs from now.
  const RateLimitDecision allowed = attempt(f, "signin:a", at(seconds{20}));
  CHECK(allowed.allowed);
  CHECK(allowed.count == 3);
  CHECK(attempt(f, "signin:a", at(seconds{39})).retry_after == seconds{1});
  CHECK(attempt(f, "signin:a", at(seconds{40})).count == 4);
  // Keys are independent; clear_failures() forgets the attempts.
  CHECK(attempt(f, "signin:b", at(seconds{40})).count == 1);
  REQUIRE(code_of(f.store->clear_failures("signin:a")) == kOk);
  CHECK(attempt(f, "signin:a", at(seconds{40})).count == 1);
}

STORE_CASE("RateLimitStore: begin_attempt asks delay_after for the current count") {
  std::vector<std::uint32_t> asked;
  const auto delay_after = [&asked](std::uint32_t count) {
    asked.push_back(count);
    return seconds{count};
  };
  for (int i = 1; i <= 3; ++i) {
    auto r = f.store->begin_attempt("k", at(seconds{10 * i}), seconds{3600}, delay_after);
    REQUIRE(r.has_value());
    CHECK(r->allowed);
  }
  auto denied = f.store->begin_attempt("k", at(seconds{31}), seconds{3600}, delay_after);
  REQUIRE(denied.has_value());
  CHECK_FALSE(denied->allowed);
  CHECK(denied->retry_after == seconds{2});  // delay_after(3) = 3 s from +30 s
  // Asked for the count before each attempt; never for 0 (no record, nothing to wait for).
  CHECK(std::set<std::uint32_t>(asked.begin(), asked.end()) == std::set<std::uint32_t>{1, 2, 3});
  CHECK(asked.back() == 3);
}

STORE_CASE("RateLimitStore: begin_attempt ignores a record reset_after old") {
  const seconds reset{100};
  const DelayRule long_delay{1, seconds{500}};  // longer than reset_after, to tell them apart
  REQUIRE(attempt(f, "signin:a", at(), long_delay, reset).allowed);
  const RateLimitDecision denied = attempt(f, "signin:a", at(seconds{99}), long_delay, reset);
  CHECK_FALSE(denied.allowed);
  CHECK(denied.retry_after == seconds{401});
  // reset_after of quiet: the record is ignored and counting starts again from 1.
  const RateLimitDecision fresh = attempt(f, "signin:a", at(seconds{100}), long_delay, reset);
  CHECK(fresh.allowed);
  CHECK(fresh.count == 1);
  auto record = failures(f, "signin:a");
  REQUIRE(record.has_value());
  CHECK(record->count == 1);
  CHECK(record->last_failure == at(seconds{100}));
}

STORE_CASE("K3: a wall clock stepping back never locks a key for the whole step") {
  const DelayRule rule{1, seconds{60}};
  REQUIRE(attempt(f, "signin:a", at(seconds{1000}), rule).allowed);
  // The clock steps back 10 minutes: denied for one delay from now, not 11 minutes, and not
  // allowed either (a step back must not hand out an extra attempt).
  const RateLimitDecision stepped = attempt(f, "signin:a", at(seconds{400}), rule);
  CHECK_FALSE(stepped.allowed);
  CHECK(stepped.count == 1);
  CHECK(stepped.retry_after == seconds{60});
  CHECK(attempt(f, "signin:a", at(seconds{459}), rule).retry_after == seconds{1});
  const RateLimitDecision allowed = attempt(f, "signin:a", at(seconds{460}), rule);
  CHECK(allowed.allowed);
  CHECK(allowed.count == 2);
  // Without a delay due, a step back simply counts the attempt.
  REQUIRE(attempt(f, "signin:free", at(seconds{1000})).allowed);
  CHECK(attempt(f, "signin:free", at(seconds{400})).count == 2);

  // A window that starts after now is over: a new one starts instead of denying for 10 min.
  const milliseconds window{10'000};
  REQUIRE(hit(f, "rl:x|/p", 1, window, at(seconds{1000})).allowed);
  REQUIRE_FALSE(hit(f, "rl:x|/p", 1, window, at(seconds{1000})).allowed);
  const RateLimitDecision restarted = hit(f, "rl:x|/p", 1, window, at(seconds{400}));
  CHECK(restarted.allowed);
  CHECK(restarted.count == 1);
  CHECK(hit(f, "rl:x|/p", 1, window, at(seconds{401})).retry_after == seconds{9});
}

STORE_CASE("RateLimitStore: begin_attempt handles the longest delay without overflow") {
  constexpr seconds kLongest{std::numeric_limits<seconds::rep>::max()};
  const DelayRule forever{1, kLongest};
  REQUIRE(attempt(f, "signin:a", at(), forever, kLongest).allowed);
  const RateLimitDecision denied = attempt(f, "signin:a", at(seconds{1}), forever, kLongest);
  CHECK_FALSE(denied.allowed);
  CHECK(denied.retry_after == kLongest - seconds{1});
}

STORE_CASE("F1/F4: 16 threads begin an attempt on a gated key at once, exactly one is allowed") {
  const DelayRule rule{1, seconds{10}};
  REQUIRE(attempt(f, "signin:victim", at(), rule).allowed);
  // The delay has just elapsed: every thread would pass a separate check.
  constexpr int kThreads = 16;
  std::atomic<int> allowed{0};
  std::atomic<int> denied_for_the_delay{0};
  std::atomic<int> errors{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      auto r = f.store->begin_attempt("signin:victim", at(seconds{10}), seconds{3600}, rule);
      if (!r) {
        ++errors;
      } else if (r->allowed) {
        ++allowed;
      } else if (r->retry_after == seconds{10}) {
        ++denied_for_the_delay;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  CHECK(errors.load() == 0);
  CHECK(allowed.load() == 1);
  CHECK(denied_for_the_delay.load() == kThreads - 1);
  auto record = failures(f, "signin:victim");
  REQUIRE(record.has_value());
  CHECK(record->count == 2);
  CHECK(record->last_failure == at(seconds{10}));
}

STORE_CASE("RateLimitStore: hit counts up to max, then denies without counting") {
  const milliseconds window{10'000};
  for (std::uint32_t i = 1; i <= 3; ++i) {
    const RateLimitDecision d = hit(f, "ip:1|/sign-in", 3, window, at(seconds{i}));
    CHECK(d.allowed);
    CHECK(d.count == i);
    CHECK(d.retry_after == seconds{0});
  }
  // Window began at +1 s; at +4 s, 7 s remain.
  RateLimitDecision denied = hit(f, "ip:1|/sign-in", 3, window, at(seconds{4}));
  CHECK_FALSE(denied.allowed);
  CHECK(denied.count == 3);
  CHECK(denied.retry_after == seconds{7});
  // Denied requests are not counted: still 3 after many.
  for (int i = 0; i < 5; ++i) denied = hit(f, "ip:1|/sign-in", 3, window, at(seconds{5}));
  CHECK(denied.count == 3);
  // Partial seconds round up: 1 ms short of 6 s left -> 6; 1 ms left -> 1 (never 0).
  CHECK(hit(f, "ip:1|/sign-in", 3, window, at(seconds{5} + milliseconds{1})).retry_after ==
        seconds{6});
  CHECK(hit(f, "ip:1|/sign-in", 3, window, at(seconds{11} - milliseconds{1})).retry_after ==
        seconds{1});
  // Keys are independent.
  CHECK(hit(f, "ip:2|/sign-in", 3, window, at(seconds{5})).count == 1);
}

STORE_CASE("RateLimitStore: a new window starts once the old one has fully passed") {
  const milliseconds window{10'000};
  REQUIRE(hit(f, "k", 2, window, at()).allowed);
  REQUIRE(hit(f, "k", 2, window, at(seconds{1})).allowed);
  // 1 ms before the window ends: denied.
  CHECK_FALSE(hit(f, "k", 2, window, at(window - milliseconds{1})).allowed);
  // Exactly window after its start: a new window with count 1.
  const RateLimitDecision fresh = hit(f, "k", 2, window, at(window));
  CHECK(fresh.allowed);
  CHECK(fresh.count == 1);
  // The new window is measured from its own start.
  CHECK(hit(f, "k", 2, window, at(window + seconds{9})).count == 2);
  const RateLimitDecision denied = hit(f, "k", 2, window, at(window + seconds{9}));
  CHECK_FALSE(denied.allowed);
  CHECK(denied.retry_after == seconds{1});
  CHECK(hit(f, "k", 2, window, at(window * 2)).count == 1);
}

STORE_CASE("RateLimitStore: record_failure counts and resets after reset_after") {
  const seconds reset{3600};
  CHECK_FALSE(failures(f, "account:a@example.com").has_value());
  for (std::uint32_t i = 1; i <= 3; ++i) {
    auto r = f.store->record_failure("account:a@example.com", at(seconds{i}), reset);
    REQUIRE(r.has_value());
    CHECK(r->count == i);
    CHECK(r->last_failure == at(seconds{i}));
  }
  auto found = failures(f, "account:a@example.com");
  REQUIRE(found.has_value());
  CHECK(found->count == 3);
  CHECK(found->last_failure == at(seconds{3}));

  // 1 s short of reset_after since the last failure: keeps counting.
  auto counted =
      f.store->record_failure("account:a@example.com", at(seconds{3} + reset - seconds{1}), reset);
  REQUIRE(counted.has_value());
  CHECK(counted->count == 4);
  // Exactly reset_after after the last failure: starts again from 1.
  const TimePoint later = at(seconds{3} + reset - seconds{1} + reset);
  auto restarted = f.store->record_failure("account:a@example.com", later, reset);
  REQUIRE(restarted.has_value());
  CHECK(restarted->count == 1);
  CHECK(restarted->last_failure == later);
  // Other keys are untouched.
  CHECK_FALSE(failures(f, "account:b@example.com").has_value());
}

STORE_CASE("RateLimitStore: clear_failures forgets a key") {
  REQUIRE(f.store->record_failure("a", at(), seconds{60}).has_value());
  REQUIRE(f.store->record_failure("b", at(), seconds{60}).has_value());
  REQUIRE(code_of(f.store->clear_failures("a")) == kOk);
  CHECK_FALSE(failures(f, "a").has_value());
  CHECK(failures(f, "b").has_value());
  CHECK(code_of(f.store->clear_failures("never-seen")) == kOk);
  auto fresh = f.store->record_failure("a", at(seconds{1}), seconds{60});
  REQUIRE(fresh.has_value());
  CHECK(fresh->count == 1);
}

STORE_CASE("RateLimitStore: delete_stale_rate_limits") {
  const milliseconds window{1000};
  REQUIRE(hit(f, "old-window", 5, window, at(seconds{10} - milliseconds{1})).allowed);
  REQUIRE(hit(f, "edge-window", 5, window, at(seconds{10})).allowed);
  REQUIRE(f.store->record_failure("old-failure", at(seconds{9}), seconds{60}).has_value());
  REQUIRE(f.store->record_failure("edge-failure", at(seconds{10}), seconds{60}).has_value());

  auto deleted = f.store->delete_stale_rate_limits(at(seconds{10}));
  REQUIRE(deleted.has_value());
  CHECK(*deleted == 2);
  CHECK_FALSE(failures(f, "old-failure").has_value());
  CHECK(failures(f, "edge-failure").has_value());
  // The deleted window is gone (a new one starts, count 1); the kept one still counts.
  CHECK(hit(f, "old-window", 5, window, at(seconds{10})).count == 1);
  CHECK(hit(f, "edge-window", 5, window, at(seconds{10})).count == 2);
}

STORE_CASE("F4: 8 threads x 50 hits on one key with max 100, exactly 100 allowed") {
  constexpr int kThreads = 8;
  constexpr int kHits = 50;
  std::atomic<int> allowed{0};
  std::atomic<int> errors{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      for (int j = 0; j < kHits; ++j) {
        auto r = f.store->hit("account:victim", 100, milliseconds{60'000}, at());
        if (!r) {
          ++errors;
        } else if (r->allowed) {
          ++allowed;
        }
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  CHECK(errors.load() == 0);
  CHECK(allowed.load() == 100);
  const RateLimitDecision after = hit(f, "account:victim", 100, milliseconds{60'000}, at());
  CHECK_FALSE(after.allowed);
  CHECK(after.count == 100);
}

STORE_CASE("F4: concurrent record_failure loses no update") {
  constexpr int kThreads = 8;
  constexpr int kFailures = 10;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < kFailures; ++j) {
        if (!f.store->record_failure("account:x", at(), seconds{3600})) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(errors.load() == 0);
  auto found = failures(f, "account:x");
  REQUIRE(found.has_value());
  CHECK(found->count == kThreads * kFailures);
}

STORE_CASE("Store: ping succeeds") { CHECK(code_of(f.store->ping()) == kOk); }

}  // namespace authkit::testing::conformance
