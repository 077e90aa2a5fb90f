// authkit-server's --user-field: declares an extra user field (AuthServiceOptions::user_fields)
// from NAME:TYPE[:OPTION]..., TYPE one of string, number, boolean, OPTION one of
// default=VALUE (up to the next ':'), required, readonly (not settable by clients) and jwt
// (a claim of issued JWTs). E.g. --user-field company:string, --user-field
// plan:string:default=free:readonly:jwt.
#pragma once

#include <authkit/auth_service.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit_server {

/// The field `spec` declares, or nullopt with a one-line reason in `error`. The name and the
/// default's fit are checked later, by AuthService::create().
[[nodiscard]] std::optional<authkit::UserField> parse_user_field(std::string_view spec,
                                                                 std::string& error);

/// "name:type[:...]" of each field, comma-separated, for --print-config; "none" when empty.
[[nodiscard]] std::string describe_user_fields(const std::vector<authkit::UserField>& fields);

}  // namespace authkit_server
