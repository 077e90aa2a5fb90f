#include "http/body.hpp"

#include <nlohmann/json.hpp>
#include "http/responses.hpp"
#include "json/strict_json.hpp"
#include "service/user_fields.hpp"
#include "store/user_fields_json.hpp"
#include "util/ascii.hpp"
#include "util/url.hpp"

namespace authkit::http {

namespace {

/// The media type of a Content-Type value, lower-cased, without parameters or blanks.
std::string media_type(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') content_type.remove_suffix(1);
  while (!content_type.empty() && content_type.front() == ' ') content_type.remove_prefix(1);
  return ascii::lower(content_type);
}

/// A JSON type name as better-auth's validator reports it.
std::string_view type_name(const nlohmann::json* value) {
  if (value == nullptr) return "undefined";
  switch (value->type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::object:
      return "object";
    default:
      return "number";
  }
}

// Caps for request bodies: far above any auth form, far below anything that could hurt.
constexpr json::Limits kBodyLimits{.max_depth = 8, .max_members = 64, .max_elements = 64};

}  // namespace

std::optional<Response> read_body(const Request& request, std::size_t max_bytes, bool form_allowed,
                                  nlohmann::json& out) {
  out = nlohmann::json::object();
  if (request.body.size() > max_bytes) {
    return respond::error(413, "PAYLOAD_TOO_LARGE", "Request body is too large");
  }
  const auto content_type = request.header("Content-Type");
  const std::string type = content_type ? media_type(*content_type) : std::string{};
  if (type.empty() && request.body.empty()) return std::nullopt;
  if (type == "application/x-www-form-urlencoded" && form_allowed) {
    auto pairs = url::parse_form(request.body);
    if (!pairs) return respond::error(400, "BAD_REQUEST", "Invalid form body");
    for (auto& [name, value] : *pairs) {
      if (!out.contains(name)) out[name] = std::move(value);  // the first value wins
    }
    return std::nullopt;
  }
  if (type != "application/json") {
    return respond::error(415, "UNSUPPORTED_MEDIA_TYPE",
                          "Content-Type \"" + std::string(content_type.value_or("")) +
                              "\" is not allowed. Allowed types: application/json");
  }
  if (request.body.empty()) return std::nullopt;
  // The strict scanner first (duplicate names, depth, UTF-8), then nlohmann for the values.
  json::Object scanned;
  bool too_deep = false;
  if (!json::parse_object(request.body, kBodyLimits, scanned, &too_deep)) {
    const auto parsed = nlohmann::json::parse(request.body, nullptr, false);
    if (!too_deep && !parsed.is_discarded() && !parsed.is_object()) {
      return respond::error(400, "BODY_MUST_BE_AN_OBJECT", "Body must be an object");
    }
    return respond::error(400, "BAD_REQUEST", "Invalid JSON in request body");
  }
  out = nlohmann::json::parse(request.body, nullptr, false);
  if (out.is_discarded() || !out.is_object()) {
    out = nlohmann::json::object();
    return respond::error(400, "BAD_REQUEST", "Invalid JSON in request body");
  }
  return std::nullopt;
}

std::string Fields::required_string(std::string_view name) {
  const auto it = body_.find(name);
  const nlohmann::json* value = it == body_.end() ? nullptr : &*it;
  if (value == nullptr || !value->is_string()) {
    fail(name, "string", value);
    return {};
  }
  return value->get<std::string>();
}

std::optional<std::string> Fields::optional_string(std::string_view name) {
  const auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    fail(name, "string", &*it);
    return std::nullopt;
  }
  return it->get<std::string>();
}

bool Fields::optional_bool(std::string_view name, bool fallback) {
  const auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) {  // form bodies
    if (*it == "true") return true;
    if (*it == "false") return false;
  }
  fail(name, "boolean", &*it);
  return fallback;
}

UserFields Fields::user_fields(const std::vector<UserField>& declared) {
  UserFields given;
  for (const UserField& field : declared) {
    const auto it = body_.find(field.name);
    if (it == body_.end()) continue;
    auto value = store_detail::field_from_json(*it);
    if (!value) {
      fail(field.name, user_fields::type_name(field.type), &*it);
      continue;
    }
    given.emplace(field.name, std::move(*value));
  }
  return given;
}

bool Fields::has(std::string_view name) const { return body_.find(name) != body_.end(); }

void Fields::fail(std::string_view name, std::string_view expected, const nlohmann::json* value) {
  if (error_) return;
  error_ = "[body." + std::string(name) + "] Invalid input: expected " + std::string(expected) +
           ", received " + std::string(type_name(value));
}

std::optional<Response> Fields::error() const {
  if (!error_) return std::nullopt;
  return respond::error(400, "VALIDATION_ERROR", *error_);
}

}  // namespace authkit::http
