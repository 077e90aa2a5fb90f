// SessionStore's default joined lookup, for stores that keep sessions apart from users.
#include <authkit/store/session_store.hpp>

#include <utility>

namespace authkit {

Result<std::optional<SessionWithUser>> SessionStore::find_session_with_user(
    std::string_view token_hash, UserStore& users) {
  auto session = find_session(token_hash);
  if (!session) return session.error();
  if (!*session) return std::optional<SessionWithUser>{};
  auto user = users.find_user_by_id((*session)->user_id);
  if (!user) return user.error();
  if (!*user) return std::optional<SessionWithUser>{};
  return std::optional<SessionWithUser>(
      SessionWithUser{.session = std::move(**session), .user = std::move(**user)});
}

}  // namespace authkit
