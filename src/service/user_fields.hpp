// Private: the extra user fields of AuthServiceOptions::user_fields (better-auth's
// user.additionalFields): checking the declarations, the values requests give, and what a
// user shows of them.
#pragma once

#include <authkit/auth_service.hpp>

#include <vector>

namespace authkit::user_fields {

using Declared = std::vector<UserField>;

/// Errors: INVALID_CONFIGURATION naming the field: a name that is not a JSON identifier
/// ([A-Za-z_][A-Za-z0-9_]*, at most 64 bytes) or is one of the user object's own keys, a
/// duplicate, a default whose type is not the field's, a required field with a null default
/// that is not an input (nothing could ever set it), or an in_jwt name the JWT sets itself.
[[nodiscard]] Result<void> check_declarations(const Declared& declared);

/// The fields a new account stores: `given` checked (see check_given) and every declared field
/// it leaves out set to its default, when it has one. Errors: VALIDATION_ERROR naming the
/// field: as check_given(), or a required field without a value or default.
[[nodiscard]] Result<UserFields> for_sign_up(const Declared& declared, const UserFields& given);

/// Errors: VALIDATION_ERROR naming the field when a given field is not declared, not an
/// input field, of the wrong type, null while required, or a string check_field_text()
/// refuses.
[[nodiscard]] Result<void> check_given(const Declared& declared, const UserFields& given);

/// "string", "number" or "boolean", as JSON and better-auth's validator name them.
[[nodiscard]] std::string_view type_name(FieldType type) noexcept;

/// What `user` shows of its fields: every declared field, as stored, or its default when the
/// user has no value of the field's type for it (it was declared, or its type changed, after
/// the user was stored). Stored keys that are not declared are left out.
[[nodiscard]] UserFields visible(const Declared& declared, const User& user);

}  // namespace authkit::user_fields
