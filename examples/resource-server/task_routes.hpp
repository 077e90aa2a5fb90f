// Everything the resource server answers, CORS aside (cors.hpp): /health and the task API,
// /api/{user_id}/tasks (GET, POST) and /api/{user_id}/tasks/{id} (GET, PUT, DELETE), over
// authkit::http::Request and Response.
//
// Routing comes first, by hand: the path is split at '/' and each segment percent-decoded on
// its own (so "%2F" stays inside its segment, and the dashboard's encodeURIComponent(user_id)
// round-trips). Then every task handler runs the same steps in the same order, so a client
// learns nothing it is not entitled to:
//
//   400 BAD_REQUEST             a path segment with a broken percent-encoding ("%zz")
//   404 NOT_FOUND               no such route (a trailing '/' or an empty segment included)
//   405 METHOD_NOT_ALLOWED      a known path with another method; Allow lists the right ones
//   401 MISSING_TOKEN, ...      no valid bearer token (bearer_auth.hpp), with WWW-Authenticate
//   403 FORBIDDEN               the token's sub is not {user_id}
//   415 UNSUPPORTED_MEDIA_TYPE  a POST or PUT body not declared as application/json
//   400 VALIDATION_ERROR        a body that is not the JSON we want (task_json.hpp)
//   409 TASK_LIMIT_REACHED      a POST when the user already holds the most tasks allowed
//                               (TaskStore's cap, 1,000 by default); deleting one makes room
//   404 TASK_NOT_FOUND          a task the user does not have (or an id that is not one)
//
// Every error body is {"message", "code"}. HEAD reaches us as GET (the transport drops the
// body). 413 for bodies over the cap comes from the transport, before any of this.
//
// Thread safety: immutable after construction; handle() may be called from any number of
// threads at once.
#pragma once

#include <authkit/http/handler.hpp>

#include <memory>

#include "bearer_auth.hpp"
#include "task_store.hpp"

namespace resource_server {

class TaskRoutes {
 public:
  /// `verify` checks bearer tokens; `store` holds the tasks.
  TaskRoutes(std::shared_ptr<TaskStore> store, VerifyToken verify)
      : store_(std::move(store)), verify_(std::move(verify)) {}

  /// Answers one request (never throws on bad input: every refusal is a JSON error).
  [[nodiscard]] authkit::http::Response handle(const authkit::http::Request& request) const;

 private:
  std::shared_ptr<TaskStore> store_;
  VerifyToken verify_;
};

}  // namespace resource_server
