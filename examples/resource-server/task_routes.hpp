// The API: /api/{user_id}/tasks and /api/{user_id}/tasks/{id}. Each handler runs the same
// steps in the same order, so a client learns nothing it is not entitled to:
//   401 without a valid token, 403 when the token's sub is not {user_id},
//   415 / 400 for a body that is not the JSON we want, then 404 for a task the user lacks.
// (413 for bodies over the cap comes from cpp-httplib, before any of this.)
#pragma once

#include <httplib.h>

#include <memory>
#include <string_view>

#include "bearer_auth.hpp"
#include "task_store.hpp"

namespace resource_server {

/// Registers the task routes on `server`. `verify` checks bearer tokens; `store` holds the
/// tasks. Both must outlive the server's run.
void add_task_routes(httplib::Server& server, std::shared_ptr<TaskStore> store, VerifyToken verify);

/// Sets a JSON error body {"message","code"} and the status.
void send_error(httplib::Response& response, int status, std::string_view code,
                std::string_view message);

}  // namespace resource_server
