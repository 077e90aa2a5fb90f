// Store conformance: RateLimitStore (windows and failure records), against every
// implementation.
#include "unit/store/store_conformance.hpp"

namespace authkit::test {

namespace {

template <class F>
RateLimitDecision hit(F& f, std::string_view key, std::uint32_t max, milliseconds window,
                      TimePoint now) {
  auto r = f.store->hit(key, max, window, now);
  REQUIRE(r.has_value());
  return *r;
}

template <class F>
std::optional<FailureRecord> failures(F& f, std::string_view key) {
  auto r = f.store->find_failures(key);
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

TEMPLATE_TEST_CASE("RateLimitStore: hit counts up to max, then denies without counting", "[store]",
                   AUTHKIT_STORE_TYPES) {
  TestType f;
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

TEMPLATE_TEST_CASE("RateLimitStore: a new window starts once the old one has fully passed",
                   "[store]", AUTHKIT_STORE_TYPES) {
  TestType f;
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

TEMPLATE_TEST_CASE("RateLimitStore: record_failure counts and resets after reset_after", "[store]",
                   AUTHKIT_STORE_TYPES) {
  TestType f;
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

TEMPLATE_TEST_CASE("RateLimitStore: clear_failures forgets a key", "[store]", AUTHKIT_STORE_TYPES) {
  TestType f;
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

TEMPLATE_TEST_CASE("RateLimitStore: delete_stale_rate_limits", "[store]", AUTHKIT_STORE_TYPES) {
  TestType f;
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

TEMPLATE_TEST_CASE("F4: 8 threads x 50 hits on one key with max 100, exactly 100 allowed",
                   "[store]", AUTHKIT_STORE_TYPES) {
  TestType f;
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

TEMPLATE_TEST_CASE("F4: concurrent record_failure loses no update", "[store]",
                   AUTHKIT_STORE_TYPES) {
  TestType f;
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

TEMPLATE_TEST_CASE("Store: ping succeeds", "[store]", AUTHKIT_STORE_TYPES) {
  TestType f;
  CHECK(code_of(f.store->ping()) == kOk);
}

}  // namespace authkit::test
