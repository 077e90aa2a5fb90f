#include "store/user_fields_json.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <type_traits>

namespace authkit::store_detail {

nlohmann::json field_to_json(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double>) {
          constexpr double kExact = 9007199254740992.0;  // 2^53
          if (std::isfinite(v) && std::trunc(v) == v && std::fabs(v) <= kExact) {
            return static_cast<std::int64_t>(v);
          }
          return v;
        } else {
          return v;
        }
      },
      value);
}

std::optional<FieldValue> field_from_json(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return FieldValue{nullptr};
    case nlohmann::json::value_t::boolean:
      return FieldValue{value.get<bool>()};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return FieldValue{value.get<double>()};
    case nlohmann::json::value_t::string:
      return FieldValue{value.get<std::string>()};
    default:
      return std::nullopt;
  }
}

std::string encode_fields(const UserFields& fields) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : fields) out[name] = field_to_json(value);
  // Replace rather than throw on invalid UTF-8: the service checks strings on input, but a
  // caller of the store API may not have.
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

UserFields decode_fields(std::string_view text) {
  UserFields fields;
  if (text.empty()) return fields;
  const auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return fields;
  for (const auto& [name, member] : parsed.items()) {
    if (auto value = field_from_json(member)) fields.emplace(name, std::move(*value));
  }
  return fields;
}

}  // namespace authkit::store_detail
