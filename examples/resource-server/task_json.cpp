#include "task_json.hpp"

#include <initializer_list>

namespace resource_server {

namespace {

authkit::Error invalid(std::string message) {
  return authkit::Error(authkit::Errc::validation_error, std::move(message));
}

/// The body as a JSON object whose members are all in `allowed`. nlohmann rejects invalid
/// UTF-8, so every string we keep can be written back out.
authkit::Result<nlohmann::json> parse_object(std::string_view body,
                                             std::initializer_list<std::string_view> allowed) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return invalid("The body is not valid JSON");
  if (!json.is_object()) return invalid("The body must be a JSON object");
  for (const auto& [name, value] : json.items()) {
    bool known = false;
    for (const auto a : allowed) known = known || name == a;
    if (!known) return invalid("Unknown field \"" + name + "\"");
  }
  return json;
}

std::string trim(const std::string& text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

authkit::Result<std::string> title_of(const nlohmann::json& value) {
  if (!value.is_string()) return invalid("title must be a string");
  std::string title = trim(value.get<std::string>());
  if (title.empty()) return invalid("title must not be empty");
  if (title.size() > kMaxTitleBytes) return invalid("title must be at most 200 bytes");
  return title;
}

authkit::Result<std::string> description_of(const nlohmann::json& value) {
  if (!value.is_string()) return invalid("description must be a string");
  std::string description = value.get<std::string>();
  if (description.size() > kMaxDescriptionBytes) {
    return invalid("description must be at most 2000 bytes");
  }
  return description;
}

}  // namespace

nlohmann::ordered_json to_json(const Task& task) {
  return {{"id", task.id},
          {"user_id", task.user_id},
          {"title", task.title},
          {"description", task.description},
          {"completed", task.completed},
          {"created_at", task.created_at},
          {"updated_at", task.updated_at}};
}

authkit::Result<NewTask> parse_new_task(std::string_view body) {
  auto json = parse_object(body, {"title", "description"});
  if (!json) return std::move(json).error();
  NewTask out;
  if (!json->contains("title")) return invalid("title is required");
  auto title = title_of(json->at("title"));
  if (!title) return std::move(title).error();
  out.title = std::move(*title);
  if (json->contains("description")) {
    auto description = description_of(json->at("description"));
    if (!description) return std::move(description).error();
    out.description = std::move(*description);
  }
  return out;
}

authkit::Result<TaskPatch> parse_task_patch(std::string_view body) {
  auto json = parse_object(body, {"title", "description", "completed"});
  if (!json) return std::move(json).error();
  TaskPatch out;
  if (json->contains("title")) {
    auto title = title_of(json->at("title"));
    if (!title) return std::move(title).error();
    out.title = std::move(*title);
  }
  if (json->contains("description")) {
    auto description = description_of(json->at("description"));
    if (!description) return std::move(description).error();
    out.description = std::move(*description);
  }
  if (json->contains("completed")) {
    const auto& completed = json->at("completed");
    if (!completed.is_boolean()) return invalid("completed must be true or false");
    out.completed = completed.get<bool>();
  }
  return out;
}

}  // namespace resource_server
