// RateLimiter: better-auth's rule table, rule matching, keys, windows and configuration.
#include <algorithm>
#include <authkit/rate_limit.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "unit/rate_limit/fake_rate_limit_store.hpp"
#include "unit/test_support.hpp"

namespace {

using authkit::Errc;
using authkit::RateLimiter;
using authkit::RateLimiterOptions;
using authkit::RateLimitPathRule;
using authkit::RateLimitRule;
using authkit::test::code_of;
using authkit::test::FakeRateLimitStore;
using authkit::test::kOk;
using std::chrono::seconds;

struct Fixture {
  std::shared_ptr<FakeRateLimitStore> store = std::make_shared<FakeRateLimitStore>();
  std::shared_ptr<authkit::ManualClock> clock = authkit::test::clock_at();

  RateLimiter limiter(RateLimiterOptions options = {}) const {
    auto made = RateLimiter::create(store, std::move(options), clock);
    REQUIRE(made.has_value());
    return *made;
  }
};

// Sends `n` requests and returns how many were allowed.
int allowed_of(const RateLimiter& limiter, std::string_view client, std::string_view path, int n) {
  int allowed = 0;
  for (int i = 0; i < n; ++i) {
    if (limiter.check(client, path)) ++allowed;
  }
  return allowed;
}

}  // namespace

TEST_CASE("better_auth_rules lists better-auth's special rules in order", "[rate_limit]") {
  const auto rules = RateLimiterOptions::better_auth_rules();
  const std::vector<std::tuple<std::string, std::uint32_t, seconds>> expected{
      {"/sign-in*", 3, seconds(10)},
      {"/sign-up*", 3, seconds(10)},
      {"/change-password*", 3, seconds(10)},
      {"/change-email*", 3, seconds(10)},
      {"/request-password-reset*", 3, seconds(60)},
      {"/send-verification-email*", 3, seconds(60)},
      {"/forget-password*", 3, seconds(60)},
  };
  REQUIRE(rules.size() == expected.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    CAPTURE(i);
    CHECK(rules[i].path == std::get<0>(expected[i]));
    REQUIRE(rules[i].rule.has_value());
    CHECK(rules[i].rule->max == std::get<1>(expected[i]));
    CHECK(rules[i].rule->window == std::get<2>(expected[i]));
  }
  const RateLimiterOptions defaults;
  CHECK(defaults.enabled);
  CHECK(defaults.default_rule.max == 100);
  CHECK(defaults.default_rule.window == seconds(10));
  CHECK(defaults.rules.size() == expected.size());
}

TEST_CASE("sign-in allows 3 per 10 s, then 429 with retry_after 10", "[rate_limit]") {
  Fixture f;
  const auto limiter = f.limiter();
  for (int i = 0; i < 3; ++i) CHECK(code_of(limiter.check("203.0.113.7", "/sign-in/email")) == kOk);
  const auto denied = limiter.check("203.0.113.7", "/sign-in/email");
  REQUIRE_FALSE(denied.has_value());
  CHECK(denied.error().code() == Errc::too_many_requests);
  CHECK(denied.error().retry_after() == seconds(10));

  // Part of the window later, the rest of the window is reported, and a new window opens
  // once the whole window has passed.
  f.clock->advance(seconds(4));
  const auto later = limiter.check("203.0.113.7", "/sign-in/email");
  REQUIRE_FALSE(later.has_value());
  CHECK(later.error().retry_after() == seconds(6));
  f.clock->advance(seconds(6));
  CHECK(code_of(limiter.check("203.0.113.7", "/sign-in/email")) == kOk);
}

TEST_CASE("H3: request-password-reset allows 3 per 60 s", "[rate_limit]") {
  Fixture f;
  const auto limiter = f.limiter();
  CHECK(allowed_of(limiter, "198.51.100.1", "/request-password-reset", 5) == 3);
  const auto denied = limiter.check("198.51.100.1", "/request-password-reset");
  REQUIRE_FALSE(denied.has_value());
  CHECK(denied.error().retry_after() == seconds(60));
  f.clock->advance(seconds(59));
  CHECK(code_of(limiter.check("198.51.100.1", "/request-password-reset")) ==
        Errc::too_many_requests);
  f.clock->advance(seconds(1));
  CHECK(code_of(limiter.check("198.51.100.1", "/request-password-reset")) == kOk);
}

TEST_CASE("other paths get the default 100 per 10 s, unknown paths included", "[rate_limit]") {
  Fixture f;
  const auto limiter = f.limiter();
  CHECK(allowed_of(limiter, "198.51.100.1", "/get-session", 101) == 100);
  CHECK(allowed_of(limiter, "198.51.100.1", "/no/such/route", 101) == 100);
  const auto denied = limiter.check("198.51.100.1", "/no/such/route");
  REQUIRE_FALSE(denied.has_value());
  CHECK(denied.error().retry_after() == seconds(10));
}

