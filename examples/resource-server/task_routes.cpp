#include "task_routes.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ascii.hpp"
#include "http_server.hpp"
#include "task_json.hpp"

namespace resource_server {

namespace {

using authkit::http::Request;
using authkit::http::Response;
using authkit_examples::iequals;
using authkit_examples::json_error;

constexpr const char* kJson = "application/json";

Response json_response(int status, const nlohmann::ordered_json& body) {
  return {.status = status,
          .headers = {{"Content-Type", kJson}},
          .body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// One path segment with its %XX escapes decoded; nullopt for a '%' not followed by two hex
/// digits. ('+' is a plus sign in a path, not a space.)
std::optional<std::string> decode_segment(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out += raw[i];
      continue;
    }
    if (i + 2 >= raw.size()) return std::nullopt;
    const int high = hex_value(raw[i + 1]);
    const int low = hex_value(raw[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

/// The decoded segments of `path` ("/api/u/tasks" -> {"api", "u", "tasks"}); an empty
/// segment stays empty (and so matches no route). nullopt when a segment cannot be decoded.
std::optional<std::vector<std::string>> split_path(std::string_view path) {
  std::vector<std::string> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    auto segment = decode_segment(path.substr(0, slash));
    if (!segment) return std::nullopt;
    segments.push_back(std::move(*segment));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

Response method_not_allowed(const char* allow) {
  Response response = json_error(405, "METHOD_NOT_ALLOWED", "Method not allowed");
  response.headers.push_back({"Allow", allow});
  return response;
}

/// nullopt when the request carries a valid token whose sub is `user_id`; the 401 or 403
/// otherwise.
std::optional<Response> refuse_unauthorized(const Request& request, const VerifyToken& verify,
                                            const std::string& user_id) {
  // Sent twice is malformed (which one would count?), so every copy is counted.
  std::size_t count = 0;
  std::optional<std::string_view> header;
  for (const auto& field : request.headers) {
    if (!iequals(field.name, "Authorization")) continue;
    if (count++ == 0) header = field.value;
  }
  const Authentication auth = authenticate(header, count, verify);
  if (!auth.subject) {
    // The authkit code says which check failed, for the operator; never the token.
    std::fprintf(stderr, "authkit-resource-server: 401 %s: %s\n", auth.code.c_str(),
                 auth.log_reason.c_str());
    Response response = json_error(401, auth.code, auth.message);
    response.headers.push_back({"WWW-Authenticate", auth.challenge()});
    return response;
  }
  if (*auth.subject != user_id) {
    return json_error(403, "FORBIDDEN", "The token does not belong to this user");
  }
  return std::nullopt;
}

/// nullopt when the body is declared as JSON ("application/json", parameters allowed); the
/// 415 otherwise.
std::optional<Response> refuse_non_json(const Request& request) {
  std::string_view type = request.header("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  if (iequals(type, kJson)) return std::nullopt;
  return json_error(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
}

/// The task id in the path; ids that are not positive decimal integers name no task.
std::optional<std::int64_t> task_id(const std::string& text) {
  std::int64_t id = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, id);
  if (ec != std::errc() || ptr != end || id <= 0) return std::nullopt;
  return id;
}

Response task_not_found() { return json_error(404, "TASK_NOT_FOUND", "Task not found"); }

}  // namespace

Response TaskRoutes::handle(const Request& request) const {
  const auto segments = split_path(request.path);
  if (!segments) return json_error(400, "BAD_REQUEST", "The path has an invalid percent-encoding");
  const std::vector<std::string>& s = *segments;
  const std::string& method = request.method;

  if (s.size() == 1 && s[0] == "health") {
    if (method != "GET") return method_not_allowed("GET, HEAD");
    return json_response(200, {{"status", "ok"}});
  }
  const bool tasks_path = s.size() == 3 && s[0] == "api" && !s[1].empty() && s[2] == "tasks";
  const bool task_path =
      s.size() == 4 && s[0] == "api" && !s[1].empty() && s[2] == "tasks" && !s[3].empty();
  if (!tasks_path && !task_path) return json_error(404, "NOT_FOUND", "Not found");
  const std::string& user_id = s[1];

  if (tasks_path) {
    if (method == "GET") {
      if (auto refused = refuse_unauthorized(request, verify_, user_id)) return std::move(*refused);
      auto tasks = nlohmann::ordered_json::array();
      for (const auto& task : store_->list(user_id)) tasks.push_back(to_json(task));
      return json_response(200, tasks);
    }
    if (method == "POST") {
      if (auto refused = refuse_unauthorized(request, verify_, user_id)) return std::move(*refused);
      if (auto refused = refuse_non_json(request)) return std::move(*refused);
      auto input = parse_new_task(request.body);
      if (!input) return json_error(400, "VALIDATION_ERROR", input.error().message());
      const auto task =
          store_->create(user_id, std::move(input->title), std::move(input->description));
      if (!task) {
        return json_error(409, "TASK_LIMIT_REACHED",
                          "A user may hold at most " +
                              std::to_string(store_->max_tasks_per_user()) +
                              " tasks; delete some first");
      }
      return json_response(201, to_json(*task));
    }
    return method_not_allowed("GET, HEAD, POST");
  }

  if (method == "GET") {
    if (auto refused = refuse_unauthorized(request, verify_, user_id)) return std::move(*refused);
    const auto id = task_id(s[3]);
    const auto task = id ? store_->get(user_id, *id) : std::nullopt;
    if (!task) return task_not_found();
    return json_response(200, to_json(*task));
  }
  if (method == "PUT") {
    if (auto refused = refuse_unauthorized(request, verify_, user_id)) return std::move(*refused);
    if (auto refused = refuse_non_json(request)) return std::move(*refused);
    const auto patch = parse_task_patch(request.body);
    if (!patch) return json_error(400, "VALIDATION_ERROR", patch.error().message());
    const auto id = task_id(s[3]);
    const auto task = id ? store_->update(user_id, *id, *patch) : std::nullopt;
    if (!task) return task_not_found();
    return json_response(200, to_json(*task));
  }
  if (method == "DELETE") {
    if (auto refused = refuse_unauthorized(request, verify_, user_id)) return std::move(*refused);
    const auto id = task_id(s[3]);
    if (!id || !store_->remove(user_id, *id)) return task_not_found();
    return {.status = 204};
  }
  return method_not_allowed("GET, HEAD, PUT, DELETE");
}

}  // namespace resource_server
