// MailQueue: jobs run in order on one worker, a full queue pushes back, close() delivers what
// is queued. Synchronisation is by latches and drain(), never by sleeping.
#include <authkit/mail_queue.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

using authkit::Errc;
using authkit::MailQueue;
using authkit::MailQueueOptions;

/// A gate a job waits at until the test opens it.
class Gate {
 public:
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    changed_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

std::shared_ptr<MailQueue> make_queue(MailQueueOptions options = {}) {
  auto queue = MailQueue::create(options);
  REQUIRE(queue.has_value());
  return *queue;
}

}  // namespace

TEST_CASE("MailQueue runs jobs in order on one thread other than the caller's", "[mail]") {
  auto queue = make_queue();
  std::vector<int> order;  // written by the worker only; read after drain()
  std::thread::id worker;
  for (int i = 0; i < 100; ++i) {
    REQUIRE(queue->post([&order, &worker, i] {
      order.push_back(i);
      worker = std::this_thread::get_id();
    }));
  }
  queue->drain();
  CHECK(queue->pending() == 0);
  REQUIRE(order.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(order[static_cast<std::size_t>(i)] == i);
  CHECK(worker != std::this_thread::get_id());
}

TEST_CASE("MailQueue pushes back when full and refuses after max_wait", "[mail]") {
  auto queue = make_queue({.capacity = 2, .max_wait = std::chrono::milliseconds(0)});
  Gate gate;
  std::atomic<int> ran{0};
  REQUIRE(queue->post([&] {
    gate.wait();
    ++ran;
  }));
  // The first job runs (and waits at the gate); two more fill the queue.
  for (int queued = 0; queued < 2;) {
    auto posted = queue->post([&] { ++ran; });
    if (posted) ++queued;
  }
  const auto refused = queue->post([&] { ++ran; });
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == Errc::service_unavailable);
  CHECK(queue->pending() == 3);
  gate.open();
  queue->drain();
  CHECK(ran == 3);  // the refused job never ran
}

TEST_CASE("MailQueue: a poster waiting for room gets in when a job leaves", "[mail]") {
  auto queue = make_queue({.capacity = 1, .max_wait = std::chrono::hours(1)});
  Gate gate;
  std::atomic<int> ran{0};
  REQUIRE(queue->post([&] { gate.wait(); }));
  // Fill the one slot (the first job may still be queued, not yet running).
  REQUIRE(queue->post([&] { ++ran; }));
  std::atomic<bool> posted{false};
  std::thread poster([&] { posted = queue->post([&] { ++ran; }).has_value(); });
  gate.open();  // the blocked poster gets in once the queue moves
  poster.join();
  queue->drain();
  CHECK(posted);
  CHECK(ran == 2);
}

TEST_CASE("MailQueue::close delivers what is queued, then refuses new jobs", "[mail]") {
  auto queue = make_queue();
  Gate gate;
  std::atomic<int> ran{0};
  REQUIRE(queue->post([&] { gate.wait(); }));
  for (int i = 0; i < 10; ++i) REQUIRE(queue->post([&] { ++ran; }));
  std::thread closer([&] { queue->close(); });
  gate.open();
  closer.join();
  CHECK(ran == 10);
  const auto late = queue->post([&] { ++ran; });
  REQUIRE_FALSE(late.has_value());
  CHECK(late.error().code() == Errc::service_unavailable);
  queue->close();  // idempotent
  CHECK(ran == 10);
}

TEST_CASE("MailQueue survives a throwing job and its own release inside a job", "[mail]") {
  auto queue = make_queue();
  std::atomic<int> ran{0};
  REQUIRE(queue->post([] { throw std::runtime_error("job failed"); }));
  REQUIRE(queue->post([&] { ++ran; }));
  queue->drain();
  CHECK(ran == 1);

  // A job holding the last reference: the queue is destroyed on its own worker thread, which
  // must neither deadlock nor crash, and still runs the rest of the queue.
  Gate gate;
  std::atomic<bool> later_ran{false};
  std::atomic<bool> released{false};
  auto* raw = queue.get();
  REQUIRE(raw->post([held = queue, &gate]() mutable {
    gate.wait();
    held.reset();
  }));
  REQUIRE(raw->post([&] { later_ran = true; }));
  REQUIRE(raw->post([&] { released = true; }));
  queue.reset();  // the job now holds the only reference
  gate.open();
  // No drain() (the queue object is gone once the job drops it): wait for the flag.
  while (!released) std::this_thread::yield();
  CHECK(later_ran);
}

TEST_CASE("MailQueue holds each job for start_delay, so the answer leaves first", "[mail]") {
  using Clock = std::chrono::steady_clock;
  auto queue = make_queue({.start_delay = std::chrono::milliseconds(50)});
  const auto posted = Clock::now();
  Clock::time_point started{};
  REQUIRE(queue->post([&started] { started = Clock::now(); }));
  queue->drain();
  // A lower bound only: the job may start later on a busy machine, never earlier.
  CHECK(started - posted >= std::chrono::milliseconds(50));
}

TEST_CASE("MailQueue::close does not wait for start_delay", "[mail]") {
  auto queue = make_queue({.start_delay = std::chrono::hours(24)});
  std::atomic<int> ran{0};
  for (int i = 0; i < 3; ++i) REQUIRE(queue->post([&] { ++ran; }));
  queue->close();  // would hang for a day if it waited (ctest's timeout would fail the test)
  CHECK(ran == 3);
}

TEST_CASE("MailQueue::create refuses a capacity of 0 and negative durations", "[mail]") {
  CHECK(MailQueue::create({.capacity = 0}).error().code() == Errc::invalid_configuration);
  CHECK(MailQueue::create({.max_wait = std::chrono::milliseconds(-1)}).error().code() ==
        Errc::invalid_configuration);
  CHECK(MailQueue::create({.start_delay = std::chrono::milliseconds(-1)}).error().code() ==
        Errc::invalid_configuration);
}
