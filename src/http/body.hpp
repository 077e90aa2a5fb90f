// Private: request bodies. JSON objects (strictly parsed: no duplicate names, capped depth) and,
// where better-auth accepts them, form bodies; typed field access with better-auth's
// VALIDATION_ERROR messages.
#pragma once

#include <authkit/auth_service.hpp>
#include <authkit/http/handler.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace authkit::http {

/// Parses `request`'s body into `out` (an object). A missing or empty body is {}. Returns the
/// error response instead: 413 PAYLOAD_TOO_LARGE above `max_bytes`, 415 UNSUPPORTED_MEDIA_TYPE
/// for a content type other than JSON (or form, when `form_allowed`), 400 BAD_REQUEST for
/// malformed JSON, 400 BODY_MUST_BE_AN_OBJECT for JSON that is not an object.
[[nodiscard]] std::optional<Response> read_body(const Request& request, std::size_t max_bytes,
                                                bool form_allowed, nlohmann::json& out);

/// Typed reads from a body object. The first wrong or missing field is remembered and
/// error() turns it into 400 VALIDATION_ERROR "[body.<name>] Invalid input: expected <type>,
/// received <type>", the shape better-auth's validator answers with.
class Fields {
 public:
  explicit Fields(const nlohmann::json& body) noexcept : body_(body) {}

  /// A required string.
  [[nodiscard]] std::string required_string(std::string_view name);
  /// An optional string; absent or null gives nullopt.
  [[nodiscard]] std::optional<std::string> optional_string(std::string_view name);
  /// An optional boolean (form bodies send "true"/"false"); absent gives `fallback`.
  [[nodiscard]] bool optional_bool(std::string_view name, bool fallback);
  /// The `declared` extra user fields the body has as top-level members (better-auth's wire
  /// shape), unchecked but for arrays and objects, which no field type takes. Other members
  /// are not fields (callbackURL, rememberMe, ...) and are left alone.
  [[nodiscard]] UserFields user_fields(const std::vector<UserField>& declared);
  /// Whether the body has member `name` (even null).
  [[nodiscard]] bool has(std::string_view name) const;

  /// The validation error of the first bad field, or nullopt.
  [[nodiscard]] std::optional<Response> error() const;

 private:
  void fail(std::string_view name, std::string_view expected, const nlohmann::json* value);
  const nlohmann::json& body_;
  std::optional<std::string> error_;
};

}  // namespace authkit::http
