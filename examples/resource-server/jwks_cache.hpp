// A verifier over a remote JWKS: the keys are fetched once, kept, and fetched again when a
// token names a key id the set does not have (the auth server rotated its key) or when the
// set is older than max_age. Refetches are rate-limited by a cooldown, so a stream of tokens
// with made-up key ids costs the auth server at most one request per cooldown. A failed fetch
// keeps the keys we have. panva/jose's createRemoteJWKSet works the same way.
//
// The fetch function and the clock are injected, so the cooldown is tested with a
// ManualClock and a counting fetcher instead of sleeps (tests/unit/examples).
//
// Thread safety: verify() may be called from any number of threads. Verifying with the
// current keys takes a short lock to copy a shared_ptr; only refetches are serialized.
#pragma once

#include <authkit/clock.hpp>
#include <authkit/jwt.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace resource_server {

/// Fetches the JWKS document. Returns the body, or nullopt on any failure (network, status,
/// size); the cache then keeps its keys.
using JwksFetch = std::function<std::optional<std::string>()>;

struct JwksCacheOptions {
  /// The least time between two fetches, whatever triggers them.
  std::chrono::seconds cooldown{30};
  /// A set older than this is refetched before the next verification (key removals reach us
  /// within this time). A failed refetch keeps the old set.
  std::chrono::seconds max_age{600};
  /// iss/aud/leeway/... for every verification. Its `clock` should be the cache's clock.
  authkit::VerifyOptions verify{};
  /// Told why a fetched set was refused or a fetch failed (one line, no token material).
  std::function<void(const std::string&)> log{};
};

class JwksCache {
 public:
  /// Nothing is fetched until refresh() or verify() is called.
  JwksCache(JwksFetch fetch, std::shared_ptr<const authkit::Clock> clock, JwksCacheOptions options);

  /// Fetches now unless the cooldown forbids it. True if a usable set was fetched.
  bool refresh();

  /// Verifies `token` with the current keys; on JWT_UNKNOWN_KEY (or with no keys yet, or a
  /// stale set) refetches once, if the cooldown allows, and tries again. Errors: the JWT_*
  /// codes of JwtVerifier::verify(); JWT_UNKNOWN_KEY while no set has ever been fetched.
  [[nodiscard]] authkit::Result<authkit::VerifiedClaims> verify(std::string_view token);

  /// How many fetches were attempted (for tests and logs).
  [[nodiscard]] std::uint64_t fetch_count() const;

 private:
  struct Snapshot {
    std::shared_ptr<const authkit::JwtVerifier> verifier;  ///< null until a fetch succeeded
    std::uint64_t generation = 0;                          ///< bumped by every new set
    bool stale = false;                                    ///< older than max_age
  };
  [[nodiscard]] Snapshot snapshot() const;
  /// Fetches unless another thread already replaced the set seen as `seen_generation`, or the
  /// cooldown forbids it. True if the set in force is newer than `seen_generation`.
  bool refresh_after(std::uint64_t seen_generation);

  JwksFetch fetch_;
  std::shared_ptr<const authkit::Clock> clock_;
  JwksCacheOptions options_;

  std::mutex fetch_mutex_;          // one fetch at a time; held across the network call
  mutable std::mutex state_mutex_;  // guards everything below; never held across a fetch
  std::shared_ptr<const authkit::JwtVerifier> verifier_;
  std::uint64_t generation_ = 0;
  std::optional<authkit::Clock::time_point> last_attempt_;
  authkit::Clock::time_point fetched_at_{};
  std::uint64_t fetch_count_ = 0;
};

}  // namespace resource_server
