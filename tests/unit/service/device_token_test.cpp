// Device tokens (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): strangers who
// guess an account's password from many clients must not lock its owner out. All time is the
// injected clock's.
#include <string>

#include "crypto/digest.hpp"
#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kOwner = "owner@example.com";
constexpr const char* kWrong = "not the password";

/// Throttling and per-client rate limits on, as a deployment runs them.
template <class Backend>
Harness defended_harness() {
  return Harness::make<Backend>([](AuthServiceOptions& o) {
    o.rate_limits.sign_in_throttle.enabled = true;
    o.rate_limits.requests.enabled = true;
  });
}

/// The `i`th attacker client: a different address per request, so per-client limits never
/// stop the attack; only the account throttle does.
RequestContext attacker(int i) {
  return RequestContext{.ip_address = "10.7." + std::to_string(i / 250 % 250) + "." +
                                      std::to_string(i % 250 + 1)};
}

const RequestContext kOwnerClient{.ip_address = "203.0.113.7", .user_agent = "owner-browser"};

/// The owner from another address each time, for checks that must not meet the per-client
/// rate limit (3 sign-ins per 10 s).
RequestContext owner_elsewhere(int n) {
  return RequestContext{.ip_address = "198.51.100." + std::to_string(n)};
}

/// `n` failed guesses that the account throttle counts, waiting out each delay first as a
/// patient attacker would; the last action is a counted guess, so its delay runs now.
void counted_guesses(Harness& h, int n, int first_client = 0) {
  for (int i = 0; i < n; ++i) {
    auto guess =
        h.auth().sign_in({.email = kOwner, .password = kWrong}, attacker(first_client + i));
    if (!guess && guess.error().code() == Errc::too_many_requests) {
      h.clock->advance(guess.error().retry_after());
      guess = h.auth().sign_in({.email = kOwner, .password = kWrong}, attacker(first_client + i));
    }
    REQUIRE(code_of(guess) == Errc::invalid_email_or_password);
  }
}

/// The stored record of device token `token`.
std::optional<Verification> device_record(Harness& h, const std::string& token) {
  auto found =
      h.store->find_verification(verification_purpose::sign_in_device, digest::sha256_hex(token));
  REQUIRE(found.has_value());
  return *found;
}

}  // namespace

TEMPLATE_TEST_CASE("F1: a sign-in hands out a device token, stored only as a hash, rotated on use",
                   "[service][device]", BACKENDS) {
  auto h = defended_harness<TestType>();
  const User owner = h.sign_up_verified(kOwner);
  auto first = h.auth().sign_in({.email = kOwner, .password = kPassword}, kOwnerClient);
  REQUIRE(first.has_value());
  REQUIRE(first->device_token.size() == 43);
  CHECK(first->device_token != first->session.token);
  const auto record = device_record(h, first->device_token);
  REQUIRE(record.has_value());
  CHECK(record->user_id == owner.id);
  CHECK(record->email == kOwner);
  CHECK(record->expires_at == h.clock->now() + seconds(30 * 24 * 3600));
  CHECK_FALSE(record->consumed_at.has_value());
  CHECK(record->token_hash.find(first->device_token) == std::string::npos);

  // The next sign-in from this device presents it and gets a new one; the old one is spent.
  h.clock->advance(seconds(60));
  auto second = h.auth().sign_in(
      {.email = kOwner, .password = kPassword, .device_token = first->device_token}, kOwnerClient);
  REQUIRE(second.has_value());
  REQUIRE(second->device_token.size() == 43);
  CHECK(second->device_token != first->device_token);
  const auto spent = device_record(h, first->device_token);
  REQUIRE(spent.has_value());
  CHECK(spent->consumed_at.has_value());
}

