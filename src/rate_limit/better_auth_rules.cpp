// better-auth's built-in special rules, so that a client written against better-auth meets the
// same limits here. better-auth's email-OTP routes are left out: authkit has no OTP flow.
#include <authkit/rate_limit.hpp>

namespace authkit {

std::vector<RateLimitPathRule> RateLimiterOptions::better_auth_rules() {
  using std::chrono::seconds;
  const RateLimitRule credentials{3, seconds(10)};
  const RateLimitRule mail_sending{3, seconds(60)};
  return {
      {"/sign-in*", credentials},
      {"/sign-up*", credentials},
      {"/change-password*", credentials},
      {"/change-email*", credentials},
      {"/request-password-reset*", mail_sending},
      {"/send-verification-email*", mail_sending},
      {"/forget-password*", mail_sending},
  };
}

}  // namespace authkit
