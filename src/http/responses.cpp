#include "http/responses.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "service/user_fields.hpp"
#include "store/user_fields_json.hpp"
#include "util/iso8601.hpp"

namespace authkit::http::respond {

Response json(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.headers.push_back({"Content-Type", "application/json"});
  // Replace invalid UTF-8 rather than throw: a user-supplied name is UTF-8 checked on input,
  // but a row written by another program might not be.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response error(int status, std::string_view code, std::string_view message) {
  return json(status, {{"message", message}, {"code", code}});
}

int status_of(Errc code) noexcept {
  switch (code) {
    case Errc::invalid_email_or_password:
    case Errc::invalid_token:  // reset-password overrides this with 400, as better-auth
    case Errc::token_expired:
    case Errc::unauthorized:
    case Errc::session_expired:
      return 401;
    case Errc::email_not_verified:
    case Errc::session_not_fresh:
    case Errc::invalid_origin:
    case Errc::missing_or_null_origin:
    case Errc::invalid_callback_url:
    case Errc::invalid_redirect_url:
    case Errc::forbidden:
      return 403;
    case Errc::user_already_exists:
    case Errc::user_already_exists_use_another_email:
      return 422;
    case Errc::too_many_requests:
      return 429;
    case Errc::service_unavailable:
    case Errc::storage_failure:  // the database is down or restarting: try again shortly
      return 503;
    case Errc::internal_server_error:
      return 500;
    default:
      break;
  }
  if (public_code(code) == Errc::internal_server_error && code != Errc::invalid_argument) {
    return 500;
  }
  return 400;
}

Response from_error(const Error& error) {
  const int status = status_of(error.code());
  Response response;
  if (status == 500) {
    // Storage, mail and crypto failures: the detail is for the server's logs, not the client.
    response = respond::error(500, "INTERNAL_SERVER_ERROR", "Internal server error");
  } else if (error.code() == Errc::storage_failure) {
    // The detail (which statement, which server) is for the logs; the client learns only
    // that a retry may work.
    response = respond::error(503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable");
  } else if (status == 429) {
    // better-auth's rate limiter answers without a code.
    response = json(429, {{"message", "Too many requests. Please try again later."}});
  } else {
    const Errc shown = error.code() == Errc::invalid_argument ? Errc::bad_request : error.code();
    response = respond::error(status, errc_name(public_code(shown)), error.message());
  }
  if (status == 429 || status == 503) {
    const auto seconds = std::max<long long>(error.retry_after().count(), 1);
    response.headers.push_back({"Retry-After", std::to_string(seconds)});
    if (status == 429) response.headers.push_back({"X-Retry-After", std::to_string(seconds)});
  }
  return response;
}

Response not_found() {
  Response response;
  response.status = 404;
  return response;
}

Response redirect(std::string location) {
  Response response;
  response.status = 302;
  // No Content-Type: the body is empty, and a JSON type on nothing misleads clients.
  response.headers.push_back({"Location", std::move(location)});
  return response;
}

nlohmann::json user_json(const User& user, const std::vector<UserField>& declared) {
  nlohmann::json out = {{"id", user.id},
                        {"name", user.name},
                        {"email", user.email},
                        {"emailVerified", user.email_verified},
                        {"createdAt", iso8601::format(user.created_at)},
                        {"updatedAt", iso8601::format(user.updated_at)}};
  if (user.image) out["image"] = *user.image;
  for (const auto& [name, value] : user_fields::visible(declared, user)) {
    out[name] = store_detail::field_to_json(value);
  }
  return out;
}

nlohmann::json session_json(const Session& session, std::string_view token) {
  return {{"id", session.id},
          {"token", token},
          {"userId", session.user_id},
          {"expiresAt", iso8601::format(session.expires_at)},
          {"createdAt", iso8601::format(session.created_at)},
          {"updatedAt", iso8601::format(session.updated_at)},
          {"ipAddress", session.ip_address},
          {"userAgent", session.user_agent}};
}

}  // namespace authkit::http::respond
