#include <authkit/rate_limit.hpp>

#include <algorithm>

namespace authkit {
namespace {

bool rule_is_valid(const RateLimitRule& rule) {
  return rule.max >= 1 && rule.window >= std::chrono::seconds(1);
}

// Exact match, or a prefix match when the pattern ends in '*'.
bool path_matches(std::string_view pattern, std::string_view path) {
  if (!pattern.empty() && pattern.back() == '*') {
    return path.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
  }
  return path == pattern;
}

}  // namespace

RateLimiter::RateLimiter(std::shared_ptr<RateLimitStore> store, RateLimiterOptions options,
                         std::shared_ptr<const Clock> clock) noexcept
    : store_(std::move(store)), options_(std::move(options)), clock_(std::move(clock)) {}

Result<RateLimiter> RateLimiter::create(std::shared_ptr<RateLimitStore> store,
                                        RateLimiterOptions options,
                                        std::shared_ptr<const Clock> clock) {
  auto bad = [](std::string why) { return Error(Errc::invalid_configuration, std::move(why)); };
  if (!store) return bad("RateLimiter needs a RateLimitStore");
  if (!rule_is_valid(options.default_rule)) {
    return bad("rate limit default_rule needs max >= 1 and a window of at least 1 s");
  }
  for (const RateLimitPathRule& rule : options.rules) {
    if (rule.path.empty()) return bad("rate limit rule with an empty path pattern");
    if (rule.rule && !rule_is_valid(*rule.rule)) {
      return bad("rate limit rule for '" + rule.path +
                 "' needs max >= 1 and a window of at least 1 s");
    }
  }
  if (!clock) clock = SystemClock::instance();
  return RateLimiter(std::move(store), std::move(options), std::move(clock));
}

std::optional<RateLimitRule> RateLimiter::rule_for(std::string_view path) const {
  const auto it = std::find_if(options_.rules.begin(), options_.rules.end(),
                               [path](const auto& rule) { return path_matches(rule.path, path); });
  if (it == options_.rules.end()) return options_.default_rule;
  return it->rule;
}

Result<void> RateLimiter::check(std::string_view client, std::string_view path) const {
  if (!options_.enabled) return {};
  const auto rule = rule_for(path);
  if (!rule) return {};
  // One bucket per client and path, as better-auth's "<ip>|<path>".
  std::string key = "rl:";
  key.append(client).append("|").append(path);
  auto decision = store_->hit(key, rule->max, rule->window, clock_->now());
  if (!decision) return decision.error();
  if (!decision->allowed) {
    // The store promises >= 1 s; a zero would tell an HTTP client to retry at once.
    const auto retry_after = std::max(decision->retry_after, std::chrono::seconds(1));
    return Error(Errc::too_many_requests).with_retry_after(retry_after);
  }
  return {};
}

}  // namespace authkit
