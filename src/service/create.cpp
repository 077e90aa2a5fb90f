// AuthService::create(): validates the options and assembles the state the flows share.
#include "service/redirects.hpp"
#include "service/signing_keys.hpp"
#include "service/state.hpp"
#include "service/user_fields.hpp"
#include "util/url.hpp"

#include <authkit/jwt/jwk.hpp>
#include <nlohmann/json.hpp>

namespace authkit {
namespace {

Error config_error(std::string message) {
  return Error(Errc::invalid_configuration, std::move(message));
}

Result<void> check_durations(const AuthServiceOptions& o) {
  using std::chrono::seconds;
  if (o.sessions.expires_in <= seconds(0) || o.sessions.short_expires_in <= seconds(0) ||
      o.email_verification.expires_in <= seconds(0) || o.passwords.reset_expires_in <= seconds(0) ||
      o.jwt.expires_in <= seconds(0) || o.sessions.max_lifetime <= seconds(0) ||
      o.rate_limits.device_token_expires_in <= seconds(0)) {
    return config_error("every lifetime must be positive");
  }
  if (o.sessions.update_age < seconds(0)) {
    return config_error("sessions.update_age must not be negative");
  }
  if (o.sessions.max_lifetime < o.sessions.expires_in ||
      o.sessions.max_lifetime < o.sessions.short_expires_in) {
    return config_error("sessions.max_lifetime must be at least every session lifetime");
  }
  if (o.rate_limits.mail_per_address.max == 0 ||
      o.rate_limits.mail_per_address.window < seconds(1)) {
    return config_error("rate_limits.mail_per_address needs max >= 1 and a window of at least 1 s");
  }
  return {};
}

/// The published keys: the signing key first, then the retired ones (public halves only).
Result<JwkSet> published_keys(const Jwk& signing, const std::vector<Jwk>& previous) {
  std::vector<Jwk> keys{signing};
  keys.insert(keys.end(), previous.begin(), previous.end());
  auto set = JwkSet::create(std::move(keys));
  if (!set) {
    return Error(Errc::invalid_configuration, "the JWT keys do not form a valid key set",
                 set.error().message());
  }
  return set;
}

}  // namespace

Result<AuthService> AuthService::create(AuthServiceOptions options) {
  if (!options.stores.complete()) return config_error("every store must be set");
  if (!options.mail.service) return config_error("a mail service is required (mail.service)");
  const auto base = url::parse_base_url(options.base_url);
  if (!base) {
    return config_error("base_url must be an absolute http(s) URL without query or fragment");
  }
  options.base_url = base->origin + base->path;
  auto trusted = redirects::normalize_origins(options.trusted_origins);
  if (!trusted) return trusted.error();
  if (auto ok = check_durations(options); !ok) return ok.error();
  if (auto ok = user_fields::check_declarations(options.user_fields); !ok) return ok.error();
  if (!options.email_verification.send_on_sign_up) {
    options.email_verification.send_on_sign_up = options.email_verification.required;
  }
  if (options.jwt.issuer.empty()) options.jwt.issuer = base->origin;
  if (options.jwt.audience.empty()) options.jwt.audience = base->origin;
  auto clock = options.clock ? options.clock : SystemClock::instance();
  options.clock = clock;

  auto hasher = PasswordHasher::create(options.passwords.hashing);
  if (!hasher) return hasher.error();
  auto policy = PasswordPolicy::create(options.passwords.policy);
  if (!policy) return policy.error();
  auto limiter =
      RateLimiter::create(options.stores.rate_limits, options.rate_limits.requests, clock);
  if (!limiter) return limiter.error();
  auto throttle = SignInThrottle::create(options.stores.rate_limits,
                                         options.rate_limits.sign_in_throttle, clock);
  if (!throttle) return throttle.error();
  if (is_symmetric(options.jwt.algorithm)) {
    return config_error("jwt.algorithm must be asymmetric: its key is published in the JWKS");
  }
  auto loaded = signing_keys::load(options, clock->now());
  if (!loaded) return loaded.error();
  const Jwk* signing = &loaded->signing;
  auto keys = published_keys(*signing, loaded->retired);
  if (!keys) return keys.error();
  auto issuer = JwtIssuer::create(*signing, IssuerOptions{.lifetime = options.jwt.expires_in,
                                                          .issuer = options.jwt.issuer,
                                                          .audience = {options.jwt.audience},
                                                          .clock = clock});
  if (!issuer) {
    return Error(Errc::invalid_configuration, "the JWT signing key cannot sign",
                 issuer.error().message());
  }
  nlohmann::json jwks = keys->to_public_json();

  auto state = std::make_shared<const Impl>(Impl{
      .options = std::move(options),
      .clock = std::move(clock),
      .hasher = std::move(*hasher),
      .policy = std::move(*policy),
      .limiter = std::move(*limiter),
      .throttle = std::move(*throttle),
      .jwt_keys = std::move(*keys),
      .jwt_signer = std::move(*issuer),
      .jwks = std::move(jwks),
      .base_origin = base->origin,
      .trusted_origins = std::move(*trusted),
  });
  return AuthService(std::move(state));
}

const nlohmann::json& AuthService::jwks() const noexcept { return impl_->jwks; }
const JwkSet& AuthService::jwt_keys() const noexcept { return impl_->jwt_keys; }
const RateLimiter& AuthService::rate_limiter() const noexcept { return impl_->limiter; }

Result<void> AuthService::check_rate_limit(std::string_view path,
                                           const RequestContext& context) const {
  RequestContext counting = context;
  counting.rate_limit_counted = false;  // this call is the count
  return impl_->limit(counting, path);
}
const AuthServiceOptions& AuthService::options() const noexcept { return impl_->options; }

Result<void> AuthService::purge_expired() const {
  const auto now = impl_->now();
  const auto& stores = impl_->options.stores;
  if (auto r = stores.sessions->delete_expired_sessions(now); !r) return r.error();
  if (auto r = stores.verifications->delete_stale_verifications(now); !r) return r.error();
  // Counters idle for a day are past every window and every failure-reset period we allow.
  const auto idle = std::max<std::chrono::seconds>(
      std::chrono::hours(24), impl_->options.rate_limits.sign_in_throttle.reset_after);
  if (auto r = stores.rate_limits->delete_stale_rate_limits(now - idle); !r) return r.error();
  return {};
}

}  // namespace authkit
