// Private: extra user fields (User::fields) as JSON, the one conversion the SQL stores (their
// "additionalFields" text column), the service (JWT claims) and the handler (request bodies,
// the user JSON) share.
#pragma once

#include <authkit/user.hpp>

#include <nlohmann/json_fwd.hpp>  // callers of the JSON functions include json.hpp

#include <optional>
#include <string>
#include <string_view>

namespace authkit::store_detail {

/// `value` as JSON. A whole number within +-2^53 is written as an integer ("3", not "3.0"),
/// as JavaScript would.
[[nodiscard]] nlohmann::json field_to_json(const FieldValue& value);

/// A JSON scalar (null, boolean, number, string) as a FieldValue; nullopt for arrays and
/// objects, which no field type holds.
[[nodiscard]] std::optional<FieldValue> field_from_json(const nlohmann::json& value);

/// `fields` as a JSON object text, e.g. {"company":"X","seats":3}.
[[nodiscard]] std::string encode_fields(const UserFields& fields);

/// The fields of a stored JSON object text. Lenient, because the column may have been
/// written by another program: empty or unparsable text, or a value that is not an object,
/// reads as no fields, and members that are arrays or objects are skipped.
[[nodiscard]] UserFields decode_fields(std::string_view text);

}  // namespace authkit::store_detail
