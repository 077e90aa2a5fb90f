// authkit/mail_queue.hpp: a bounded queue with one worker thread, on which AuthService does the
// mail work of anonymous requests (finding the account, making the token, sending the mail)
// after the response has left. The request then does the same work whether or not the address
// has an account, so its timing reveals nothing, and a slow mail relay never holds a request.
//
//   auto queue = authkit::MailQueue::create().value();
//   options.mail.queue = queue;          // AuthServiceOptions
//   ...
//   queue->close();                      // at shutdown: delivers what is queued, then stops
//
// Thread safety: every member function may be called from any thread, concurrently. Jobs run
// one at a time, in the order they were posted, on the queue's own thread.
#pragma once

#include <authkit/result.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

namespace authkit {

/// Options for MailQueue::create().
struct MailQueueOptions {
  /// Jobs that may wait at once (>= 1). A full queue pushes back on the requests posting to it.
  std::size_t capacity = 1000;
  /// How long post() waits for room in a full queue before it gives up (back-pressure).
  std::chrono::milliseconds max_wait{2000};
  /// How long a job waits after it was posted before it runs, so that the answer of the request
  /// that posted it has left first. Run at once, the work behind a known address (a token to
  /// store, a mail to write) would compete with that request for the CPU and the database on
  /// a busy machine, and its time would show in the answer after all. close() does not wait.
  std::chrono::milliseconds start_delay{20};
};

/// Runs posted jobs on one worker thread, in order. Destroying the queue closes it.
class MailQueue {
 public:
  /// Starts the worker thread. Errors: INVALID_CONFIGURATION (capacity 0, a negative max_wait
  /// or start_delay),
  /// SERVICE_UNAVAILABLE (the thread could not be started).
  [[nodiscard]] static Result<std::shared_ptr<MailQueue>> create(MailQueueOptions options = {});

  MailQueue(const MailQueue&) = delete;
  MailQueue& operator=(const MailQueue&) = delete;
  /// close(). When the last reference goes away on the worker thread itself (a job held it),
  /// the thread finishes the queue and ends on its own.
  ~MailQueue();

  /// Queues `job`. An exception escaping it is caught and dropped (jobs report their own
  /// failures). Errors: SERVICE_UNAVAILABLE when the queue is still full after max_wait, or
  /// closed; the job is then not run.
  [[nodiscard]] Result<void> post(std::function<void()> job);

  /// Waits until the queue is empty and no job runs (for tests and orderly handovers). Never
  /// call it from a job: it would wait for itself.
  void drain();

  /// Stops taking jobs, runs every job already queued, and ends the worker thread. Idempotent.
  void close();

  /// Jobs queued or running right now.
  [[nodiscard]] std::size_t pending() const;

 private:
  struct Impl;  // the queue, its lock and worker thread: src/mail/mail_queue.cpp
  explicit MailQueue(std::shared_ptr<Impl> impl) noexcept;
  std::shared_ptr<Impl> impl_;
};

}  // namespace authkit
