// authkit/store/user_store.hpp: where users and their password credentials live.
//
// Thread safety: implementations must be safe to call from many threads at once.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/records.hpp>
#include <authkit/user.hpp>

#include <optional>
#include <string_view>

namespace authkit {

/// Storage for users and credentials. Emails reach the store already normalised (trimmed,
/// lower-case); the store compares them byte for byte.
///
/// Atomicity contract:
/// - create_user() inserts the user and its credential together or not at all, and the email
///   is unique: of any number of concurrent create_user() calls for one email exactly one
///   succeeds and the others get USER_ALREADY_EXISTS.
/// - replace_credential_if() is a compare-and-swap on the stored hash.
/// Every function returns STORAGE_FAILURE when the backend fails; no other error codes are
/// returned unless listed.
class UserStore {
 public:
  virtual ~UserStore() = default;

  /// Inserts `user` and, when given, its credential. Errors: USER_ALREADY_EXISTS when the
  /// email or id is taken.
  [[nodiscard]] virtual Result<void> create_user(const User& user,
                                                 const std::optional<Credential>& credential) = 0;
  /// The user with `id`, or nullopt.
  [[nodiscard]] virtual Result<std::optional<User>> find_user_by_id(std::string_view id) = 0;
  /// The user with `email` (normalised), or nullopt.
  [[nodiscard]] virtual Result<std::optional<User>> find_user_by_email(std::string_view email) = 0;
  /// Overwrites email, name, email_verified, image, fields (the whole map: keys left out are
  /// removed) and updated_at of the user `user.id`.
  /// Errors: USER_NOT_FOUND; USER_ALREADY_EXISTS when the new email belongs to another user.
  [[nodiscard]] virtual Result<void> update_user(const User& user) = 0;
  /// The password credential of `user_id`, or nullopt if the user has none.
  [[nodiscard]] virtual Result<std::optional<Credential>> find_credential(
      std::string_view user_id) = 0;
  /// Inserts or replaces the credential of `credential.user_id`. Errors: USER_NOT_FOUND.
  [[nodiscard]] virtual Result<void> set_credential(const Credential& credential) = 0;
  /// Deletes the user `id` with its credential, sessions and one-time tokens; returns whether
  /// the user existed. (AuthService uses it to undo a sign-up whose verification mail failed.)
  [[nodiscard]] virtual Result<bool> delete_user(std::string_view id) = 0;
  /// Replaces the credential only if its stored hash still equals `expected_hash`; returns
  /// whether it did. Used to upgrade a hash after sign-in without undoing a concurrent change.
  [[nodiscard]] virtual Result<bool> replace_credential_if(const Credential& credential,
                                                           std::string_view expected_hash) = 0;
};

}  // namespace authkit
