#include "task_routes.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "task_json.hpp"

namespace resource_server {

namespace {

constexpr const char* kJson = "application/json";

void send_json(httplib::Response& response, int status, const nlohmann::ordered_json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                       kJson);
}

/// 401/403 unless the request carries a valid token whose sub is `user_id`.
bool authorized(const httplib::Request& request, httplib::Response& response,
                const VerifyToken& verify, const std::string& user_id) {
  const std::size_t count = request.get_header_value_count("Authorization");
  std::optional<std::string_view> header;
  std::string value;
  if (count > 0) {
    value = request.get_header_value("Authorization");
    header = value;
  }
  const Authentication auth = authenticate(header, count, verify);
  if (!auth.subject) {
    // The authkit code says which check failed, for the operator; never the token.
    std::fprintf(stderr, "authkit-resource-server: 401 %s: %s\n", auth.code.c_str(),
                 auth.log_reason.c_str());
    response.set_header("WWW-Authenticate", auth.challenge());
    send_error(response, 401, auth.code, auth.message);
    return false;
  }
  if (*auth.subject != user_id) {
    send_error(response, 403, "FORBIDDEN", "The token does not belong to this user");
    return false;
  }
  return true;
}

/// 415 unless the body is declared as JSON ("application/json", parameters allowed).
bool json_body(const httplib::Request& request, httplib::Response& response) {
  std::string type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type == kJson) return true;
  send_error(response, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  return false;
}

/// The task id in the path; ids that are not positive decimal integers name no task.
std::optional<std::int64_t> task_id(const std::string& text) {
  std::int64_t id = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, id);
  if (ec != std::errc() || ptr != end || id <= 0) return std::nullopt;
  return id;
}

void task_not_found(httplib::Response& response) {
  send_error(response, 404, "TASK_NOT_FOUND", "Task not found");
}

}  // namespace

void send_error(httplib::Response& response, int status, std::string_view code,
                std::string_view message) {
  send_json(response, status, {{"message", message}, {"code", code}});
}

void add_task_routes(httplib::Server& server, std::shared_ptr<TaskStore> store,
                     VerifyToken verify) {
  static const std::string kTasks = R"(/api/([^/]+)/tasks)";
  static const std::string kTask = R"(/api/([^/]+)/tasks/([^/]+))";

  server.Get(kTasks, [store, verify](const httplib::Request& req, httplib::Response& res) {
    const std::string user_id = req.matches[1];
    if (!authorized(req, res, verify, user_id)) return;
    auto tasks = nlohmann::ordered_json::array();
    for (const auto& task : store->list(user_id)) tasks.push_back(to_json(task));
    send_json(res, 200, tasks);
  });

  server.Post(kTasks, [store, verify](const httplib::Request& req, httplib::Response& res) {
    const std::string user_id = req.matches[1];
    if (!authorized(req, res, verify, user_id) || !json_body(req, res)) return;
    auto input = parse_new_task(req.body);
    if (!input) return send_error(res, 400, "VALIDATION_ERROR", input.error().message());
    const Task task =
        store->create(user_id, std::move(input->title), std::move(input->description));
    send_json(res, 201, to_json(task));
  });

  server.Get(kTask, [store, verify](const httplib::Request& req, httplib::Response& res) {
    const std::string user_id = req.matches[1];
    if (!authorized(req, res, verify, user_id)) return;
    const auto id = task_id(req.matches[2]);
    const auto task = id ? store->get(user_id, *id) : std::nullopt;
    if (!task) return task_not_found(res);
    send_json(res, 200, to_json(*task));
  });

  server.Put(kTask, [store, verify](const httplib::Request& req, httplib::Response& res) {
    const std::string user_id = req.matches[1];
    if (!authorized(req, res, verify, user_id) || !json_body(req, res)) return;
    const auto patch = parse_task_patch(req.body);
    if (!patch) return send_error(res, 400, "VALIDATION_ERROR", patch.error().message());
    const auto id = task_id(req.matches[2]);
    const auto task = id ? store->update(user_id, *id, *patch) : std::nullopt;
    if (!task) return task_not_found(res);
    send_json(res, 200, to_json(*task));
  });

  server.Delete(kTask, [store, verify](const httplib::Request& req, httplib::Response& res) {
    const std::string user_id = req.matches[1];
    if (!authorized(req, res, verify, user_id)) return;
    const auto id = task_id(req.matches[2]);
    if (!id || !store->remove(user_id, *id)) return task_not_found(res);
    res.status = 204;
  });
}

}  // namespace resource_server
