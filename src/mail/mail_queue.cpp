#include <authkit/mail_queue.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

namespace authkit {

/// What the queue and its worker thread share. The worker holds it too, so it outlives a
/// MailQueue that is destroyed on the worker thread (see ~MailQueue).
struct MailQueue::Impl {
  MailQueueOptions options;
  mutable std::mutex mutex;
  std::condition_variable work_ready;  ///< a job was queued, or the queue closed
  std::condition_variable room_ready;  ///< a job left the queue
  std::condition_variable idle;        ///< the queue is empty and no job runs
  struct Job {
    std::function<void()> run;
    std::chrono::steady_clock::time_point due;  ///< posted + start_delay
  };
  std::deque<Job> jobs;
  bool running_job = false;
  bool closed = false;
  std::mutex joining;  ///< serialises the join of concurrent close() calls
  std::thread worker;

  void run() {
    std::unique_lock lock(mutex);
    for (;;) {
      work_ready.wait(lock, [this] { return closed || !jobs.empty(); });
      if (jobs.empty()) return;  // closed and drained
      // The front job waits until it is due (jobs fall due in the order they were posted);
      // close() ends the wait, so shutdown never waits for start_delay. Only this thread pops,
      // so the front job is still there afterwards.
      const auto due = jobs.front().due;
      work_ready.wait_until(lock, due, [this] { return closed; });
      std::function<void()> job = std::move(jobs.front().run);
      jobs.pop_front();
      running_job = true;
      room_ready.notify_one();
      lock.unlock();
      try {
        job();
      } catch (...) {
        // A job reports its own failures; one that throws must not end the worker.
      }
      // Destroy the job (and whatever it holds) before saying the queue is idle.
      job = nullptr;
      lock.lock();
      running_job = false;
      if (jobs.empty()) idle.notify_all();
    }
  }
};

MailQueue::MailQueue(std::shared_ptr<Impl> shared) noexcept : impl_(std::move(shared)) {}

Result<std::shared_ptr<MailQueue>> MailQueue::create(MailQueueOptions options) {
  if (options.capacity == 0) {
    return Error(Errc::invalid_configuration, "MailQueue capacity must be at least 1");
  }
  if (options.max_wait < std::chrono::milliseconds(0) ||
      options.start_delay < std::chrono::milliseconds(0)) {
    return Error(Errc::invalid_configuration,
                 "MailQueue max_wait and start_delay must not be negative");
  }
  auto shared = std::make_shared<Impl>();
  shared->options = options;
  try {
    shared->worker = std::thread([shared] { shared->run(); });
  } catch (const std::system_error& e) {
    return Error(Errc::service_unavailable, {}, std::string("mail queue thread: ") + e.what());
  }
  return std::shared_ptr<MailQueue>(new MailQueue(std::move(shared)));
}

MailQueue::~MailQueue() { close(); }

Result<void> MailQueue::post(std::function<void()> job) {
  Impl& s = *impl_;
  std::unique_lock lock(s.mutex);
  const bool room = s.room_ready.wait_for(
      lock, s.options.max_wait, [&s] { return s.closed || s.jobs.size() < s.options.capacity; });
  if (s.closed) return Error(Errc::service_unavailable, {}, "the mail queue is closed");
  if (!room) return Error(Errc::service_unavailable, {}, "the mail queue is full");
  s.jobs.push_back({std::move(job), std::chrono::steady_clock::now() + s.options.start_delay});
  s.work_ready.notify_one();
  return {};
}

void MailQueue::drain() {
  Impl& s = *impl_;
  std::unique_lock lock(s.mutex);
  s.idle.wait(lock, [&s] { return s.jobs.empty() && !s.running_job; });
}

void MailQueue::close() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mutex);
    s.closed = true;
  }
  s.work_ready.notify_all();
  s.room_ready.notify_all();
  std::lock_guard join_lock(s.joining);
  if (!s.worker.joinable()) return;
  if (s.worker.get_id() == std::this_thread::get_id()) {
    // The last reference went away inside a job: the worker cannot join itself. It holds the
    // shared state, finishes the queue and ends.
    s.worker.detach();
    return;
  }
  s.worker.join();
}

std::size_t MailQueue::pending() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->jobs.size() + (impl_->running_job ? 1 : 0);
}

}  // namespace authkit
