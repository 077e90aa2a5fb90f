#include "user_field_flag.hpp"

#include <cmath>
#include <cstdlib>

namespace authkit_server {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::optional<authkit::FieldType> parse_type(std::string_view type) {
  if (type == "string") return authkit::FieldType::string;
  if (type == "number") return authkit::FieldType::number;
  if (type == "boolean") return authkit::FieldType::boolean;
  return std::nullopt;
}

std::string_view type_name(authkit::FieldType type) {
  switch (type) {
    case authkit::FieldType::number:
      return "number";
    case authkit::FieldType::boolean:
      return "boolean";
    default:
      return "string";
  }
}

/// `text` as a value of `type`, or nullopt.
std::optional<authkit::FieldValue> parse_value(authkit::FieldType type, const std::string& text) {
  switch (type) {
    case authkit::FieldType::string:
      return authkit::FieldValue{text};
    case authkit::FieldType::boolean:
      if (text == "true") return authkit::FieldValue{true};
      if (text == "false") return authkit::FieldValue{false};
      return std::nullopt;
    case authkit::FieldType::number: {
      char* end = nullptr;
      const double number = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(number)) {
        return std::nullopt;
      }
      return authkit::FieldValue{number};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<authkit::UserField> parse_user_field(std::string_view spec, std::string& error) {
  const auto parts = split(spec, ':');
  const auto usage = [&](std::string_view why) {
    error = "--user-field " + std::string(spec) + ": " + std::string(why) +
            " (NAME:TYPE[:default=VALUE][:required][:readonly][:jwt])";
    return std::nullopt;
  };
  if (parts.size() < 2 || parts[0].empty()) return usage("wants a name and a type");
  const auto type = parse_type(parts[1]);
  if (!type) return usage("the type is one of string, number, boolean");
  authkit::UserField field{.name = std::string(parts[0]), .type = *type};
  for (std::size_t i = 2; i < parts.size(); ++i) {
    const std::string_view option = parts[i];
    if (option == "required") {
      field.required = true;
    } else if (option == "readonly") {
      field.input = false;
    } else if (option == "jwt") {
      field.in_jwt = true;
    } else if (option.substr(0, 8) == "default=") {
      auto value = parse_value(*type, std::string(option.substr(8)));
      if (!value) return usage("the default is not a " + std::string(parts[1]));
      field.default_value = std::move(*value);
    } else {
      return usage("unknown option \"" + std::string(option) + "\"");
    }
  }
  return field;
}

std::string describe_user_fields(const std::vector<authkit::UserField>& fields) {
  if (fields.empty()) return "none";
  std::string out;
  for (const auto& field : fields) {
    if (!out.empty()) out += ',';
    out += field.name + ":" + std::string(type_name(field.type));
    if (field.required) out += ":required";
    if (!field.input) out += ":readonly";
    if (field.in_jwt) out += ":jwt";
  }
  return out;
}

}  // namespace authkit_server
