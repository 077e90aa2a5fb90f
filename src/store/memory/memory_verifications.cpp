// InMemoryStore: one-time tokens.
#include <mutex>
#include <shared_mutex>

#include "store/memory/memory_impl.hpp"

namespace authkit {

Result<void> InMemoryStore::create_verification(const Verification& verification) {
  const std::unique_lock lock(impl_->mutex);
  auto key = std::make_pair(verification.purpose, verification.token_hash);
  // Token hashes are unique per purpose, the key lookups go by (SQL: the unique identifier
  // "<purpose>:<token_hash>").
  if (impl_->verification_id_by_key.contains(key) ||
      impl_->verifications.contains(verification.id)) {
    return Error(Errc::invalid_argument, {}, "verification id or token hash already exists");
  }
  impl_->verifications.emplace(verification.id, verification);
  impl_->verification_id_by_key.emplace(std::move(key), verification.id);
  return {};
}

Result<std::optional<Verification>> InMemoryStore::find_verification(std::string_view purpose,
                                                                     std::string_view token_hash) {
  const std::shared_lock lock(impl_->mutex);
  const auto id = impl_->verification_id_by_key.find(
      std::make_pair(std::string(purpose), std::string(token_hash)));
  if (id == impl_->verification_id_by_key.end()) return std::optional<Verification>{};
  return std::optional<Verification>{impl_->verifications.at(id->second)};
}

Result<ConsumeResult> InMemoryStore::consume_verification(
    std::string_view purpose, std::string_view token_hash,
    std::chrono::system_clock::time_point now) {
  const std::unique_lock lock(impl_->mutex);
  const auto id = impl_->verification_id_by_key.find(
      std::make_pair(std::string(purpose), std::string(token_hash)));
  if (id == impl_->verification_id_by_key.end()) return ConsumeResult{};
  Verification& v = impl_->verifications.at(id->second);
  if (v.consumed_at) return ConsumeResult{};
  if (v.expires_at <= now) return ConsumeResult{ConsumeStatus::expired, v};
  v.consumed_at = now;
  return ConsumeResult{ConsumeStatus::consumed, v};
}

Result<std::size_t> InMemoryStore::invalidate_verifications(
    std::string_view user_id, std::string_view purpose, std::chrono::system_clock::time_point now) {
  const std::unique_lock lock(impl_->mutex);
  std::size_t spent = 0;
  for (auto& [id, v] : impl_->verifications) {
    if (v.user_id == user_id && v.purpose == purpose && !v.consumed_at) {
      v.consumed_at = now;
      ++spent;
    }
  }
  return spent;
}

Result<std::size_t> InMemoryStore::delete_stale_verifications(
    std::chrono::system_clock::time_point before) {
  const std::unique_lock lock(impl_->mutex);
  std::size_t deleted = 0;
  for (auto it = impl_->verifications.begin(); it != impl_->verifications.end();) {
    const Verification& v = it->second;
    if (v.expires_at < before || (v.consumed_at && *v.consumed_at < before)) {
      impl_->verification_id_by_key.erase(std::make_pair(v.purpose, v.token_hash));
      it = impl_->verifications.erase(it);
      ++deleted;
    } else {
      ++it;
    }
  }
  return deleted;
}

}  // namespace authkit
