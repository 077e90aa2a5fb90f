// Private: the tables and indexes of InMemoryStore, guarded by one reader-writer lock.
#pragma once

#include <authkit/store/memory_store.hpp>

#include <functional>
#include <map>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>

#include "store/counters.hpp"

namespace authkit {

/// Ordered maps with heterogeneous lookup, so string_view keys need no copy.
template <class V>
using ByKey = std::map<std::string, V, std::less<>>;

struct InMemoryStore::Data {
  /// Shared for lookups, exclusive for every change: each public call is one critical
  /// section, which is what makes every call atomic.
  std::shared_mutex mutex;

  ByKey<User> users;                                              ///< By id.
  ByKey<std::string> user_id_by_email;                            ///< Email -> user id.
  ByKey<Credential> credentials;                                  ///< By user id.
  ByKey<Session> sessions;                                        ///< By id.
  ByKey<std::string> session_id_by_token;                         ///< Token hash -> session id.
  ByKey<std::set<std::string, std::less<>>> session_ids_by_user;  ///< User id -> session ids.
  ByKey<Verification> verifications;                              ///< By id.
  /// (purpose, token hash) -> verification id.
  std::map<std::pair<std::string, std::string>, std::string> verification_id_by_key;
  ByKey<store_detail::RateWindow> windows;  ///< Rate-limit windows by key.
  ByKey<FailureRecord> failures;            ///< Failure records by key.

  /// Removes session `it` from every index; returns the next iterator.
  ByKey<Session>::iterator erase_session(ByKey<Session>::iterator it);
};

}  // namespace authkit
