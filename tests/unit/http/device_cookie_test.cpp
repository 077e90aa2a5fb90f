// The device cookie over HTTP: set by a successful sign-in with the session cookie's attributes
// and prefix rules, read back by the next sign-in so that a known browser is spared the
// account-wide throttle, and ignored when forged.
#include "unit/http/http_harness.hpp"

namespace authkit::test {

namespace {

constexpr const char* kEmail = "device@example.com";

/// The "name=value" of the device cookie that `response` sets, or an empty string.
std::string device_cookie_of(const http::Response& response) {
  for (const std::string& cookie : set_cookies(response)) {
    if (cookie.find(".device=") != std::string::npos) return cookie.substr(0, cookie.find(';'));
  }
  return {};
}

/// A sign-in request from the attacker's address `n` (each a different client).
http::Request guess(const HttpHarness& h, int n) {
  auto r = h.request("POST", "/sign-in/email",
                     nlohmann::json{{"email", kEmail}, {"password", "a wrong guess"}}.dump());
  r.peer_address = "10.9.0." + std::to_string(n + 1);
  return r;
}

/// The owner's sign-in, with `device` (a "name=value" cookie) when it is not empty.
http::Request owner_sign_in(const HttpHarness& h, const std::string& device, int n = 0) {
  auto r = h.request("POST", "/sign-in/email",
                     nlohmann::json{{"email", kEmail}, {"password", kPassword}}.dump());
  r.peer_address = "203.0.113." + std::to_string(n + 1);
  if (!device.empty()) r.headers.push_back({"Cookie", device});
  return r;
}

HttpHarness defended() {
  return HttpHarness::make([](AuthServiceOptions& o) {
    o.rate_limits.sign_in_throttle.enabled = true;
    o.rate_limits.requests.enabled = true;
  });
}

}  // namespace

TEST_CASE("F1: sign-in sets a signed HttpOnly device cookie with the session cookie's rules",
          "[http][device]") {
  SECTION("https: __Secure- and Secure") {
    auto h = HttpHarness::make();
    h.service.sign_up_verified(kEmail);
    const auto r = h.handler->handle(owner_sign_in(h, {}));
    REQUIRE(r.status == 200);
    std::string line;
    for (const auto& c : set_cookies(r)) {
      if (c.find(".device=") != std::string::npos) line = c;
    }
    REQUIRE(line.starts_with("__Secure-authkit.device="));
    CHECK(line.ends_with("; Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax"));
    // The value is the device token and its HMAC (URL-encoded '=' of the base64 signature);
    // the token itself is in the store only as a hash.
    const std::string value = line.substr(line.find('=') + 1, line.find(';') - line.find('=') - 1);
    CHECK(value.ends_with("%3D"));
    CHECK(value.find(body_of(r)["token"].get<std::string>()) == std::string::npos);
  }
  SECTION("http, with another prefix: no __Secure-, no Secure") {
    auto h = HttpHarness::make(
        [](AuthServiceOptions& o) { o.base_url = "http://localhost:3000/api/v1/auth"; },
        [](http::HandlerOptions& o) { o.cookie_prefix = "app"; });
    h.service.sign_up_verified(kEmail);
    auto request = owner_sign_in(h, {});
    request.headers = {{"Origin", "http://localhost:3000"}, {"Content-Type", "application/json"}};
    const auto r = h.handler->handle(request);
    REQUIRE(r.status == 200);
    const std::string device = device_cookie_of(r);
    CHECK(device.starts_with("app.device="));
    bool secure = false;
    for (const auto& c : set_cookies(r)) secure = secure || c.find("; Secure") != std::string::npos;
    CHECK_FALSE(secure);
  }
}

TEST_CASE("F1: over HTTP, strangers' failures never keep out the browser holding the device cookie",
          "[http][device]") {
  auto h = defended();
  h.service.sign_up_verified(kEmail);
  const auto first = h.handler->handle(owner_sign_in(h, {}));
  REQUIRE(first.status == 200);
  std::string device = device_cookie_of(first);
  REQUIRE_FALSE(device.empty());

  for (int round = 0; round < 5; ++round) {
    // A burst of guesses from many addresses: the account is throttled...
    for (int n = 0; n < 20; ++n) (void)h.handler->handle(guess(h, round * 20 + n));
    const auto stranger = h.handler->handle(owner_sign_in(h, {}, 100 + round));
    CHECK(stranger.status == 429);
    CHECK(stranger.header("Retry-After"));
    // ...but the owner's browser gets in, and its cookie is renewed.
    const auto owner = h.handler->handle(owner_sign_in(h, device, round));
    REQUIRE(owner.status == 200);
    const std::string renewed = device_cookie_of(owner);
    REQUIRE_FALSE(renewed.empty());
    CHECK(renewed != device);
    device = renewed;
    h.service.clock->advance(std::chrono::seconds(11));
  }
}

TEST_CASE("F1: a forged, tampered or foreign-secret device cookie is a stranger",
          "[http][device]") {
  auto h = defended();
  h.service.sign_up_verified(kEmail);
  const auto first = h.handler->handle(owner_sign_in(h, {}));
  const std::string device = device_cookie_of(first);
  REQUIRE_FALSE(device.empty());
  for (int n = 0; n < 6; ++n) (void)h.handler->handle(guess(h, n));

  std::string tampered = device;
  tampered[tampered.find('=') + 3] = tampered[tampered.find('=') + 3] == 'A' ? 'B' : 'A';
  const std::string name = device.substr(0, device.find('='));
  int client = 50;  // a new address each time, clear of the per-client rate limit
  for (const std::string& cookie :
       {tampered, name + "=garbage", name + "=", name + "=" + std::string(43, 'A') + ".sig"}) {
    INFO(cookie);
    CHECK(h.handler->handle(owner_sign_in(h, cookie, client++)).status == 429);
  }
  CHECK(h.handler->handle(owner_sign_in(h, device, client)).status == 200);
}

TEST_CASE("F1: failed and throttled sign-ins set no device cookie", "[http][device]") {
  auto h = defended();
  h.service.sign_up_verified(kEmail);
  const auto failed = h.handler->handle(guess(h, 0));
  CHECK(failed.status == 401);
  CHECK(device_cookie_of(failed).empty());
  CHECK(set_cookies(failed).empty());
}

}  // namespace authkit::test
