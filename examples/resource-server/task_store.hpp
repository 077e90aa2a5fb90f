// The to-do data: tasks per user, kept IN MEMORY only (a mutex-guarded map). Everything is
// lost when the process stops; a real backend would put a database behind the same methods.
// Each user may hold at most a fixed number of tasks (1,000 by default), so one token cannot
// grow the process without bound: with the size caps of task_json.hpp (200-byte titles,
// 2000-byte descriptions) a user's tasks take a few megabytes at most.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <authkit/clock.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace resource_server {

struct Task {
  std::int64_t id = 0;        ///< unique in this process, increasing, never reused
  std::string user_id{};      ///< the owner: the `sub` of the token that created it
  std::string title{};        ///< trimmed, 1..200 bytes
  std::string description{};  ///< 0..2000 bytes
  bool completed = false;
  std::string created_at{};  ///< RFC 3339 UTC, seconds: "2026-11-22T10:00:00Z"
  std::string updated_at{};
};

/// A partial update: members left empty stay as they are.
struct TaskPatch {
  std::optional<std::string> title{};
  std::optional<std::string> description{};
  std::optional<bool> completed{};
};

class TaskStore {
 public:
  /// The default for max_tasks_per_user.
  static constexpr std::size_t kDefaultMaxTasksPerUser = 1000;

  /// `clock` stamps created_at / updated_at; a user may hold at most `max_tasks_per_user`
  /// tasks at once (deleting one makes room again).
  explicit TaskStore(std::shared_ptr<const authkit::Clock> clock,
                     std::size_t max_tasks_per_user = kDefaultMaxTasksPerUser)
      : clock_(std::move(clock)), max_tasks_per_user_(max_tasks_per_user) {}

  /// The user's tasks, ordered by id.
  [[nodiscard]] std::vector<Task> list(const std::string& user_id) const;
  /// Adds a task with the next id; nullopt (and nothing added) when the user already holds
  /// max_tasks_per_user tasks.
  [[nodiscard]] std::optional<Task> create(const std::string& user_id, std::string title,
                                           std::string description);
  /// The cap given to the constructor.
  [[nodiscard]] std::size_t max_tasks_per_user() const noexcept { return max_tasks_per_user_; }
  /// The user's task `id`; nullopt if there is none (whoever else may own that id).
  [[nodiscard]] std::optional<Task> get(const std::string& user_id, std::int64_t id) const;
  /// Applies `patch` to the user's task `id` and returns it; nullopt if there is none. An
  /// empty patch changes nothing, updated_at included.
  [[nodiscard]] std::optional<Task> update(const std::string& user_id, std::int64_t id,
                                           const TaskPatch& patch);
  /// Deletes the user's task `id`; false if there is none.
  bool remove(const std::string& user_id, std::int64_t id);

 private:
  [[nodiscard]] std::string now_text() const;

  std::shared_ptr<const authkit::Clock> clock_;
  std::size_t max_tasks_per_user_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::map<std::int64_t, Task>> tasks_;  // user -> id -> task
  std::int64_t next_id_ = 1;
};

/// RFC 3339 in UTC with whole seconds, e.g. "2026-11-22T10:00:00Z".
[[nodiscard]] std::string rfc3339_utc(authkit::Clock::time_point t);

}  // namespace resource_server
