// authkit/user.hpp: the user record shared by the account flows and the JWT helpers.
//
// Thread safety: a plain value type.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace authkit {

/// The value of an extra user field (AuthServiceOptions::user_fields): null, a boolean, a
/// number or a string, as the JSON of better-auth's `user.additionalFields`.
using FieldValue = std::variant<std::nullptr_t, bool, double, std::string>;

/// Extra user fields by name. std::less<> so lookups take a string_view.
using UserFields = std::map<std::string, FieldValue, std::less<>>;

/// A user account as better-auth models it (id, email, name, emailVerified, image, times).
struct User {
  std::string id{};                    ///< Opaque, stable identifier; the JWT `sub`.
  std::string email{};                 ///< Normalised (lower-case) email address.
  std::string name{};                  ///< Display name.
  bool email_verified = false;         ///< Whether the address was confirmed.
  std::optional<std::string> image{};  ///< Optional avatar URL.
  std::chrono::system_clock::time_point created_at{};  ///< Creation time.
  std::chrono::system_clock::time_point updated_at{};  ///< Last update time.
  /// Extra fields (AuthServiceOptions::user_fields), as stored: the service writes declared
  /// fields only, but a store hands back every key it holds, so keys of fields no longer
  /// declared survive updates (the user JSON and the JWT show declared fields only).
  UserFields fields{};
};

}  // namespace authkit
