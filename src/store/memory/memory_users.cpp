// InMemoryStore: users and credentials.
#include <mutex>
#include <shared_mutex>

#include "store/memory/memory_data.hpp"

namespace authkit {

Result<void> InMemoryStore::create_user(const User& user,
                                        const std::optional<Credential>& credential) {
  if (credential && credential->user_id != user.id) {
    return Error(Errc::invalid_argument, {}, "credential.user_id differs from user.id");
  }
  const std::unique_lock lock(data_->mutex);
  if (data_->users.contains(user.id) || data_->user_id_by_email.contains(user.email)) {
    return Error(Errc::user_already_exists);
  }
  data_->users.emplace(user.id, user);
  data_->user_id_by_email.emplace(user.email, user.id);
  if (credential) data_->credentials.insert_or_assign(user.id, *credential);
  return {};
}

Result<std::optional<User>> InMemoryStore::find_user_by_id(std::string_view id) {
  const std::shared_lock lock(data_->mutex);
  const auto it = data_->users.find(id);
  if (it == data_->users.end()) return std::optional<User>{};
  return std::optional<User>{it->second};
}

Result<std::optional<User>> InMemoryStore::find_user_by_email(std::string_view email) {
  const std::shared_lock lock(data_->mutex);
  const auto id = data_->user_id_by_email.find(email);
  if (id == data_->user_id_by_email.end()) return std::optional<User>{};
  return std::optional<User>{data_->users.at(id->second)};
}

Result<void> InMemoryStore::update_user(const User& user) {
  const std::unique_lock lock(data_->mutex);
  const auto it = data_->users.find(user.id);
  if (it == data_->users.end()) return Error(Errc::user_not_found);
  User& stored = it->second;
  if (stored.email != user.email) {
    if (data_->user_id_by_email.contains(user.email)) return Error(Errc::user_already_exists);
    data_->user_id_by_email.erase(stored.email);
    data_->user_id_by_email.emplace(user.email, user.id);
  }
  stored.email = user.email;
  stored.name = user.name;
  stored.email_verified = user.email_verified;
  stored.image = user.image;
  stored.updated_at = user.updated_at;
  return {};
}

Result<bool> InMemoryStore::delete_user(std::string_view id) {
  const std::unique_lock lock(data_->mutex);
  const auto user = data_->users.find(id);
  if (user == data_->users.end()) return false;
  // Everything that belongs to the user goes with it, as the SQL foreign keys cascade.
  if (const auto owned = data_->session_ids_by_user.find(id);
      owned != data_->session_ids_by_user.end()) {
    const auto session_ids = owned->second;  // erase_session() edits the index
    for (const auto& session_id : session_ids) {
      data_->erase_session(data_->sessions.find(session_id));
    }
  }
  for (auto it = data_->verifications.begin(); it != data_->verifications.end();) {
    if (it->second.user_id == id) {
      data_->verification_id_by_key.erase(
          std::make_pair(it->second.purpose, it->second.token_hash));
      it = data_->verifications.erase(it);
    } else {
      ++it;
    }
  }
  data_->credentials.erase(user->first);
  data_->user_id_by_email.erase(user->second.email);
  data_->users.erase(user);
  return true;
}

Result<std::optional<Credential>> InMemoryStore::find_credential(std::string_view user_id) {
  const std::shared_lock lock(data_->mutex);
  const auto it = data_->credentials.find(user_id);
  if (it == data_->credentials.end()) return std::optional<Credential>{};
  return std::optional<Credential>{it->second};
}

Result<void> InMemoryStore::set_credential(const Credential& credential) {
  const std::unique_lock lock(data_->mutex);
  if (!data_->users.contains(credential.user_id)) return Error(Errc::user_not_found);
  data_->credentials.insert_or_assign(credential.user_id, credential);
  return {};
}

Result<bool> InMemoryStore::replace_credential_if(const Credential& credential,
                                                  std::string_view expected_hash) {
  const std::unique_lock lock(data_->mutex);
  const auto it = data_->credentials.find(credential.user_id);
  if (it == data_->credentials.end() || it->second.password_hash != expected_hash) return false;
  it->second = credential;
  return true;
}

}  // namespace authkit
