// authkit/store/records.hpp: the rows authkit keeps besides User (user.hpp): a password
// credential, a session and a one-time verification token.
//
// Thread safety: plain value types.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace authkit {

/// The password of a user (better-auth's `account` row with providerId "credential").
struct Credential {
  std::string user_id{};        ///< The owner.
  std::string password_hash{};  ///< PHC Argon2id string, or a legacy bcrypt/scrypt hash.
  std::chrono::system_clock::time_point created_at{};  ///< When the credential was created.
  std::chrono::system_clock::time_point updated_at{};  ///< When the hash last changed.
};

/// A signed-in session. The raw session token is never stored: `token_hash` is the lowercase
/// hex SHA-256 of it (64 characters), and lookups go by that hash.
struct Session {
  std::string id{};          ///< Opaque identifier; safe to show (list, revoke by id).
  std::string user_id{};     ///< The owner.
  std::string token_hash{};  ///< hex(SHA-256(raw token)).
  std::chrono::system_clock::time_point expires_at{};  ///< Invalid at and after this instant.
  std::chrono::system_clock::time_point created_at{};  ///< Sign-in time.
  std::chrono::system_clock::time_point updated_at{};  ///< Last refresh of expires_at.
  std::string ip_address{};  ///< Client address at sign-in (may be empty).
  std::string user_agent{};  ///< Client user agent at sign-in (may be empty).
  bool remember_me = true;   ///< false: short-lived, never slid (better-auth's dont_remember).
};

/// Purposes of one-time tokens. A token is only ever accepted for the purpose it was made for.
namespace verification_purpose {
inline constexpr std::string_view verify_email = "verify-email";      ///< Email verification.
inline constexpr std::string_view reset_password = "reset-password";  ///< Password reset.
/// A device token: names the account a device signed in to, so the device is not throttled by
/// strangers' failures (see SignInThrottle). Not single use: spent when replaced or revoked.
inline constexpr std::string_view sign_in_device = "sign-in-device";
}  // namespace verification_purpose

/// A one-time token (email verification, password reset) or a device token. Only the hash of
/// the token is kept.
struct Verification {
  std::string id{};          ///< Opaque identifier.
  std::string purpose{};     ///< One of verification_purpose (hosts may add their own).
  std::string token_hash{};  ///< hex(SHA-256(raw token)); unique.
  std::string user_id{};     ///< The user the token acts on.
  std::string email{};       ///< The address the token was sent to (binds verify-email).
  std::chrono::system_clock::time_point expires_at{};  ///< Invalid at and after this instant.
  std::chrono::system_clock::time_point created_at{};  ///< Creation time.
  std::optional<std::chrono::system_clock::time_point> consumed_at{};  ///< Set once redeemed.
};

}  // namespace authkit
