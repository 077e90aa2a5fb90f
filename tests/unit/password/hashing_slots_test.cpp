// HashingSlots: the counting semaphore behind PasswordHasher's concurrency bound (K1).
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "password/hashing_slots.hpp"
#include "unit/test_support.hpp"

namespace authkit::test {
namespace {

using password::HashingSlots;

TEST_CASE("K1: peak in-flight work never exceeds the bound", "[password]") {
  HashingSlots slots(3, std::chrono::seconds(30), 1024);
  std::atomic<int> in_flight{0};
  std::atomic<int> peak{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto slot = slots.acquire();
        if (!slot) {
          ++failures;
          continue;
        }
        const int now = ++in_flight;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        if (slots.in_use() > slots.capacity()) ++failures;
        std::this_thread::yield();  // let others contend while the slot is held
        --in_flight;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures.load() == 0);
  CHECK(peak.load() >= 1);
  CHECK(peak.load() <= 3);
  CHECK(slots.in_use() == 0);
}

TEST_CASE("K1: no free slot within the queue timeout gives SERVICE_UNAVAILABLE", "[password]") {
  HashingSlots slots(2, std::chrono::milliseconds(0), 1024);
  CHECK(slots.capacity() == 2);
  auto a = slots.acquire();
  auto b = slots.acquire();
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(slots.in_use() == 2);
  const auto c = slots.acquire();
  REQUIRE_FALSE(c.has_value());
  CHECK(c.error().code() == Errc::service_unavailable);
  CHECK(c.error().retry_after() == std::chrono::seconds(1));
  CHECK(slots.in_use() == 2);  // the failed attempt holds nothing
  {
    const HashingSlots::Slot released = std::move(*a);  // moved-to owner releases once
  }
  CHECK(slots.in_use() == 1);
  auto d = slots.acquire();
  CHECK(d.has_value());
  CHECK(slots.in_use() == 2);
}

TEST_CASE("K1: a waiting caller gets the slot when it is released", "[password]") {
  HashingSlots slots(1, std::chrono::seconds(30), 1024);
  std::optional<HashingSlots::Slot> held;
  held.emplace(std::move(*slots.acquire()));
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto slot = slots.acquire();
    got = slot.has_value();
  });
  held.reset();
  waiter.join();
  CHECK(got.load());
  CHECK(slots.in_use() == 0);
}

TEST_CASE("K1: a capacity of 0 means one slot", "[password]") {
  HashingSlots slots(0, std::chrono::milliseconds(0), 1024);
  CHECK(slots.capacity() == 1);
  auto a = slots.acquire();
  CHECK(a.has_value());
  CHECK(code_of(slots.acquire()) == Errc::service_unavailable);
}

}  // namespace
}  // namespace authkit::test
