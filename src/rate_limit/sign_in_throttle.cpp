#include <authkit/rate_limit.hpp>

#include <cstdint>

namespace authkit {
namespace {

/// "signin:<account>", or "signin:<account>|client:<client id>" for a known client's own
/// record. A normalised email cannot hold '|' after its '@', so the two forms never collide.
std::string failure_key(std::string_view account, std::string_view client_id) {
  std::string key = "signin:";
  key.append(account);
  if (!client_id.empty()) key.append("|client:").append(client_id);
  return key;
}

}  // namespace

SignInThrottle::SignInThrottle(std::shared_ptr<RateLimitStore> store, SignInThrottleOptions options,
                               std::shared_ptr<const Clock> clock) noexcept
    : store_(std::move(store)), options_(options), clock_(std::move(clock)) {}

Result<SignInThrottle> SignInThrottle::create(std::shared_ptr<RateLimitStore> store,
                                              SignInThrottleOptions options,
                                              std::shared_ptr<const Clock> clock) {
  auto bad = [](const char* why) { return Error(Errc::invalid_configuration, why); };
  if (!store) return bad("SignInThrottle needs a RateLimitStore");
  if (options.base_delay < std::chrono::seconds(1)) {
    return bad("sign-in throttle base_delay must be at least 1 s");
  }
  if (options.max_delay < options.base_delay) {
    return bad("sign-in throttle max_delay must not be below base_delay");
  }
  if (!clock) clock = SystemClock::instance();
  return SignInThrottle(std::move(store), options, std::move(clock));
}

std::chrono::seconds SignInThrottle::delay_after(std::uint32_t failures) const noexcept {
  if (failures < options_.free_failures) return std::chrono::seconds(0);
  const std::uint32_t doublings = failures - options_.free_failures;
  const auto base = options_.base_delay.count();
  const auto max = options_.max_delay.count();
  // base * 2^doublings > max exactly when base > max / 2^doublings (floor); checking that
  // first keeps the shift from overflowing for any failure count.
  if (doublings >= 63 || base > (max >> doublings)) return options_.max_delay;
  return std::chrono::seconds(base << doublings);
}

Result<void> SignInThrottle::begin_attempt(std::string_view account,
                                           std::string_view client_id) const {
  if (!options_.enabled) return {};
  const auto delay = [this](std::uint32_t failures) { return delay_after(failures); };
  auto decision = store_->begin_attempt(failure_key(account, client_id), clock_->now(),
                                        options_.reset_after, delay);
  if (!decision) return decision.error();
  if (!decision->allowed) {
    return Error(Errc::too_many_requests).with_retry_after(decision->retry_after);
  }
  return {};
}

Result<void> SignInThrottle::record_success(std::string_view account,
                                            std::string_view client_id) const {
  if (!options_.enabled) return {};
  return store_->clear_failures(failure_key(account, client_id));
}

}  // namespace authkit