TEMPLATE_TEST_CASE(
    "F1: an attacker failing from many clients never keeps out the owner's known device",
    "[service][device]", BACKENDS) {
  auto h = defended_harness<TestType>();
  h.sign_up_verified(kOwner);
  auto signed_in = h.auth().sign_in({.email = kOwner, .password = kPassword}, kOwnerClient);
  REQUIRE(signed_in.has_value());
  std::string device = signed_in->device_token;

  // One wrong password every 50 ms, each from another address (the attack that kept the owner
  // out 24 times of 24), for 50 s; the owner signs in every 4 s, as often as the per-client
  // limit (3 per 10 s) lets one address.
  int attacker_counted = 0;
  int attacker_throttled = 0;
  int owner_in = 0;
  int owner_tries = 0;
  for (int tick = 0; tick < 1000; ++tick) {
    h.clock->advance(milliseconds(50));
    auto guess = h.auth().sign_in({.email = kOwner, .password = kWrong}, attacker(tick));
    REQUIRE_FALSE(guess.has_value());
    if (guess.error().code() == Errc::too_many_requests) {
      ++attacker_throttled;
    } else {
      REQUIRE(guess.error().code() == Errc::invalid_email_or_password);
      ++attacker_counted;
    }
    if (tick % 80 == 79) {
      ++owner_tries;
      auto owner = h.auth().sign_in(
          {.email = kOwner, .password = kPassword, .device_token = device}, kOwnerClient);
      if (owner) {
        ++owner_in;
        device = owner->device_token;
      }
    }
  }
  CHECK(owner_tries == 12);
  CHECK(owner_in == owner_tries);
  // The attack was real: the account throttle held the strangers to a handful of guesses
  // (5 free, then 1, 2, 4, 8 and 16 s apart)...
  CHECK(attacker_counted == 10);
  CHECK(attacker_throttled == 990);
  // ...and it would have kept out anyone without a device token.
  CHECK(code_of(h.auth().sign_in({.email = kOwner, .password = kPassword}, owner_elsewhere(1))) ==
        Errc::too_many_requests);
  CHECK(h.audit->count(AuditEventType::sign_in_succeeded) == 1 + 12);
}

TEMPLATE_TEST_CASE("F1: the owner on a new device is throttled per account, at most max_delay",
                   "[service][device]", BACKENDS) {
  auto h = defended_harness<TestType>();
  h.sign_up_verified(kOwner);
  // The attacker makes guesses until the account is at the longest delay (15 counted
  // attempts: 5 free, then 1 s doubling to 512 s, then 900 s).
  counted_guesses(h, 16);
  // Without a device token the owner waits like anyone else, never longer than max_delay
  // (900 s) after the attacker's latest counted guess...
  auto refused = h.auth().sign_in({.email = kOwner, .password = kPassword}, kOwnerClient);
  REQUIRE(code_of(refused) == Errc::too_many_requests);
  CHECK(refused.error().retry_after() == seconds(900));
  // ...and once the attacker stops, waiting that long lets the owner in.
  h.clock->advance(refused.error().retry_after());
  auto in = h.auth().sign_in({.email = kOwner, .password = kPassword}, kOwnerClient);
  REQUIRE(in.has_value());
  CHECK_FALSE(in->device_token.empty());
}

TEMPLATE_TEST_CASE("F1: a known device is limited by its own failures, and only its own",
                   "[service][device]", BACKENDS) {
  auto h = defended_harness<TestType>();
  h.sign_up_verified(kOwner);
  auto signed_in = h.auth().sign_in({.email = kOwner, .password = kPassword}, kOwnerClient);
  REQUIRE(signed_in.has_value());
  const std::string device = signed_in->device_token;
  // Someone holding the device cookie (a stolen copy, say) gets five free guesses, then the
  // escalating delays: the device token is no way around the throttle.
  h.clock->advance(seconds(10));
  for (int n = 0; n < 5; ++n) {
    CHECK(code_of(h.auth().sign_in({.email = kOwner, .password = kWrong, .device_token = device},
                                   attacker(n))) == Errc::invalid_email_or_password);
  }
  auto throttled = h.auth().sign_in(
      {.email = kOwner, .password = kPassword, .device_token = device}, attacker(5));
  REQUIRE(code_of(throttled) == Errc::too_many_requests);
  CHECK(throttled.error().retry_after() == seconds(1));
  // Those failures were the device's own: a new device is not slowed by them.
  CHECK(h.auth().sign_in({.email = kOwner, .password = kPassword}, kOwnerClient).has_value());
}

