// Deletes expired rows (sessions, verification tokens, idle rate-limit counters and sign-in
// failure counts) every --purge-interval, on a thread of its own: nothing else in authkit ever
// removes them, and a busy server would otherwise collect them for ever.
//
// Thread safety: construct and destroy from one thread; the purges run on the object's own
// thread. The destructor stops it (waking it if it is asleep) and waits for a purge in
// progress.
#pragma once

#include <authkit/auth_service.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace authkit_server {

class PeriodicPurge {
 public:
  /// Purges once now, then every `interval`. A failed purge is reported on standard error and
  /// tried again at the next interval.
  PeriodicPurge(authkit::AuthService service, std::chrono::seconds interval);
  ~PeriodicPurge();
  PeriodicPurge(const PeriodicPurge&) = delete;
  PeriodicPurge& operator=(const PeriodicPurge&) = delete;

 private:
  void run();

  authkit::AuthService service_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace authkit_server
