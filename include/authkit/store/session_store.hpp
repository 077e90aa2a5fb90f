// authkit/store/session_store.hpp: where sessions live.
//
// Thread safety: implementations must be safe to call from many threads at once.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/records.hpp>
#include <authkit/store/user_store.hpp>
#include <authkit/user.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace authkit {

/// A session and the user it belongs to, read together.
struct SessionWithUser {
  Session session;  ///< The session row.
  User user;        ///< Its user.
};

/// Storage for sessions, looked up by the hash of their token (never the token itself).
///
/// Atomicity contract: each call is atomic on its own; delete_sessions() removes every
/// matching row in one step, so no session of the user survives a concurrent reset. A session
/// whose user is deleted disappears with it. Errors: STORAGE_FAILURE unless listed.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  /// Inserts `session`. Errors: INVALID_ARGUMENT if the id or token hash already exists,
  /// USER_NOT_FOUND if the user does not exist.
  [[nodiscard]] virtual Result<void> create_session(const Session& session) = 0;
  /// The session whose token hash is `token_hash`, expired or not, or nullopt.
  [[nodiscard]] virtual Result<std::optional<Session>> find_session(
      std::string_view token_hash) = 0;
  /// The session whose token hash is `token_hash` (expired or not) together with its user, as
  /// `users` has it; nullopt if either is missing. This is the session check's one read.
  /// The default calls find_session() and then users.find_user_by_id(); a backend that keeps
  /// both tables (InMemoryStore, SqliteStore) overrides it to read both in one step when
  /// `users` is itself. Errors: those of the two calls.
  [[nodiscard]] virtual Result<std::optional<SessionWithUser>> find_session_with_user(
      std::string_view token_hash, UserStore& users);
  /// Sets expires_at and updated_at of session `id`; returns false if it no longer exists.
  [[nodiscard]] virtual Result<bool> update_session_expiry(
      std::string_view id, std::chrono::system_clock::time_point expires_at,
      std::chrono::system_clock::time_point updated_at) = 0;
  /// The sessions of `user_id` with expires_at > now, newest first.
  [[nodiscard]] virtual Result<std::vector<Session>> list_sessions(
      std::string_view user_id, std::chrono::system_clock::time_point now) = 0;
  /// Deletes session `id` if it belongs to `user_id`; returns whether a row was deleted.
  [[nodiscard]] virtual Result<bool> delete_session(std::string_view id,
                                                    std::string_view user_id) = 0;
  /// Deletes every session of `user_id` except `keep_id` (when given); returns how many.
  [[nodiscard]] virtual Result<std::size_t> delete_sessions(
      std::string_view user_id, std::optional<std::string_view> keep_id = std::nullopt) = 0;
  /// Deletes sessions with expires_at <= now; returns how many (housekeeping).
  [[nodiscard]] virtual Result<std::size_t> delete_expired_sessions(
      std::chrono::system_clock::time_point now) = 0;
};

}  // namespace authkit
