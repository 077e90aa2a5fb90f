// The wire format of tasks: Task -> JSON, and request bodies -> validated values. Strict on
// purpose (the dashboard is built against exactly this contract): wrong types and unknown
// members are VALIDATION_ERROR, not ignored.
#pragma once

#include <authkit/result.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "task_store.hpp"

namespace resource_server {

inline constexpr std::size_t kMaxTitleBytes = 200;
inline constexpr std::size_t kMaxDescriptionBytes = 2000;

/// {"id","user_id","title","description","completed","created_at","updated_at"}, in that
/// order (JSON does not care, but people reading responses do).
[[nodiscard]] nlohmann::ordered_json to_json(const Task& task);

/// A POST body: {"title": string, "description"?: string}.
struct NewTask {
  std::string title{};  ///< trimmed
  std::string description{};
};

/// Parses a POST body. Errors: VALIDATION_ERROR (not a JSON object, unknown member, wrong
/// type, title empty after trimming or over 200 bytes, description over 2000 bytes); the
/// message says which.
[[nodiscard]] authkit::Result<NewTask> parse_new_task(std::string_view body);

/// Parses a PUT body: any of {"title", "description", "completed"} with the same rules.
/// Errors: as parse_new_task().
[[nodiscard]] authkit::Result<TaskPatch> parse_task_patch(std::string_view body);

}  // namespace resource_server
