// Private: building handler responses: JSON bodies, better-auth's {message, code} errors and
// their status codes, redirects, and the JSON shapes of users and sessions.
#pragma once

#include <authkit/auth_service.hpp>
#include <authkit/error.hpp>
#include <authkit/http/handler.hpp>
#include <authkit/store/records.hpp>
#include <authkit/user.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace authkit::http::respond {

/// `status` with `body` serialised and Content-Type: application/json.
[[nodiscard]] Response json(int status, const nlohmann::json& body);
/// `status` with {"message": message, "code": code}.
[[nodiscard]] Response error(int status, std::string_view code, std::string_view message);
/// An authkit error as better-auth answers it: the status its code has there, the public
/// code (infrastructure failures become 500 INTERNAL_SERVER_ERROR with a generic message) and
/// Retry-After for 429 and 503.
[[nodiscard]] Response from_error(const Error& error);
/// The HTTP status better-auth uses for `code` (400 for request errors it has no rule for).
[[nodiscard]] int status_of(Errc code) noexcept;
/// 404 with an empty body and no content type, as better-auth answers unknown routes.
[[nodiscard]] Response not_found();
/// 302 to `location` with an empty body (better-auth still labels it application/json).
[[nodiscard]] Response redirect(std::string location);

/// A user as better-auth serialises it: id, name, email, emailVerified, image (when set),
/// createdAt, updatedAt (ISO-8601 with milliseconds), and each of the `declared` extra fields
/// as a top-level property (see user_fields::visible: its default when the user has no value).
[[nodiscard]] nlohmann::json user_json(const User& user, const std::vector<UserField>& declared);
/// A session as better-auth serialises it. `token` fills the "token" field: the caller's own
/// raw token on get-session, the session id where authkit has no raw token (list-sessions).
[[nodiscard]] nlohmann::json session_json(const Session& session, std::string_view token);

}  // namespace authkit::http::respond
