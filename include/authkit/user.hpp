// authkit/user.hpp: the user record shared by the account flows and the JWT helpers.
//
// Thread safety: a plain value type.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace authkit {

/// A user account as better-auth models it (id, email, name, emailVerified, image, times).
struct User {
  std::string id{};                    ///< Opaque, stable identifier; the JWT `sub`.
  std::string email{};                 ///< Normalised (lower-case) email address.
  std::string name{};                  ///< Display name.
  bool email_verified = false;         ///< Whether the address was confirmed.
  std::optional<std::string> image{};  ///< Optional avatar URL.
  std::chrono::system_clock::time_point created_at{};  ///< Creation time.
  std::chrono::system_clock::time_point updated_at{};  ///< Last update time.
};

}  // namespace authkit
