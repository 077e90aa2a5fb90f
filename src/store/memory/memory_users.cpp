// InMemoryStore: users and credentials.
#include <mutex>
#include <shared_mutex>

#include "store/memory/memory_impl.hpp"

namespace authkit {

Result<void> InMemoryStore::create_user(const User& user,
                                        const std::optional<Credential>& credential) {
  if (credential && credential->user_id != user.id) {
    return Error(Errc::invalid_argument, {}, "credential.user_id differs from user.id");
  }
  const std::unique_lock lock(impl_->mutex);
  if (impl_->users.contains(user.id) || impl_->user_id_by_email.contains(user.email)) {
    return Error(Errc::user_already_exists);
  }
  impl_->users.emplace(user.id, user);
  impl_->user_id_by_email.emplace(user.email, user.id);
  if (credential) impl_->credentials.insert_or_assign(user.id, *credential);
  return {};
}

Result<std::optional<User>> InMemoryStore::find_user_by_id(std::string_view id) {
  const std::shared_lock lock(impl_->mutex);
  const auto it = impl_->users.find(id);
  if (it == impl_->users.end()) return std::optional<User>{};
  return std::optional<User>{it->second};
}

Result<std::optional<User>> InMemoryStore::find_user_by_email(std::string_view email) {
  const std::shared_lock lock(impl_->mutex);
  const auto id = impl_->user_id_by_email.find(email);
  if (id == impl_->user_id_by_email.end()) return std::optional<User>{};
  return std::optional<User>{impl_->users.at(id->second)};
}

Result<void> InMemoryStore::update_user(const User& user) {
  const std::unique_lock lock(impl_->mutex);
  const auto it = impl_->users.find(user.id);
  if (it == impl_->users.end()) return Error(Errc::user_not_found);
  User& stored = it->second;
  if (stored.email != user.email) {
    if (impl_->user_id_by_email.contains(user.email)) return Error(Errc::user_already_exists);
    impl_->user_id_by_email.erase(stored.email);
    impl_->user_id_by_email.emplace(user.email, user.id);
  }
  stored.email = user.email;
  stored.name = user.name;
  stored.email_verified = user.email_verified;
  stored.image = user.image;
  stored.fields = user.fields;
  stored.updated_at = user.updated_at;
  return {};
}

Result<bool> InMemoryStore::delete_user(std::string_view id) {
  const std::unique_lock lock(impl_->mutex);
  const auto user = impl_->users.find(id);
  if (user == impl_->users.end()) return false;
  // Everything that belongs to the user goes with it, as the SQL foreign keys cascade.
  if (const auto owned = impl_->session_ids_by_user.find(id);
      owned != impl_->session_ids_by_user.end()) {
    const auto session_ids = owned->second;  // erase_session() edits the index
    for (const auto& session_id : session_ids) {
      impl_->erase_session(impl_->sessions.find(session_id));
    }
  }
  for (auto it = impl_->verifications.begin(); it != impl_->verifications.end();) {
    if (it->second.user_id == id) {
      impl_->verification_id_by_key.erase(
          std::make_pair(it->second.purpose, it->second.token_hash));
      it = impl_->verifications.erase(it);
    } else {
      ++it;
    }
  }
  impl_->credentials.erase(user->first);
  impl_->user_id_by_email.erase(user->second.email);
  impl_->users.erase(user);
  return true;
}

Result<std::optional<Credential>> InMemoryStore::find_credential(std::string_view user_id) {
  const std::shared_lock lock(impl_->mutex);
  const auto it = impl_->credentials.find(user_id);
  if (it == impl_->credentials.end()) return std::optional<Credential>{};
  return std::optional<Credential>{it->second};
}

Result<void> InMemoryStore::set_credential(const Credential& credential) {
  const std::unique_lock lock(impl_->mutex);
  if (!impl_->users.contains(credential.user_id)) return Error(Errc::user_not_found);
  impl_->credentials.insert_or_assign(credential.user_id, credential);
  return {};
}

Result<bool> InMemoryStore::replace_credential_if(const Credential& credential,
                                                  std::string_view expected_hash) {
  const std::unique_lock lock(impl_->mutex);
  const auto it = impl_->credentials.find(credential.user_id);
  if (it == impl_->credentials.end() || it->second.password_hash != expected_hash) return false;
  it->second = credential;
  return true;
}

}  // namespace authkit