TEMPLATE_TEST_CASE(
    "F1: device tokens of other accounts, expired or malformed ones give no standing",
    "[service][device]", BACKENDS) {
  auto h = defended_harness<TestType>();
  h.sign_up_verified(kOwner);
  h.sign_up_verified("mallory@example.com");
  auto mallory =
      h.auth().sign_in({.email = "mallory@example.com", .password = kPassword}, kOwnerClient);
  REQUIRE(mallory.has_value());
  auto owner = h.auth().sign_in({.email = kOwner, .password = kPassword}, kOwnerClient);
  REQUIRE(owner.has_value());
  counted_guesses(h, 5);
  // The account is throttled for strangers; mallory's own device token is one of them.
  CHECK(code_of(h.auth().sign_in(
            {.email = kOwner, .password = kPassword, .device_token = mallory->device_token},
            attacker(6))) == Errc::too_many_requests);
  CHECK(code_of(h.auth().sign_in(
            {.email = kOwner, .password = kPassword, .device_token = "not-a-token"},
            attacker(7))) == Errc::too_many_requests);
  CHECK(code_of(h.auth().sign_in(
            {.email = kOwner, .password = kPassword, .device_token = std::string(43, 'A')},
            attacker(8))) == Errc::too_many_requests);
  // An expired device token is a stranger too (30 days by default; the guesses keep coming).
  h.clock->advance(seconds(30 * 24 * 3600));
  counted_guesses(h, 5, 10);
  CHECK(code_of(h.auth().sign_in(
            {.email = kOwner, .password = kPassword, .device_token = owner->device_token},
            kOwnerClient)) == Errc::too_many_requests);
}

TEMPLATE_TEST_CASE("F1: a completed reset clears the account's failures and revokes its devices",
                   "[service][device]", BACKENDS) {
  auto h = defended_harness<TestType>();
  const User user = h.sign_up_verified(kOwner);
  auto signed_in = h.auth().sign_in({.email = kOwner, .password = kPassword}, kOwnerClient);
  REQUIRE(signed_in.has_value());
  const std::string old_device = signed_in->device_token;
  counted_guesses(h, 12);
  REQUIRE(code_of(h.auth().sign_in({.email = kOwner, .password = kPassword}, owner_elsewhere(1))) ==
          Errc::too_many_requests);

  REQUIRE(h.auth().request_password_reset({.email = kOwner}, kOwnerClient).has_value());
  const std::string reset = h.mail->last_token(kOwner, MailKind::reset_password);
  REQUIRE_FALSE(reset.empty());
  const std::string fresh = "a brand new passphrase";
  REQUIRE(
      h.auth().reset_password({.token = reset, .new_password = fresh}, kOwnerClient).has_value());

  // Cleared: the new password works at once, from any device.
  auto after = h.auth().sign_in({.email = kOwner, .password = fresh}, owner_elsewhere(2));
  REQUIRE(after.has_value());
  // Revoked: the device token from before the reset is spent...
  const auto record = device_record(h, old_device);
  REQUIRE(record.has_value());
  CHECK(record->consumed_at.has_value());
  CHECK(record->user_id == user.id);
  // ...so under a new attack it is no better than a stranger's device.
  counted_guesses(h, 5, 20);
  CHECK(code_of(h.auth().sign_in({.email = kOwner, .password = fresh, .device_token = old_device},
                                 owner_elsewhere(3))) == Errc::too_many_requests);
  CHECK(h.auth()
            .sign_in({.email = kOwner, .password = fresh, .device_token = after->device_token},
                     owner_elsewhere(4))
            .has_value());
}

}  // namespace authkit::test
