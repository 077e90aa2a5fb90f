// http::Handler::authenticate(): the session of a request to the host's own routes, from the
// signed cookie or a bearer token, slid as get-session slides it, and never rate-limited.
#include "unit/http/http_harness.hpp"

namespace authkit::test {

namespace {

/// A request to one of the host's own routes (outside the base path), carrying `cookie`.
http::Request host_request(const std::string& cookie) {
  http::Request r;
  r.method = "GET";
  r.path = "/api/me";
  r.peer_address = "192.0.2.10";
  if (!cookie.empty()) r.headers.push_back({"Cookie", cookie});
  return r;
}

}  // namespace

TEST_CASE("authenticate: the session cookie gives the session and its user",
          "[http][authenticate]") {
  auto h = HttpHarness::make();
  const auto none = h.handler->authenticate(host_request(""));
  REQUIRE(none.has_value());
  CHECK_FALSE(none->has_value());

  const nlohmann::json signed_in = h.sign_in("ana@example.com");
  const auto found = h.handler->authenticate(host_request(h.cookie));
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->user.email == "ana@example.com");
  CHECK((*found)->user.id == signed_in["user"]["id"].get<std::string>());
  CHECK((*found)->session.user_id == (*found)->user.id);
  // Nothing slid, so nothing to re-set.
  CHECK((*found)->headers.empty());
}

TEST_CASE("authenticate: a bad signature, a signed-out session and a bearer token",
          "[http][authenticate]") {
  auto h = HttpHarness::make();
  h.sign_in("bo@example.com");
  const std::string good = h.cookie;

  // One character of the signature changed: it no longer verifies.
  std::string forged = good;
  const std::size_t signature = forged.find('.') + 1;
  forged[signature] = forged[signature] == 'A' ? 'B' : 'A';
  const auto refused = h.handler->authenticate(host_request(forged));
  REQUIRE(refused.has_value());
  CHECK_FALSE(refused->has_value());

  // The raw token as a bearer token (the bearer option is on by default).
  const std::string value = good.substr(good.find('=') + 1);
  const std::string raw_token = value.substr(0, value.find('.'));  // base64url: no escapes
  http::Request bearer = host_request("");
  bearer.headers.push_back({"Authorization", "Bearer " + raw_token});
  const auto by_bearer = h.handler->authenticate(bearer);
  REQUIRE(by_bearer.has_value());
  REQUIRE(by_bearer->has_value());
  CHECK((*by_bearer)->user.email == "bo@example.com");

  REQUIRE(h.post("/sign-out", nlohmann::json::object()).status == 200);
  const auto ended = h.handler->authenticate(host_request(good));
  REQUIRE(ended.has_value());
  CHECK_FALSE(ended->has_value());
}

TEST_CASE("authenticate: a slid session comes with its re-set cookie", "[http][authenticate]") {
  auto h = HttpHarness::make();
  h.sign_in("cy@example.com");
  // Past session_update_age (1 day) but within the 7-day lifetime: the session slides.
  h.service.clock->advance(std::chrono::hours(25));
  const auto slid = h.handler->authenticate(host_request(h.cookie));
  REQUIRE(slid.has_value());
  REQUIRE(slid->has_value());
  bool session_cookie = false;
  for (const auto& header : (*slid)->headers) {
    if (header.name == "Set-Cookie" &&
        header.value.starts_with("__Secure-authkit.session_token=")) {
      session_cookie = true;
      CHECK(header.value.find("Max-Age=604800") != std::string::npos);
    }
  }
  CHECK(session_cookie);
  // Past the lifetime without use: gone.
  h.service.clock->advance(std::chrono::hours(24 * 8));
  const auto expired = h.handler->authenticate(host_request(h.cookie));
  REQUIRE(expired.has_value());
  CHECK_FALSE(expired->has_value());
}

TEST_CASE("authenticate: is not rate-limited where get-session is", "[http][authenticate]") {
  auto h = HttpHarness::make([](AuthServiceOptions& o) { o.rate_limits.requests.enabled = true; });
  h.sign_in("di@example.com");
  int found = 0;
  for (int i = 0; i < 150; ++i) {
    const auto result = h.handler->authenticate(host_request(h.cookie));
    if (result.has_value() && result->has_value()) ++found;
  }
  CHECK(found == 150);
  // The same 150 checks through the get-session route run into better-auth's default limit.
  int limited = 0;
  for (int i = 0; i < 150; ++i) {
    if (h.get("/get-session").status == 429) ++limited;
  }
  CHECK(limited > 0);
}

}  // namespace authkit::test
