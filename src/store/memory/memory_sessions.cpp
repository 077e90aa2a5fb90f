// InMemoryStore: sessions.
#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include "store/memory/memory_impl.hpp"

namespace authkit {

ByKey<Session>::iterator InMemoryStore::Impl::erase_session(ByKey<Session>::iterator it) {
  session_by_token.erase(it->second.token_hash);
  const auto owner = session_ids_by_user.find(it->second.user_id);
  if (owner != session_ids_by_user.end()) {
    owner->second.erase(it->first);
    if (owner->second.empty()) session_ids_by_user.erase(owner);
  }
  return sessions.erase(it);
}

Result<void> InMemoryStore::create_session(const Session& session) {
  const std::unique_lock lock(impl_->mutex);
  if (impl_->sessions.contains(session.id) ||
      impl_->session_by_token.contains(session.token_hash)) {
    return Error(Errc::invalid_argument, {}, "session id or token hash already exists");
  }
  const auto user = impl_->users.find(session.user_id);
  if (user == impl_->users.end()) return Error(Errc::user_not_found);
  Session& stored = impl_->sessions.emplace(session.id, session).first->second;
  impl_->session_by_token.emplace(stored.token_hash, Impl::TokenTarget{&stored, &user->second});
  impl_->session_ids_by_user[session.user_id].insert(session.id);
  return {};
}

Result<std::optional<Session>> InMemoryStore::find_session(std::string_view token_hash) {
  const std::shared_lock lock(impl_->mutex);
  const auto found = impl_->session_by_token.find(token_hash);
  if (found == impl_->session_by_token.end()) return std::optional<Session>{};
  return std::optional<Session>{*found->second.session};
}

Result<std::optional<SessionWithUser>> InMemoryStore::find_session_with_user(
    std::string_view token_hash, UserStore& users) {
  if (&users != static_cast<UserStore*>(this)) {
    return SessionStore::find_session_with_user(token_hash, users);
  }
  const std::shared_lock lock(impl_->mutex);
  const auto found = impl_->session_by_token.find(token_hash);
  if (found == impl_->session_by_token.end()) return std::optional<SessionWithUser>{};
  return std::optional<SessionWithUser>(
      SessionWithUser{.session = *found->second.session, .user = *found->second.user});
}

Result<bool> InMemoryStore::update_session_expiry(
    std::string_view id, std::chrono::system_clock::time_point expires_at,
    std::chrono::system_clock::time_point updated_at) {
  const std::unique_lock lock(impl_->mutex);
  const auto it = impl_->sessions.find(id);
  if (it == impl_->sessions.end()) return false;
  it->second.expires_at = expires_at;
  it->second.updated_at = updated_at;
  return true;
}

Result<std::vector<Session>> InMemoryStore::list_sessions(
    std::string_view user_id, std::chrono::system_clock::time_point now) {
  std::vector<Session> out;
  {
    const std::shared_lock lock(impl_->mutex);
    const auto owner = impl_->session_ids_by_user.find(user_id);
    if (owner == impl_->session_ids_by_user.end()) return out;
    for (const std::string& id : owner->second) {
      const Session& s = impl_->sessions.at(id);
      if (s.expires_at > now) out.push_back(s);
    }
  }
  // Newest first; ties by id (descending) so the order is the same in every backend.
  std::sort(out.begin(), out.end(), [](const Session& a, const Session& b) {
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return a.id > b.id;
  });
  return out;
}

Result<bool> InMemoryStore::delete_session(std::string_view id, std::string_view user_id) {
  const std::unique_lock lock(impl_->mutex);
  const auto it = impl_->sessions.find(id);
  if (it == impl_->sessions.end() || it->second.user_id != user_id) return false;
  impl_->erase_session(it);
  return true;
}

Result<std::size_t> InMemoryStore::delete_sessions(std::string_view user_id,
                                                   std::optional<std::string_view> keep_id) {
  const std::unique_lock lock(impl_->mutex);
  const auto owner = impl_->session_ids_by_user.find(user_id);
  if (owner == impl_->session_ids_by_user.end()) return std::size_t{0};
  // Copy the ids: erase_session() edits the set being walked.
  const std::set<std::string, std::less<>> ids = owner->second;
  std::size_t deleted = 0;
  for (const std::string& id : ids) {
    if (keep_id && id == *keep_id) continue;
    impl_->erase_session(impl_->sessions.find(id));
    ++deleted;
  }
  return deleted;
}

Result<std::size_t> InMemoryStore::delete_expired_sessions(
    std::chrono::system_clock::time_point now) {
  const std::unique_lock lock(impl_->mutex);
  std::size_t deleted = 0;
  for (auto it = impl_->sessions.begin(); it != impl_->sessions.end();) {
    if (it->second.expires_at <= now) {
      it = impl_->erase_session(it);
      ++deleted;
    } else {
      ++it;
    }
  }
  return deleted;
}

}  // namespace authkit
