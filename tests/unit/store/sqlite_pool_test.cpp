// The SQLite connection pool: bounded, and fair to the callers that wait.
//
// Catch's assertions are not thread-safe: threads started here only record what happened, and
// the test thread asserts after joining them.
#include <authkit/store/sqlite_store.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/pool.hpp"

namespace authkit::test {
namespace {

using sqlite::Connection;
using sqlite::Pool;

/// A new in-memory connection. No assertion: pools may call it from any thread.
Result<std::unique_ptr<Connection>> open_connection() {
  SqliteStoreOptions options;
  options.path = ":memory:";
  return Connection::open(options);
}

/// A new in-memory connection, for the test thread.
std::unique_ptr<Connection> open_memory() {
  auto c = open_connection();
  REQUIRE(c.has_value());
  return std::move(*c);
}

Pool pool_of_one() { return Pool(open_connection, 1, open_memory()); }

void wait_for_waiters(const Pool& pool, std::size_t n) {
  // Polls a state change made by other threads; it is not a timing assumption.
  while (pool.waiting() < n) std::this_thread::yield();
}

}  // namespace

TEST_CASE("SQLite pool: waiters are served in arrival order, ahead of a returning caller",
          "[store][sqlite]") {
  Pool pool = pool_of_one();
  std::mutex order_mutex;
  std::vector<std::string> order;
  const auto record = [&](std::string who) {
    const std::lock_guard lock(order_mutex);
    order.push_back(std::move(who));
  };

  std::optional<Pool::Lease> held;
  {
    auto lease = pool.acquire();
    REQUIRE(lease.has_value());
    held.emplace(std::move(*lease));
  }
  // Each thread notes whether it got a connection; the checks run after join().
  bool first_leased = false;
  bool second_leased = false;
  std::thread first([&] {
    auto lease = pool.acquire();
    first_leased = lease.has_value();
    record("first");
  });
  wait_for_waiters(pool, 1);
  std::thread second([&] {
    auto lease = pool.acquire();
    second_leased = lease.has_value();
    record("second");
  });
  wait_for_waiters(pool, 2);

  // Return the connection and ask for it again at once: the queued callers go first.
  held.reset();
  auto again = pool.acquire();
  record("returning");
  first.join();
  second.join();
  CHECK(again.has_value());
  CHECK(first_leased);
  CHECK(second_leased);
  CHECK(order == std::vector<std::string>{"first", "second", "returning"});
  CHECK(pool.waiting() == 0);
}

TEST_CASE("SQLite pool: a failed open passes the free slot to the next waiter", "[store][sqlite]") {
  std::atomic<int> opens{0};
  // Pool of 2 starting with one connection: the first extra open fails, the next succeeds.
  Pool pool(
      [&]() -> Result<std::unique_ptr<Connection>> {
        if (opens.fetch_add(1) == 0) return Error(Errc::storage_failure, {}, "disk gone");
        return open_connection();
      },
      2, open_memory());
  auto held = pool.acquire();
  REQUIRE(held.has_value());
  auto failed = pool.acquire();
  CHECK_FALSE(failed.has_value());
  auto opened = pool.acquire();  // the slot was released, so this opens a second connection
  REQUIRE(opened.has_value());
  CHECK(opens.load() == 2);
}

}  // namespace authkit::test
