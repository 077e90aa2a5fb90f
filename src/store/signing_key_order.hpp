// Private: the order SigningKeyStore::list_signing_keys() promises, shared by every store.
#pragma once

#include <authkit/store/signing_key_store.hpp>

#include <algorithm>
#include <vector>

namespace authkit::store_detail {

/// Sorts newest first; keys made in the same instant are ordered by id, descending.
inline void sort_newest_first(std::vector<SigningKeyRecord>& keys) {
  std::sort(keys.begin(), keys.end(), [](const SigningKeyRecord& a, const SigningKeyRecord& b) {
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return a.id > b.id;
  });
}

}  // namespace authkit::store_detail
