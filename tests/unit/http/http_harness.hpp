// Shared set-up for the http::Handler tests: the service harness (in-memory store, manual
// clock, mock mail) behind a Handler, with request builders and a one-cookie browser jar.
#pragma once

#include <authkit/authkit.hpp>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "unit/service/service_harness.hpp"

namespace authkit::test {

/// The cookie secret every handler test uses (better-auth's captured vectors use another).
inline constexpr const char* kCookieSecret = "http-test-secret-0123456789-abcdefghijklmnop";
/// The base URL's origin (kBaseUrl is https, so cookies are __Secure- and Secure).
inline constexpr const char* kOrigin = "https://auth.example.com";
inline constexpr const char* kBasePath = "/api/v1/auth";

struct HttpHarness {
  Harness service;
  std::optional<http::Handler> handler;
  /// "name=value" of the session cookie the last response set, like a browser keeps it.
  std::string cookie;

  /// A handler over a fresh service; `adjust` edits the service options, `adjust_http` the
  /// handler options.
  template <class AdjustService, class AdjustHttp>
  static HttpHarness make(AdjustService adjust, AdjustHttp adjust_http) {
    HttpHarness h;
    h.service = Harness::make<MemoryBackend>(adjust);
    http::HandlerOptions options;
    auto secret = Secret::from_string(kCookieSecret);
    REQUIRE(secret.has_value());
    options.secret = std::make_shared<const Secret>(std::move(*secret));
    adjust_http(options);
    auto handler = http::Handler::create(h.service.auth(), std::move(options));
    REQUIRE(handler.has_value());
    h.handler.emplace(std::move(*handler));
    return h;
  }
  static HttpHarness make() {
    return make([](AuthServiceOptions&) {}, [](http::HandlerOptions&) {});
  }
  template <class AdjustService>
  static HttpHarness make(AdjustService adjust) {
    return make(adjust, [](http::HandlerOptions&) {});
  }

  /// A request to `route` under the base path, from the base origin's page, with the jar's
  /// cookie when there is one.
  http::Request request(std::string method, std::string route, std::string body = {}) const {
    http::Request r;
    r.method = std::move(method);
    const auto q = route.find('?');
    r.path = std::string(kBasePath) + route.substr(0, q);
    if (q != std::string::npos) r.query = route.substr(q + 1);
    r.body = std::move(body);
    r.peer_address = "192.0.2.10";
    r.headers.push_back({"User-Agent", "catch2"});
    r.headers.push_back({"Origin", kOrigin});
    if (!r.body.empty()) r.headers.push_back({"Content-Type", "application/json"});
    if (!cookie.empty()) r.headers.push_back({"Cookie", cookie});
    return r;
  }

  /// Sends `r` and keeps the session cookie the response sets (or clears), like a browser.
  http::Response send(const http::Request& r) {
    http::Response response = handler->handle(r);
    for (const auto& h : response.headers) {
      if (h.name != "Set-Cookie" || h.value.find(".session_token=") == std::string::npos) continue;
      const std::string pair = h.value.substr(0, h.value.find(';'));
      cookie = pair.ends_with("=") ? std::string{} : pair;
    }
    return response;
  }
  http::Response post(const std::string& route, const nlohmann::json& body) {
    return send(request("POST", route, body.dump()));
  }
  http::Response get(const std::string& route) { return send(request("GET", route)); }

  /// Signs up and verifies `email` through the service, then signs in over HTTP.
  nlohmann::json sign_in(const std::string& email) {
    service.sign_up_verified(email);
    const auto response = post("/sign-in/email", {{"email", email}, {"password", kPassword}});
    REQUIRE(response.status == 200);
    REQUIRE_FALSE(cookie.empty());
    return nlohmann::json::parse(response.body);
  }
};

/// The parsed JSON body of `response`.
inline nlohmann::json body_of(const http::Response& response) {
  auto doc = nlohmann::json::parse(response.body, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  return doc;
}

/// Every Set-Cookie value of `response`.
inline std::vector<std::string> set_cookies(const http::Response& response) {
  std::vector<std::string> out;
  for (const auto& h : response.headers) {
    if (h.name == "Set-Cookie") out.push_back(h.value);
  }
  return out;
}

}  // namespace authkit::test
