// Private: the tables and indexes of InMemoryStore, guarded by one reader-writer lock.
#pragma once

#include <authkit/store/memory_store.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/counters.hpp"

namespace authkit {

/// Hashes std::string and std::string_view alike, so lookups by string_view need no copy.
/// Deliberately not noexcept: libstdc++ then stores each node's hash code, so walking a
/// bucket compares stored codes instead of re-hashing (and fetching from memory) the key of
/// every neighbouring node.
struct TransparentStringHash {
  using is_transparent = void;
  // NOLINTNEXTLINE(performance-noexcept-*): see above.
  std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
};

/// Hash maps with heterogeneous lookup. Hashing rather than ordering: a session check walks
/// three of these, and with a million rows an ordered map's ~20 pointer hops per lookup (each
/// a likely cache miss) dominate the call; a hash map costs one or two. Nothing here relies on
/// iteration order (list_sessions sorts its result).
template <class V>
using ByKey = std::unordered_map<std::string, V, TransparentStringHash, std::equal_to<>>;

struct InMemoryStore::Impl {
  /// Shared for lookups, exclusive for every change: each public call is one critical
  /// section, which is what makes every call atomic.
  std::shared_mutex mutex;

  ByKey<User> users;                    ///< By id.
  ByKey<std::string> user_id_by_email;  ///< Email -> user id.
  ByKey<Credential> credentials;        ///< By user id.
  ByKey<Session> sessions;              ///< By id.
  /// What a token hash leads to: the session and its user, as pointers into `sessions` and
  /// `users`.
  struct TokenTarget {
    Session* session;
    const User* user;
  };
  /// Token hash -> session and user. Keys view the indexed Session's own token_hash. All of
  /// it stays valid because unordered_map nodes never move, a stored session's token hash
  /// never changes, and a user's sessions are erased before the user. One lookup instead of
  /// three keeps a session check among a million rows to a few cache misses.
  std::unordered_map<std::string_view, TokenTarget, TransparentStringHash> session_by_token;
  ByKey<std::set<std::string, std::less<>>> session_ids_by_user;  ///< User id -> session ids.
  ByKey<Verification> verifications;                              ///< By id.
  /// (purpose, token hash) -> verification id.
  std::map<std::pair<std::string, std::string>, std::string> verification_id_by_key;
  ByKey<store_detail::RateWindow> windows;     ///< Rate-limit windows by key.
  std::vector<SigningKeyRecord> signing_keys;  ///< In insertion order (a handful of rows).
  ByKey<FailureRecord> failures;               ///< Failure records by key.

  /// Removes session `it` from every index; returns the next iterator.
  ByKey<Session>::iterator erase_session(ByKey<Session>::iterator it);
};

}  // namespace authkit
