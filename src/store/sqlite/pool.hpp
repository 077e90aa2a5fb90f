// Private: a bounded pool of connections, handed out one per call through an RAII lease.
#pragma once

#include <authkit/result.hpp>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace authkit::sqlite {

/// Up to `max_size` connections, opened on demand. Thread-safe.
class Pool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  /// A pool that opens connections with `opener`, starting with `first` (already open).
  Pool(Opener opener, unsigned max_size, std::unique_ptr<Connection> first);

  /// Exclusive use of one connection until destruction, then back to the pool.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> connection) noexcept
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const noexcept { return *connection_; }
    Connection* operator->() const noexcept { return connection_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  /// An idle connection, a new one while fewer than max_size are open, or else waits for one
  /// to come back. Errors: STORAGE_FAILURE when opening a new connection fails.
  [[nodiscard]] Result<Lease> acquire();

 private:
  void give_back(std::unique_ptr<Connection> connection);

  Opener opener_;
  unsigned max_size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  unsigned open_count_;
};

}  // namespace authkit::sqlite