TEST_CASE("rule_for: exact patterns, '*' prefixes, first match, default", "[rate_limit]") {
  Fixture f;
  RateLimiterOptions options;
  options.rules = {{"/exact", RateLimitRule{7, seconds(5)}},
                   {"/pre*", RateLimitRule{8, seconds(6)}},
                   {"/prefix-too*", RateLimitRule{9, seconds(7)}}};
  options.default_rule = RateLimitRule{11, seconds(12)};
  const auto limiter = f.limiter(options);
  CHECK(limiter.rule_for("/exact")->max == 7);
  CHECK(limiter.rule_for("/exact/more")->max == 11);  // exact means exact
  CHECK(limiter.rule_for("/pre")->max == 8);
  CHECK(limiter.rule_for("/prefix-too/x")->max == 8);  // the first match wins
  CHECK(limiter.rule_for("/pr")->max == 11);
  CHECK(limiter.rule_for("")->max == 11);
  CHECK(limiter.rule_for("/other")->window == seconds(12));
}

TEST_CASE("a custom rule before the defaults wins", "[rate_limit]") {
  Fixture f;
  RateLimiterOptions options;
  options.rules.insert(options.rules.begin(),
                       RateLimitPathRule{"/sign-in/email", RateLimitRule{5, seconds(30)}});
  const auto limiter = f.limiter(options);
  CHECK(allowed_of(limiter, "192.0.2.1", "/sign-in/email", 6) == 5);
  CHECK(allowed_of(limiter, "192.0.2.1", "/sign-in/social", 4) == 3);  // still better-auth's
}

TEST_CASE("a nullopt rule means unlimited and touches no store", "[rate_limit]") {
  Fixture f;
  RateLimiterOptions options;
  options.rules.insert(options.rules.begin(), RateLimitPathRule{"/sign-in/internal", std::nullopt});
  const auto limiter = f.limiter(options);
  CHECK_FALSE(limiter.rule_for("/sign-in/internal").has_value());
  CHECK(allowed_of(limiter, "192.0.2.1", "/sign-in/internal", 500) == 500);
  CHECK(f.store->hits() == 0);
  CHECK(allowed_of(limiter, "192.0.2.1", "/sign-in/email", 4) == 3);
}

TEST_CASE("a disabled limiter allows everything and touches no store", "[rate_limit]") {
  Fixture f;
  RateLimiterOptions options;
  options.enabled = false;
  const auto limiter = f.limiter(options);
  CHECK(allowed_of(limiter, "192.0.2.1", "/sign-in/email", 50) == 50);
  CHECK(f.store->hits() == 0);
}

TEST_CASE("buckets are per client and path, and an empty client shares one bucket",
          "[rate_limit]") {
  Fixture f;
  const auto limiter = f.limiter();
  CHECK(allowed_of(limiter, "192.0.2.1", "/sign-in/email", 4) == 3);
  CHECK(allowed_of(limiter, "192.0.2.2", "/sign-in/email", 4) == 3);
  CHECK(allowed_of(limiter, "192.0.2.1", "/sign-up/email", 4) == 3);
  CHECK(allowed_of(limiter, "", "/sign-in/email", 4) == 3);
  CHECK(code_of(limiter.check("", "/sign-in/email")) == Errc::too_many_requests);

  auto keys = f.store->window_keys();
  std::sort(keys.begin(), keys.end());
  CHECK(keys == std::vector<std::string>{"rl:192.0.2.1|/sign-in/email",
                                         "rl:192.0.2.1|/sign-up/email",
                                         "rl:192.0.2.2|/sign-in/email", "rl:|/sign-in/email"});
}

TEST_CASE("a store failure is reported as STORAGE_FAILURE", "[rate_limit]") {
  Fixture f;
  const auto limiter = f.limiter();
  f.store->set_failing(true);
  CHECK(code_of(limiter.check("192.0.2.1", "/sign-in/email")) == Errc::storage_failure);
}

TEST_CASE("RateLimiter::create rejects unusable configurations", "[rate_limit]") {
  Fixture f;
  auto invalid = [&f](RateLimiterOptions options) {
    return code_of(RateLimiter::create(f.store, std::move(options), f.clock));
  };
  CHECK(code_of(RateLimiter::create(nullptr)) == Errc::invalid_configuration);

  RateLimiterOptions zero_default;
  zero_default.default_rule.max = 0;
  CHECK(invalid(zero_default) == Errc::invalid_configuration);

  RateLimiterOptions short_default;
  short_default.default_rule.window = seconds(0);
  CHECK(invalid(short_default) == Errc::invalid_configuration);

  RateLimiterOptions zero_rule;
  zero_rule.rules.push_back({"/x", RateLimitRule{0, seconds(10)}});
  CHECK(invalid(zero_rule) == Errc::invalid_configuration);

  RateLimiterOptions short_rule;
  short_rule.rules.push_back({"/x", RateLimitRule{3, seconds(0)}});
  CHECK(invalid(short_rule) == Errc::invalid_configuration);

  RateLimiterOptions empty_path;
  empty_path.rules.push_back({"", RateLimitRule{}});
  CHECK(invalid(empty_path) == Errc::invalid_configuration);

  RateLimiterOptions unlimited_rule;
  unlimited_rule.rules.push_back({"/health", std::nullopt});
  CHECK(invalid(unlimited_rule) == kOk);
  CHECK(invalid(RateLimiterOptions{}) == kOk);
}

TEST_CASE("RateLimiter without a clock uses the system clock", "[rate_limit]") {
  auto store = std::make_shared<FakeRateLimitStore>();
  auto limiter = RateLimiter::create(store);
  REQUIRE(limiter.has_value());
  CHECK(code_of(limiter->check("192.0.2.1", "/sign-in/email")) == kOk);
  CHECK(store->hits() == 1);
}
