// InMemoryStore: JWT signing keys.
#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include "store/memory/memory_impl.hpp"
#include "store/signing_key_order.hpp"

namespace authkit {

Result<std::vector<SigningKeyRecord>> InMemoryStore::list_signing_keys() {
  std::vector<SigningKeyRecord> keys;
  {
    const std::shared_lock lock(impl_->mutex);
    keys = impl_->signing_keys;
  }
  store_detail::sort_newest_first(keys);
  return keys;
}

Result<bool> InMemoryStore::insert_signing_key(const SigningKeyRecord& key,
                                               std::size_t expected_count) {
  const std::unique_lock lock(impl_->mutex);
  if (impl_->signing_keys.size() != expected_count) return false;
  const bool exists = std::any_of(impl_->signing_keys.begin(), impl_->signing_keys.end(),
                                  [&](const SigningKeyRecord& k) { return k.id == key.id; });
  if (exists) return Error(Errc::invalid_argument, {}, "signing key id already exists");
  impl_->signing_keys.push_back(key);
  return true;
}

}  // namespace authkit
