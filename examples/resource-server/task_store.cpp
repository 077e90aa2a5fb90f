#include "task_store.hpp"

#include <cstdio>
#include <ctime>

namespace resource_server {

std::string rfc3339_utc(authkit::Clock::time_point t) {
  const std::time_t seconds = static_cast<std::time_t>(authkit::to_unix_seconds(t));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text, n);
}

std::string TaskStore::now_text() const { return rfc3339_utc(clock_->now()); }

std::vector<Task> TaskStore::list(const std::string& user_id) const {
  const std::lock_guard lock(mutex_);
  std::vector<Task> out;
  const auto user = tasks_.find(user_id);
  if (user == tasks_.end()) return out;
  out.reserve(user->second.size());
  for (const auto& [id, task] : user->second) out.push_back(task);  // std::map: id order
  return out;
}

std::optional<Task> TaskStore::create(const std::string& user_id, std::string title,
                                      std::string description) {
  const std::string now = now_text();
  const std::lock_guard lock(mutex_);
  auto& tasks = tasks_[user_id];
  if (tasks.size() >= max_tasks_per_user_) {
    if (tasks.empty()) tasks_.erase(user_id);  // a cap of 0: leave no empty entry behind
    return std::nullopt;
  }
  Task task{.id = next_id_++,
            .user_id = user_id,
            .title = std::move(title),
            .description = std::move(description),
            .completed = false,
            .created_at = now,
            .updated_at = now};
  tasks.emplace(task.id, task);
  return task;
}

std::optional<Task> TaskStore::get(const std::string& user_id, std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  const auto user = tasks_.find(user_id);
  if (user == tasks_.end()) return std::nullopt;
  const auto task = user->second.find(id);
  if (task == user->second.end()) return std::nullopt;
  return task->second;
}

std::optional<Task> TaskStore::update(const std::string& user_id, std::int64_t id,
                                      const TaskPatch& patch) {
  const std::string now = now_text();
  const std::lock_guard lock(mutex_);
  const auto user = tasks_.find(user_id);
  if (user == tasks_.end()) return std::nullopt;
  const auto found = user->second.find(id);
  if (found == user->second.end()) return std::nullopt;
  Task& task = found->second;
  if (patch.title || patch.description || patch.completed) {
    if (patch.title) task.title = *patch.title;
    if (patch.description) task.description = *patch.description;
    if (patch.completed) task.completed = *patch.completed;
    task.updated_at = now;
  }
  return task;
}

bool TaskStore::remove(const std::string& user_id, std::int64_t id) {
  const std::lock_guard lock(mutex_);
  const auto user = tasks_.find(user_id);
  if (user == tasks_.end() || user->second.erase(id) == 0) return false;
  if (user->second.empty()) tasks_.erase(user);  // no empty entries for users who left
  return true;
}

}  // namespace resource_server
