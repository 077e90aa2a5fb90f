#include "service/user_fields.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string_view>

#include "service/profile.hpp"

namespace authkit::user_fields {
namespace {

constexpr std::size_t kMaxNameBytes = 64;

// The user object's own keys (responses::user_json writes them): a field may not shadow them.
constexpr std::array<std::string_view, 7> kUserKeys{
    "id", "email", "name", "image", "emailVerified", "createdAt", "updatedAt"};
// Claims issue_jwt() sets itself (JwtIssuer refuses them as extra claims).
constexpr std::array<std::string_view, 9> kJwtClaims{"iss", "sub", "aud",   "exp", "nbf",
                                                     "iat", "jti", "email", "name"};

bool is_identifier(std::string_view name) noexcept {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  const auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!alpha(name.front()) && name.front() != '_') return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return alpha(c) || (c >= '0' && c <= '9') || c == '_'; });
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

/// Whether `value` is null or a value of `type`.
bool has_type(const FieldValue& value, FieldType type) noexcept {
  if (std::holds_alternative<std::nullptr_t>(value)) return true;
  switch (type) {
    case FieldType::string:
      return std::holds_alternative<std::string>(value);
    case FieldType::number:
      return std::holds_alternative<double>(value) && std::isfinite(std::get<double>(value));
    case FieldType::boolean:
      return std::holds_alternative<bool>(value);
  }
  return false;
}

const UserField* find(const Declared& declared, std::string_view name) {
  const auto it = std::find_if(declared.begin(), declared.end(),
                               [&](const UserField& f) { return f.name == name; });
  return it == declared.end() ? nullptr : &*it;
}

bool is_null(const FieldValue& value) noexcept {
  return std::holds_alternative<std::nullptr_t>(value);
}

Error invalid(const std::string& name, std::string_view why) {
  return Error(Errc::validation_error, name + " " + std::string(why));
}

}  // namespace

Result<void> check_declarations(const Declared& declared) {
  std::set<std::string_view> seen;
  for (const UserField& field : declared) {
    const auto bad = [&](std::string_view why) {
      return Error(Errc::invalid_configuration,
                   "user_fields: \"" + field.name + "\" " + std::string(why));
    };
    if (!is_identifier(field.name)) {
      return bad("is not a valid field name ([A-Za-z_][A-Za-z0-9_]*, at most 64 bytes)");
    }
    if (contains(kUserKeys, field.name)) return bad("is a key of the user object itself");
    if (!seen.insert(field.name).second) return bad("is declared twice");
    if (!has_type(field.default_value, field.type)) {
      return bad("has a default that is not a " + std::string(type_name(field.type)));
    }
    if (field.required && !field.input && is_null(field.default_value)) {
      return bad("is required but neither an input nor defaulted, so it could never be set");
    }
    if (field.in_jwt && contains(kJwtClaims, field.name)) {
      return bad("is a claim issue_jwt() sets itself, so it cannot be in_jwt");
    }
  }
  return {};
}

Result<void> check_given(const Declared& declared, const UserFields& given) {
  for (const auto& [name, value] : given) {
    const UserField* field = find(declared, name);
    if (field == nullptr) return invalid(name, "is not a known field");
    if (!field->input) return invalid(name, "is not allowed to be set");
    if (!has_type(value, field->type)) {
      return invalid(name, "must be a " + std::string(type_name(field->type)));
    }
    if (field->required && is_null(value)) return invalid(name, "is required");
    if (const auto* text = std::get_if<std::string>(&value)) {
      if (auto ok = profile::check_field_text(*text, name); !ok) return ok.error();
    }
  }
  return {};
}

Result<UserFields> for_sign_up(const Declared& declared, const UserFields& given) {
  if (auto ok = check_given(declared, given); !ok) return ok.error();
  UserFields fields = given;
  for (const UserField& field : declared) {
    if (fields.contains(field.name)) continue;
    if (!is_null(field.default_value)) {
      fields.emplace(field.name, field.default_value);
    } else if (field.required) {
      return invalid(field.name, "is required");
    }
  }
  return fields;
}

std::string_view type_name(FieldType type) noexcept {
  switch (type) {
    case FieldType::string:
      return "string";
    case FieldType::number:
      return "number";
    case FieldType::boolean:
      return "boolean";
  }
  return "?";
}

UserFields visible(const Declared& declared, const User& user) {
  UserFields shown;
  for (const UserField& field : declared) {
    const auto it = user.fields.find(field.name);
    // A value of another type was stored under an earlier declaration: it reads as the default.
    const bool usable = it != user.fields.end() && has_type(it->second, field.type);
    shown.emplace(field.name, usable ? it->second : field.default_value);
  }
  return shown;
}

}  // namespace authkit::user_fields
