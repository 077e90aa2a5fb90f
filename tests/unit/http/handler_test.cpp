// http::Handler: routing, bodies, errors, cookies, bearer tokens, CSRF, CORS and rate limits,
// each checked against better-auth 1.7.25's wire behaviour as docs/http.md describes it.
#include "unit/http/http_harness.hpp"
#include "unit/rate_limit/fake_rate_limit_store.hpp"

namespace authkit::test {

namespace {

bool has_header(const http::Response& r, std::string_view name) {
  return r.header(name).has_value();
}

}  // namespace

// handle() is documented never to throw; the transport relies on it.
static_assert(
    noexcept(std::declval<const http::Handler&>().handle(std::declval<const http::Request&>())));

TEST_CASE("Handler: ok, unknown routes, wrong methods and foreign paths", "[http]") {
  auto h = HttpHarness::make();
  const auto ok = h.get("/ok");
  CHECK(ok.status == 200);
  CHECK(body_of(ok) == nlohmann::json{{"ok", true}});
  CHECK(ok.header("Content-Type") == "application/json");
  CHECK(ok.header("Cache-Control") == "no-store");

  for (const auto& r : {h.get("/nope"), h.get("/ok/"), h.get("/OK"), h.post("/ok", {}),
                        h.get("/sign-in/email"), h.get("/reset-password/a/b")}) {
    CHECK(r.status == 404);
    CHECK(r.body.empty());
    CHECK_FALSE(has_header(r, "Content-Type"));
  }
  http::Request outside = h.request("GET", "/ok");
  outside.path = "/api/v1/authok";
  CHECK(h.handler->handle(outside).status == 404);
  CHECK_FALSE(h.handler->owns("/api/v1/authok"));
  CHECK(h.handler->owns("/api/v1/auth/ok"));
}

TEST_CASE("J2: content type, body size and JSON shape are checked", "[http]") {
  auto h = HttpHarness::make();
  auto wrong_type = h.request("POST", "/request-password-reset", "email=a@example.com");
  wrong_type.headers.push_back({"Content-Type", "text/plain"});
  std::erase_if(wrong_type.headers, [](const http::Header& x) {
    return x.name == "Content-Type" && x.value == "application/json";
  });
  const auto r415 = h.send(wrong_type);
  CHECK(r415.status == 415);
  CHECK(body_of(r415)["code"] == "UNSUPPORTED_MEDIA_TYPE");

  const auto big = h.send(h.request("POST", "/sign-in/email", std::string(2 * 1024 * 1024, ' ')));
  CHECK(big.status == 413);
  CHECK(body_of(big)["code"] == "PAYLOAD_TOO_LARGE");

  const auto malformed = h.send(h.request("POST", "/sign-in/email", "{\"email\":"));
  CHECK(malformed.status == 400);
  CHECK(body_of(malformed) ==
        nlohmann::json{{"message", "Invalid JSON in request body"}, {"code", "BAD_REQUEST"}});
  const auto duplicate =
      h.send(h.request("POST", "/sign-in/email", R"({"email":"a@x.io","email":"b@x.io"})"));
  CHECK(duplicate.status == 400);
  const auto array = h.send(h.request("POST", "/sign-in/email", "[1,2]"));
  CHECK(array.status == 400);
  CHECK(body_of(array)["code"] == "BODY_MUST_BE_AN_OBJECT");

  const auto missing = h.post("/sign-in/email", {{"email", "a@example.com"}});
  CHECK(missing.status == 400);
  CHECK(body_of(missing) ==
        nlohmann::json{
            {"message", "[body.password] Invalid input: expected string, received undefined"},
            {"code", "VALIDATION_ERROR"}});
  const auto wrong_field_type =
      h.post("/sign-in/email", {{"email", "a@example.com"}, {"password", 12345678}});
  CHECK(body_of(wrong_field_type)["message"] ==
        "[body.password] Invalid input: expected string, received number");
}

TEST_CASE("Handler: sign-up with verification required answers token null and no cookie",
          "[http]") {
  auto h = HttpHarness::make();
  const auto r = h.post("/sign-up/email",
                        {{"name", "Ada"}, {"email", "Ada@Example.com"}, {"password", kPassword}});
  REQUIRE(r.status == 200);
  const auto body = body_of(r);
  CHECK(body["token"].is_null());
  CHECK(body["user"]["email"] == "ada@example.com");
  CHECK(body["user"]["name"] == "Ada");
  CHECK(body["user"]["emailVerified"] == false);
  CHECK(body["user"]["id"].is_string());
  CHECK(set_cookies(r).empty());
  CHECK_FALSE(h.service.mail->last_token("ada@example.com", MailKind::verify_email).empty());

  const auto weak =
      h.post("/sign-up/email", {{"name", "B"}, {"email", "b@example.com"}, {"password", "short"}});
  CHECK(weak.status == 400);
  CHECK(body_of(weak)["code"] == "PASSWORD_TOO_SHORT");
}

TEST_CASE("Handler: sign-up without verification signs in and sets the cookie", "[http]") {
  auto h = HttpHarness::make([](AuthServiceOptions& o) { o.email_verification.required = false; });
  const auto r = h.post("/sign-up/email",
                        {{"name", "Cy"}, {"email", "cy@example.com"}, {"password", kPassword}});
  REQUIRE(r.status == 200);
  CHECK(body_of(r)["token"].is_string());
  CHECK_FALSE(h.cookie.empty());
  CHECK(body_of(h.get("/get-session"))["user"]["email"] == "cy@example.com");
}

TEST_CASE("Handler: sign-in sets better-auth's cookie and get-session reads it", "[http]") {
  auto h = HttpHarness::make();
  h.service.sign_up_verified("dee@example.com");
  const auto r = h.post("/sign-in/email", {{"email", "dee@example.com"}, {"password", kPassword}});
  REQUIRE(r.status == 200);
  const auto body = body_of(r);
  CHECK(body["redirect"] == false);
  CHECK(body["user"]["email"] == "dee@example.com");
  const std::string token = body["token"];

  const auto cookies = set_cookies(r);
  REQUIRE(cookies.size() == 2);  // the session, then the device cookie (device_cookie_test)
  // https base URL: __Secure- prefix and Secure; better-auth's attribute order.
  CHECK(cookies[0].starts_with("__Secure-authkit.session_token=" + token + "."));
  CHECK(cookies[0].ends_with("; Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Lax"));
  CHECK(cookies[1].starts_with("__Secure-authkit.device="));
  // The bearer plugin's header: the signed value, not URL-encoded.
  const auto auth_token = r.header("set-auth-token");
  REQUIRE(auth_token);
  CHECK(auth_token->starts_with(token + "."));
  CHECK(auth_token->ends_with("="));

  const auto session = h.get("/get-session");
  REQUIRE(session.status == 200);
  const auto s = body_of(session);
  CHECK(s["user"]["email"] == "dee@example.com");
  CHECK(s["session"]["token"] == token);
  CHECK(s["session"]["userId"] == s["user"]["id"]);
  CHECK(s["session"]["userAgent"] == "catch2");
  CHECK(session.header("Cache-Control") == "no-store");
  CHECK(session.header("Pragma") == "no-cache");
}

TEST_CASE("Handler: sign-in errors keep better-auth's codes and statuses", "[http]") {
  auto h = HttpHarness::make();
  const auto unknown = h.post("/sign-in/email", {{"email", "x@example.com"}, {"password", "p"}});
  CHECK(unknown.status == 401);
  CHECK(body_of(unknown) == nlohmann::json{{"message", "Invalid email or password"},
                                           {"code", "INVALID_EMAIL_OR_PASSWORD"}});
  REQUIRE(h.service.auth()
              .sign_up({.email = "unverified@example.com", .password = kPassword, .name = "U"})
              .has_value());
  const auto unverified =
      h.post("/sign-in/email", {{"email", "unverified@example.com"}, {"password", kPassword}});
  CHECK(unverified.status == 403);
  CHECK(body_of(unverified)["code"] == "EMAIL_NOT_VERIFIED");
  const auto bad_email = h.post("/sign-in/email", {{"email", "nope"}, {"password", kPassword}});
  CHECK(bad_email.status == 400);
  CHECK(body_of(bad_email)["code"] == "INVALID_EMAIL");
}

TEST_CASE("Handler: sign-in with a callbackURL answers redirect and Location", "[http]") {
  auto h = HttpHarness::make();
  h.service.sign_up_verified("eve@example.com");
  const auto r = h.post(
      "/sign-in/email",
      {{"email", "eve@example.com"}, {"password", kPassword}, {"callbackURL", "/dashboard"}});
  REQUIRE(r.status == 200);
  CHECK(body_of(r)["redirect"] == true);
  CHECK(body_of(r)["url"] == "/dashboard");
  CHECK(r.header("Location") == "/dashboard");
  const auto evil = h.post("/sign-in/email", {{"email", "eve@example.com"},
                                              {"password", kPassword},
                                              {"callbackURL", "https://evil.example"}});
  CHECK(evil.status == 403);
  CHECK(body_of(evil)["code"] == "INVALID_CALLBACK_URL");
}

TEST_CASE("Handler: rememberMe false gives a browser-session cookie and dont_remember", "[http]") {
  auto h = HttpHarness::make();
  h.service.sign_up_verified("fay@example.com");
  const auto r =
      h.post("/sign-in/email",
             {{"email", "fay@example.com"}, {"password", kPassword}, {"rememberMe", false}});
  REQUIRE(r.status == 200);
  const auto cookies = set_cookies(r);
  REQUIRE(cookies.size() == 3);
  CHECK(cookies[0].find("Max-Age") == std::string::npos);
  CHECK(cookies[1].starts_with("__Secure-authkit.dont_remember=true."));
  // The device cookie outlives the browser session: it stands for the device, not the session.
  CHECK(cookies[2].starts_with("__Secure-authkit.device="));
  CHECK(cookies[2].find("; Max-Age=2592000;") != std::string::npos);
}

TEST_CASE("Handler: form bodies are accepted for sign-in only", "[http]") {
  auto h = HttpHarness::make();
  h.service.sign_up_verified("gus@example.com");
  auto form =
      h.request("POST", "/sign-in/email", "email=gus%40example.com&password=correct+horse+battery");
  form.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  std::erase_if(form.headers, [](const http::Header& x) { return x.value == "application/json"; });
  CHECK(h.send(form).status == 200);
  form.path = std::string(kBasePath) + "/request-password-reset";
  CHECK(h.send(form).status == 415);
}

TEST_CASE("Handler: sign-out ends the session and clears the cookies", "[http]") {
  auto h = HttpHarness::make();
  h.sign_in("hal@example.com");
  const std::string kept = h.cookie;
  const auto r = h.post("/sign-out", nlohmann::json::object());
  REQUIRE(r.status == 200);
  CHECK(body_of(r) == nlohmann::json{{"success", true}});
  const auto cleared = set_cookies(r);
  REQUIRE(cleared.size() == 3);
  for (const auto& c : cleared) CHECK(c.find("=; Max-Age=0; Path=/") != std::string::npos);
  CHECK(body_of(h.get("/get-session")).is_null());
  // The old cookie is dead server-side too: it now answers null and clears itself.
  h.cookie = kept;
  const auto replay = h.get("/get-session");
  CHECK(body_of(replay).is_null());
  CHECK(set_cookies(replay).size() == 3);
}

TEST_CASE("Handler: a tampered cookie reads as no session and is not cleared", "[http]") {
  auto h = HttpHarness::make();
  h.sign_in("ivy@example.com");
  h.cookie[h.cookie.find('=') + 1] ^= 1;
  const auto r = h.get("/get-session");
  CHECK(r.status == 200);
  CHECK(body_of(r).is_null());
  CHECK(set_cookies(r).empty());
}

TEST_CASE("Handler: bearer tokens, raw or signed, stand in for the cookie", "[http]") {
  auto h = HttpHarness::make();
  const auto signed_in = h.sign_in("jo@example.com");
  const std::string token = signed_in["token"];
  h.cookie.clear();
  auto raw = h.request("GET", "/get-session");
  raw.headers.push_back({"Authorization", "Bearer " + token});
  CHECK(body_of(h.send(raw))["user"]["email"] == "jo@example.com");
  auto lower = h.request("GET", "/get-session");
  lower.headers.push_back({"authorization", "bearer " + token});
  CHECK(body_of(h.send(lower))["user"]["email"] == "jo@example.com");
  // A bearer request needs no Origin for state changes: it carries no cookies (CSRF-safe).
  auto update = h.request("POST", "/update-user", R"({"name":"Jo B"})");
  std::erase_if(update.headers, [](const http::Header& x) { return x.name == "Origin"; });
  update.headers.push_back({"Authorization", "Bearer " + token});
  CHECK(h.send(update).status == 200);
  auto forged = h.request("GET", "/get-session");
  forged.headers.push_back({"Authorization", "Bearer " + token + ".AAAA"});
  CHECK(body_of(h.send(forged)).is_null());
}

TEST_CASE("J1: a session token in the query string is ignored", "[http]") {
  auto h = HttpHarness::make();
  const std::string token = h.sign_in("kit@example.com")["token"];
  h.cookie.clear();
  CHECK(body_of(h.get("/get-session?token=" + token)).is_null());
  CHECK(h.get("/token?token=" + token).status == 401);
}

TEST_CASE("J3: cookie-bearing state changes need a trusted Origin or Referer", "[http]") {
  auto h = HttpHarness::make(
      [](AuthServiceOptions& o) { o.trusted_origins = {"https://app.example.com"}; });
  h.sign_in("lee@example.com");
  auto request_from = [&](std::optional<std::string> origin, std::optional<std::string> referer) {
    auto r = h.request("POST", "/revoke-other-sessions", "{}");
    std::erase_if(r.headers, [](const http::Header& x) { return x.name == "Origin"; });
    if (origin) r.headers.push_back({"Origin", *origin});
    if (referer) r.headers.push_back({"Referer", *referer});
    return h.send(r);
  };
  const auto missing = request_from(std::nullopt, std::nullopt);
  CHECK(missing.status == 403);
  CHECK(body_of(missing)["code"] == "MISSING_OR_NULL_ORIGIN");
  CHECK(body_of(request_from("null", std::nullopt))["code"] == "MISSING_OR_NULL_ORIGIN");
  const auto evil = request_from("https://evil.example", std::nullopt);
  CHECK(evil.status == 403);
  CHECK(body_of(evil)["code"] == "INVALID_ORIGIN");
  CHECK(request_from("https://app.example.com", std::nullopt).status == 200);
  CHECK(request_from(std::nullopt, "https://auth.example.com/page").status == 200);
  CHECK(request_from(std::nullopt, "https://evil.example/page").status == 403);
}

TEST_CASE("a storage outage is a 503 with Retry-After that names no internals", "[http]") {
  auto counters = std::make_shared<test::FakeRateLimitStore>();
  auto h = HttpHarness::make([&](AuthServiceOptions& o) {
    o.rate_limits.requests.enabled = true;
    o.stores.rate_limits = counters;
  });
  CHECK(h.get("/ok").status == 200);
  counters->set_failing(true);  // as while PostgreSQL restarts
  const auto answer = h.get("/get-session");
  CHECK(answer.status == 503);
  CHECK(body_of(answer)["code"] == "SERVICE_UNAVAILABLE");
  CHECK(answer.header("Retry-After") == "1");
  CHECK(answer.body.find("STORAGE") == std::string::npos);
  counters->set_failing(false);  // the database is back
  CHECK(h.get("/get-session").status == 200);
}

TEST_CASE("J3: an Origin header that is not an origin is a malformed request", "[http]") {
  auto h = HttpHarness::make();
  h.sign_in("ode@example.com");
  const std::string trusted = "https://auth.example.com";
  for (const std::string origin : {"https%3A%2F%2Fauth.example.com", "auth.example.com",
                                   "https://auth.example.com\\@evil.example", "https://"}) {
    INFO(origin);
    auto r = h.request("POST", "/revoke-other-sessions", "{}");
    std::erase_if(r.headers, [](const http::Header& x) { return x.name == "Origin"; });
    r.headers.push_back({"Origin", origin});
    const auto answer = h.send(r);
    CHECK(answer.status == 400);
    CHECK(body_of(answer)["code"] == "MALFORMED_ORIGIN");

    auto preflight = h.request("OPTIONS", "/sign-in/email", "");
    std::erase_if(preflight.headers, [](const http::Header& x) { return x.name == "Origin"; });
    preflight.headers.push_back({"Origin", origin});
    preflight.headers.push_back({"Access-Control-Request-Method", "POST"});
    CHECK(h.send(preflight).status == 400);
  }
  auto r = h.request("POST", "/revoke-other-sessions", "{}");
  std::erase_if(r.headers, [](const http::Header& x) { return x.name == "Origin"; });
  r.headers.push_back({"Origin", trusted});
  CHECK(h.send(r).status == 200);
}

TEST_CASE("J3: sign-in refuses cross-site navigations and untrusted fetches", "[http]") {
  auto h = HttpHarness::make();
  h.service.sign_up_verified("max@example.com");
  const std::string body =
      nlohmann::json{{"email", "max@example.com"}, {"password", kPassword}}.dump();
  auto navigation = h.request("POST", "/sign-in/email", body);
  std::erase_if(navigation.headers, [](const http::Header& x) { return x.name == "Origin"; });
  navigation.headers.push_back({"Sec-Fetch-Site", "cross-site"});
  navigation.headers.push_back({"Sec-Fetch-Mode", "navigate"});
  const auto blocked = h.send(navigation);
  CHECK(blocked.status == 403);
  CHECK(body_of(blocked)["code"] == "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED");

  auto fetch_without_origin = h.request("POST", "/sign-in/email", body);
  std::erase_if(fetch_without_origin.headers,
                [](const http::Header& x) { return x.name == "Origin"; });
  fetch_without_origin.headers.push_back({"Sec-Fetch-Mode", "cors"});
  CHECK(body_of(h.send(fetch_without_origin))["code"] == "MISSING_OR_NULL_ORIGIN");

  auto curl = h.request("POST", "/sign-in/email", body);  // no browser headers at all
  std::erase_if(curl.headers, [](const http::Header& x) { return x.name == "Origin"; });
  CHECK(h.send(curl).status == 200);
}

TEST_CASE("Handler: CORS for trusted origins, including preflight", "[http]") {
  auto h = HttpHarness::make(
      [](AuthServiceOptions& o) { o.trusted_origins = {"https://*.example.org"}; });
  auto from_app = h.request("GET", "/ok");
  from_app.headers.push_back({"Origin", "https://app.example.org"});
  std::erase_if(from_app.headers,
                [](const http::Header& x) { return x.name == "Origin" && x.value == kOrigin; });
  const auto r = h.send(from_app);
  CHECK(r.header("Access-Control-Allow-Origin") == "https://app.example.org");
  CHECK(r.header("Access-Control-Allow-Credentials") == "true");
  CHECK(r.header("Vary") == "Origin");

  auto preflight = from_app;
  preflight.method = "OPTIONS";
  preflight.path = std::string(kBasePath) + "/sign-in/email";
  const auto p = h.send(preflight);
  CHECK(p.status == 204);
  CHECK(p.header("Access-Control-Allow-Origin") == "https://app.example.org");
  CHECK(p.header("Access-Control-Allow-Methods") == "GET, POST, OPTIONS");

  auto untrusted = preflight;
  untrusted.headers.back().value = "https://evil.example";
  std::erase_if(untrusted.headers, [](const http::Header& x) {
    return x.name == "Origin" && x.value == "https://app.example.org";
  });
  untrusted.headers.push_back({"Origin", "https://evil.example"});
  const auto refused = h.send(untrusted);
  CHECK(refused.status == 403);
  CHECK_FALSE(refused.header("Access-Control-Allow-Origin"));
  const auto plain_get = h.send([&] {
    auto x = h.request("GET", "/ok");
    std::erase_if(x.headers, [](const http::Header& y) { return y.name == "Origin"; });
    x.headers.push_back({"Origin", "https://evil.example"});
    return x;
  }());
  CHECK_FALSE(plain_get.header("Access-Control-Allow-Origin"));
}

TEST_CASE("J4: rate limits answer 429 with Retry-After and X-Retry-After", "[http]") {
  auto h = HttpHarness::make([](AuthServiceOptions& o) { o.rate_limits.requests.enabled = true; });
  const nlohmann::json wrong = {{"email", "nobody@example.com"}, {"password", "wrong password"}};
  // Three attempts per 10 s, each counted once (the handler and the service share the count).
  for (int i = 0; i < 3; ++i) CHECK(h.post("/sign-in/email", wrong).status == 401);
  const auto limited = h.post("/sign-in/email", wrong);
  CHECK(limited.status == 429);
  CHECK(body_of(limited) ==
        nlohmann::json{{"message", "Too many requests. Please try again later."}});
  CHECK(limited.header("Retry-After"));
  CHECK(limited.header("X-Retry-After") == limited.header("Retry-After"));
  CHECK(h.service.audit->count(AuditEventType::rate_limited) == 1);
  h.service.clock->advance(std::chrono::seconds(10));
  CHECK(h.post("/sign-in/email", wrong).status == 401);
}

TEST_CASE("G1: rate-limit keys hold route patterns, never a token or a made-up path", "[http]") {
  const auto recording = std::make_shared<FakeRateLimitStore>();
  auto h = HttpHarness::make([&](AuthServiceOptions& o) {
    o.rate_limits.requests.enabled = true;
    o.stores.rate_limits = recording;
  });
  h.sign_in("una@example.com");
  REQUIRE(h.post("/request-password-reset", {{"email", "una@example.com"}}).status == 200);
  const std::string token = h.service.mail->last_token("una@example.com", MailKind::reset_password);
  CHECK(h.get("/reset-password/" + token + "?callbackURL=%2Freset").status == 302);
  CHECK(h.get("/made-up/" + token).status == 404);
  CHECK(h.get("/another-made-up-path").status == 404);
  REQUIRE_FALSE(recording->window_keys().empty());
  for (const std::string& key : recording->window_keys()) {
    CHECK(key.find(token) == std::string::npos);
    CHECK(key.find("made-up") == std::string::npos);
  }
}

TEST_CASE("Handler: the client address is the peer unless it is a trusted proxy", "[http]") {
  auto h = HttpHarness::make([](AuthServiceOptions& o) { o.rate_limits.requests.enabled = true; },
                             [](http::HandlerOptions& o) {
                               o.trusted_proxies = TrustedProxies::parse({"10.0.0.1"}).value();
                             });
  const std::string body = nlohmann::json{{"email", "a@example.com"}, {"password", "p"}}.dump();
  auto spoofed = [&](const std::string& peer, const std::string& forwarded) {
    auto r = h.request("POST", "/sign-in/email", body);
    r.peer_address = peer;
    r.headers.push_back({"X-Forwarded-For", forwarded});
    return h.send(r).status;
  };
  // An untrusted peer cannot buy fresh buckets with X-Forwarded-For.
  for (int i = 0; i < 3; ++i) CHECK(spoofed("192.0.2.1", "198.51.100." + std::to_string(i)) == 401);
  CHECK(spoofed("192.0.2.1", "198.51.100.99") == 429);
  // Behind the trusted proxy, each forwarded client has its own bucket.
  for (int i = 0; i < 4; ++i) CHECK(spoofed("10.0.0.1", "198.51.100." + std::to_string(i)) == 401);
}

TEST_CASE("Handler: verify-email by link, with and without callbackURL", "[http]") {
  auto h = HttpHarness::make();
  REQUIRE(h.post("/sign-up/email",
                 {{"name", "N"}, {"email", "nia@example.com"}, {"password", kPassword}})
              .status == 200);
  const std::string token = h.service.mail->last_token("nia@example.com", MailKind::verify_email);
  const auto evil =
      h.get("/verify-email?token=" + token + "&callbackURL=https%3A%2F%2Fevil.example");
  CHECK(evil.status == 403);
  CHECK(body_of(evil)["code"] == "INVALID_CALLBACK_URL");
  const auto bad = h.get("/verify-email?token=nope&callbackURL=%2Fwelcome");
  CHECK(bad.status == 302);
  CHECK(bad.header("Location") == "/welcome?error=INVALID_TOKEN");
  const auto bad_json = h.get("/verify-email?token=nope");
  CHECK(bad_json.status == 401);
  CHECK(body_of(bad_json)["code"] == "INVALID_TOKEN");

  const auto ok = h.get("/verify-email?token=" + token);
  CHECK(ok.status == 200);
  CHECK(body_of(ok) == nlohmann::json{{"status", true}, {"user", nullptr}});
  CHECK(h.post("/sign-in/email", {{"email", "nia@example.com"}, {"password", kPassword}}).status ==
        200);

  REQUIRE(
      h.service.auth().sign_up({.email = "oz@example.com", .password = kPassword, .name = "O"}));
  const std::string second = h.service.mail->last_token("oz@example.com", MailKind::verify_email);
  const auto redirected = h.get("/verify-email?token=" + second + "&callbackURL=%2Fwelcome");
  CHECK(redirected.status == 302);
  CHECK(redirected.header("Location") == "/welcome");
  CHECK(redirected.body.empty());
  // An empty body carries no content type, JSON or other.
  CHECK_FALSE(redirected.header("Content-Type").has_value());
  CHECK_FALSE(bad.header("Content-Type").has_value());
}

TEST_CASE("Handler: password reset by link revokes the old session", "[http]") {
  auto h = HttpHarness::make();
  h.sign_in("pam@example.com");
  const std::string old_cookie = h.cookie;
  const auto requested =
      h.post("/request-password-reset", {{"email", "pam@example.com"}, {"redirectTo", "/reset"}});
  REQUIRE(requested.status == 200);
  CHECK(body_of(requested)["status"] == true);
  // Unknown addresses get the same answer.
  CHECK(h.post("/request-password-reset", {{"email", "ghost@example.com"}}).body == requested.body);
  const std::string token = h.service.mail->last_token("pam@example.com", MailKind::reset_password);

  const auto link = h.get("/reset-password/" + token + "?callbackURL=%2Freset");
  CHECK(link.status == 302);
  CHECK(link.header("Referrer-Policy") == "no-referrer");  // H5: the token stays here
  CHECK(link.header("Location") == std::string(kOrigin) + "/reset?token=" + token);
  const auto dead_link = h.get("/reset-password/nope?callbackURL=%2Freset");
  CHECK(dead_link.header("Location") == std::string(kOrigin) + "/reset?error=INVALID_TOKEN");
  const auto no_callback = h.get("/reset-password/nope");
  CHECK(no_callback.header("Location") == std::string(kBaseUrl) + "/error?error=INVALID_TOKEN");

  const auto reset =
      h.post("/reset-password", {{"newPassword", "a brand new password"}, {"token", token}});
  REQUIRE(reset.status == 200);
  CHECK(body_of(reset) == nlohmann::json{{"status", true}});
  const auto again =
      h.post("/reset-password", {{"newPassword", "another new password"}, {"token", token}});
  CHECK(again.status == 400);
  CHECK(body_of(again)["code"] == "INVALID_TOKEN");
  h.cookie = old_cookie;
  CHECK(body_of(h.get("/get-session")).is_null());
  CHECK(
      h.post("/sign-in/email", {{"email", "pam@example.com"}, {"password", "a brand new password"}})
          .status == 200);
}

TEST_CASE("Handler: change-password, with a new session when others are revoked", "[http]") {
  auto h = HttpHarness::make();
  h.sign_in("quin@example.com");
  const auto wrong = h.post("/change-password", {{"currentPassword", "not it at all"},
                                                 {"newPassword", "a new password here"}});
  CHECK(wrong.status == 400);
  CHECK(body_of(wrong)["code"] == "INVALID_PASSWORD");
  const std::string before = h.cookie;
  const auto changed = h.post("/change-password", {{"currentPassword", kPassword},
                                                   {"newPassword", "a new password here"},
                                                   {"revokeOtherSessions", true}});
  REQUIRE(changed.status == 200);
  CHECK(body_of(changed)["token"].is_string());
  CHECK(h.cookie != before);
  CHECK(body_of(h.get("/get-session"))["user"]["email"] == "quin@example.com");
  h.cookie.clear();
  CHECK(h.post("/change-password", {{"currentPassword", "x"}, {"newPassword", "y"}}).status == 401);
}

TEST_CASE("Handler: update-user changes the name, never the email", "[http]") {
  auto h = HttpHarness::make();
  h.sign_in("rae@example.com");
  CHECK(body_of(h.post("/update-user", {{"name", "Rae R"}})) == nlohmann::json{{"status", true}});
  CHECK(body_of(h.get("/get-session"))["user"]["name"] == "Rae R");
  const auto email = h.post("/update-user", {{"email", "other@example.com"}});
  CHECK(email.status == 400);
  CHECK(body_of(email)["code"] == "EMAIL_CAN_NOT_BE_UPDATED");
  const auto nothing = h.post("/update-user", nlohmann::json::object());
  CHECK(nothing.status == 400);
  CHECK(body_of(nothing) == nlohmann::json{{"message", "No fields to update"}});
}

TEST_CASE("G4: list-sessions and the revocations over HTTP", "[http]") {
  auto h = HttpHarness::make();
  h.sign_in("sam@example.com");
  const std::string first = h.cookie;
  REQUIRE(
      h.post("/sign-in/email", {{"email", "sam@example.com"}, {"password", kPassword}}).status ==
      200);
  const auto listed = body_of(h.get("/list-sessions"));
  REQUIRE(listed.size() == 2);
  for (const auto& s : listed) CHECK(s["token"] == s["id"]);  // never a live token

  // Revoke the other (first) session by the id list-sessions gave.
  const std::string current_id = body_of(h.get("/get-session"))["session"]["id"];
  const std::string other_id = listed[0]["id"] == current_id ? listed[1]["id"] : listed[0]["id"];
  CHECK(body_of(h.post("/revoke-session", {{"token", other_id}})) ==
        nlohmann::json{{"status", true}});
  CHECK(body_of(h.get("/list-sessions")).size() == 1);
  const std::string second = h.cookie;
  h.cookie = first;
  CHECK(body_of(h.get("/get-session")).is_null());

  h.cookie = second;
  const auto all = h.post("/revoke-sessions", nlohmann::json::object());
  CHECK(set_cookies(all).size() == 3);
  CHECK(h.get("/list-sessions").status == 401);
}

TEST_CASE("Handler: /token issues a JWT that /jwks verifies", "[http]") {
  auto h = HttpHarness::make();
  const auto user = h.sign_in("tia@example.com")["user"];
  const auto r = h.get("/token");
  REQUIRE(r.status == 200);
  const std::string jwt = body_of(r)["token"];
  const auto jwks = h.get("/jwks");
  REQUIRE(jwks.status == 200);
  CHECK(jwks.header("Cache-Control") == "public, max-age=300");
  auto keys = JwkSet::parse_public(jwks.body);
  REQUIRE(keys.has_value());
  VerifyOptions options;
  options.issuer = kOrigin;
  options.audience = {kOrigin};
  options.clock = h.service.clock;
  auto verifier = JwtVerifier::create(std::move(*keys), options);
  REQUIRE(verifier.has_value());
  auto claims = verifier->verify(jwt);
  REQUIRE(claims.has_value());
  CHECK(claims->subject() == user["id"].get<std::string>());
  h.cookie.clear();
  const auto anonymous = h.get("/token");
  CHECK(anonymous.status == 401);
  CHECK(body_of(anonymous)["code"] == "UNAUTHORIZED");
}

TEST_CASE("Handler: POST get-session answers 405 as better-auth without deferred refresh",
          "[http]") {
  auto h = HttpHarness::make();
  const auto r = h.post("/get-session", nlohmann::json::object());
  CHECK(r.status == 405);
  CHECK(body_of(r)["code"] == "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED");
}

TEST_CASE("Handler::create refuses unsafe or inconsistent options", "[http]") {
  Harness service = Harness::make<MemoryBackend>();
  auto secret = Secret::from_string(kCookieSecret);
  REQUIRE(secret.has_value());
  const auto shared = std::make_shared<const Secret>(std::move(*secret));
  const auto refused = [&](auto adjust) {
    http::HandlerOptions options;
    options.secret = shared;
    adjust(options);
    auto handler = http::Handler::create(service.auth(), options);
    return !handler && handler.error().code() == Errc::invalid_configuration;
  };
  CHECK(refused([](http::HandlerOptions& o) { o.secret.reset(); }));
  CHECK(refused([](http::HandlerOptions& o) { o.base_path = "/api/auth"; }));
  CHECK(refused([](http::HandlerOptions& o) { o.base_path = "/api/v1/auth/"; }));
  CHECK(refused([](http::HandlerOptions& o) { o.cookie_prefix = "bad;prefix"; }));
  CHECK(refused([](http::HandlerOptions& o) { o.cookie_prefix.clear(); }));
  CHECK(refused([](http::HandlerOptions& o) { o.max_body_bytes = 0; }));
  CHECK(refused([](http::HandlerOptions& o) { o.previous_secrets.push_back(nullptr); }));
  CHECK_FALSE(refused([](http::HandlerOptions&) {}));
}

}  // namespace authkit::test
