// authkit/store/store.hpp: one object implementing every store interface, and the bundle of
// stores an AuthService uses.
//
// Thread safety: implementations must be safe to call from many threads at once. Stores is a
// plain value holding shared pointers.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/rate_limit_store.hpp>
#include <authkit/store/session_store.hpp>
#include <authkit/store/signing_key_store.hpp>
#include <authkit/store/user_store.hpp>
#include <authkit/store/verification_store.hpp>

#include <memory>

namespace authkit {

/// A backend that keeps everything (InMemoryStore, SqliteStore, your own).
class Store : public UserStore,
              public SessionStore,
              public VerificationStore,
              public RateLimitStore,
              public SigningKeyStore {
 public:
  /// Checks that the backend is reachable (a readiness probe). Errors: STORAGE_FAILURE.
  [[nodiscard]] virtual Result<void> ping() = 0;
};

/// The stores an AuthService talks to. They may be one object (Stores::of) or a mix, e.g.
/// users in SQL and sessions in a host's cache.
struct Stores {
  std::shared_ptr<UserStore> users{};                  ///< Users and credentials.
  std::shared_ptr<SessionStore> sessions{};            ///< Sessions.
  std::shared_ptr<VerificationStore> verifications{};  ///< One-time tokens.
  std::shared_ptr<RateLimitStore> rate_limits{};       ///< Rate-limit and failure counters.
  /// JWT signing keys. Optional: without it (or without AuthServiceOptions::jwt.key_secret)
  /// the service signs with a key that lives as long as the process.
  std::shared_ptr<SigningKeyStore> signing_keys{};

  /// Every member pointing at `store`.
  [[nodiscard]] static Stores of(const std::shared_ptr<Store>& store) {
    return Stores{store, store, store, store, store};
  }
  /// True when every required member is set (signing_keys is optional).
  [[nodiscard]] bool complete() const noexcept {
    return users && sessions && verifications && rate_limits;
  }
};

}  // namespace authkit
