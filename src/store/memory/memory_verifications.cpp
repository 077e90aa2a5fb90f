// InMemoryStore: one-time tokens.
#include <mutex>
#include <shared_mutex>

#include "store/memory/memory_data.hpp"

namespace authkit {

Result<void> InMemoryStore::create_verification(const Verification& verification) {
  const std::unique_lock lock(data_->mutex);
  auto key = std::make_pair(verification.purpose, verification.token_hash);
  // Token hashes are unique per purpose, the key lookups go by (SQL: the unique identifier
  // "<purpose>:<token_hash>").
  if (data_->verification_id_by_key.contains(key) ||
      data_->verifications.contains(verification.id)) {
    return Error(Errc::invalid_argument, {}, "verification id or token hash already exists");
  }
  data_->verifications.emplace(verification.id, verification);
  data_->verification_id_by_key.emplace(std::move(key), verification.id);
  return {};
}

Result<std::optional<Verification>> InMemoryStore::find_verification(std::string_view purpose,
                                                                     std::string_view token_hash) {
  const std::shared_lock lock(data_->mutex);
  const auto id = data_->verification_id_by_key.find(
      std::make_pair(std::string(purpose), std::string(token_hash)));
  if (id == data_->verification_id_by_key.end()) return std::optional<Verification>{};
  return std::optional<Verification>{data_->verifications.at(id->second)};
}

Result<ConsumeResult> InMemoryStore::consume_verification(
    std::string_view purpose, std::string_view token_hash,
    std::chrono::system_clock::time_point now) {
  const std::unique_lock lock(data_->mutex);
  const auto id = data_->verification_id_by_key.find(
      std::make_pair(std::string(purpose), std::string(token_hash)));
  if (id == data_->verification_id_by_key.end()) return ConsumeResult{};
  Verification& v = data_->verifications.at(id->second);
  if (v.consumed_at) return ConsumeResult{};
  if (v.expires_at <= now) return ConsumeResult{ConsumeStatus::expired, v};
  v.consumed_at = now;
  return ConsumeResult{ConsumeStatus::consumed, v};
}

Result<std::size_t> InMemoryStore::invalidate_verifications(
    std::string_view user_id, std::string_view purpose, std::chrono::system_clock::time_point now) {
  const std::unique_lock lock(data_->mutex);
  std::size_t spent = 0;
  for (auto& [id, v] : data_->verifications) {
    if (v.user_id == user_id && v.purpose == purpose && !v.consumed_at) {
      v.consumed_at = now;
      ++spent;
    }
  }
  return spent;
}

Result<std::size_t> InMemoryStore::delete_stale_verifications(
    std::chrono::system_clock::time_point before) {
  const std::unique_lock lock(data_->mutex);
  std::size_t deleted = 0;
  for (auto it = data_->verifications.begin(); it != data_->verifications.end();) {
    const Verification& v = it->second;
    if (v.expires_at < before || (v.consumed_at && *v.consumed_at < before)) {
      data_->verification_id_by_key.erase(std::make_pair(v.purpose, v.token_hash));
      it = data_->verifications.erase(it);
      ++deleted;
    } else {
      ++it;
    }
  }
  return deleted;
}

}  // namespace authkit
