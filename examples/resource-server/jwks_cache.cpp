#include "jwks_cache.hpp"

#include <utility>

namespace resource_server {

JwksCache::JwksCache(JwksFetch fetch, std::shared_ptr<const authkit::Clock> clock,
                     JwksCacheOptions options)
    : fetch_(std::move(fetch)), clock_(std::move(clock)), options_(std::move(options)) {}

JwksCache::Snapshot JwksCache::snapshot() const {
  const std::lock_guard lock(state_mutex_);
  const bool stale = verifier_ != nullptr && clock_->now() - fetched_at_ >= options_.max_age;
  return {verifier_, generation_, stale};
}

std::uint64_t JwksCache::fetch_count() const {
  const std::lock_guard lock(state_mutex_);
  return fetch_count_;
}

bool JwksCache::refresh() { return refresh_after(snapshot().generation); }

bool JwksCache::refresh_after(std::uint64_t seen_generation) {
  // Threads that miss at the same moment queue here; when the first one's fetch brings a new
  // set, the others see the new generation and use it instead of fetching again.
  const std::lock_guard fetch_lock(fetch_mutex_);
  const auto now = clock_->now();
  {
    const std::lock_guard lock(state_mutex_);
    if (generation_ != seen_generation) return true;
    if (last_attempt_ && now - *last_attempt_ < options_.cooldown) return false;
    last_attempt_ = now;  // failures count too: a dead auth server is not hammered either
    ++fetch_count_;
  }
  const auto body = fetch_();
  if (!body) {
    if (options_.log) options_.log("JWKS fetch failed; keeping the keys we have");
    return false;
  }
  // parse_public refuses private members and HMAC keys: a shared secret never comes from
  // the network.
  auto keys = authkit::JwkSet::parse_public(*body);
  if (!keys) {
    if (options_.log)
      options_.log("JWKS refused (" + keys.error().detail() + "); keeping the keys we have");
    return false;
  }
  auto verifier = authkit::JwtVerifier::create(std::move(*keys), options_.verify);
  if (!verifier) {
    if (options_.log) options_.log("JWKS unusable (" + verifier.error().detail() + ")");
    return false;
  }
  const std::lock_guard lock(state_mutex_);
  verifier_ = std::make_shared<const authkit::JwtVerifier>(std::move(*verifier));
  ++generation_;
  fetched_at_ = now;
  return true;
}

authkit::Result<authkit::VerifiedClaims> JwksCache::verify(std::string_view token) {
  Snapshot snap = snapshot();
  std::optional<authkit::Result<authkit::VerifiedClaims>> first;
  if (snap.verifier && !snap.stale) {
    auto result = snap.verifier->verify(token);
    if (result || result.error().code() != authkit::Errc::jwt_unknown_key) return result;
    first.emplace(std::move(result));
  }
  if (refresh_after(snap.generation)) {
    snap = snapshot();
  } else if (first) {
    return std::move(*first);  // no new keys: the first answer stands
  }
  if (!snap.verifier) {
    return authkit::Error(authkit::Errc::jwt_unknown_key, {}, "no JWKS has been fetched yet");
  }
  return snap.verifier->verify(token);
}

}  // namespace resource_server
