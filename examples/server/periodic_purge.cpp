#include "periodic_purge.hpp"

#include <cstdio>

namespace authkit_server {

PeriodicPurge::PeriodicPurge(authkit::AuthService service, std::chrono::seconds interval)
    : service_(std::move(service)), interval_(interval), thread_([this] { run(); }) {}

PeriodicPurge::~PeriodicPurge() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicPurge::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    if (auto purged = service_.purge_expired(); !purged) {
      std::fprintf(stderr, "authkit-server: purging expired rows failed: %s\n",
                   purged.error().message().c_str());
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace authkit_server
