// GET <base>/error (better-auth's error page) and where failed links send the browser: the
// error parameter goes into the query, before any fragment.
#include "unit/http/http_harness.hpp"

namespace authkit::test {

TEST_CASE("Handler: GET /error is an HTML page naming the code, with the pages' headers",
          "[http]") {
  auto h = HttpHarness::make();
  const auto r = h.get("/error?error=INVALID_TOKEN");
  CHECK(r.status == 200);
  CHECK(r.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(r.body.starts_with("<!DOCTYPE html>"));
  CHECK(r.body.find("<code>INVALID_TOKEN</code>") != std::string::npos);
  CHECK(r.body.find(Error(Errc::invalid_token).message()) != std::string::npos);
  // The browser pages' security headers: nothing loads but the page's own hashed style.
  const auto csp = r.header("Content-Security-Policy");
  REQUIRE(csp);
  CHECK(csp->starts_with("default-src 'none'; style-src 'sha256-"));
  CHECK(csp->find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp->find("script-src") == std::string::npos);
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK(r.header("X-Frame-Options") == "DENY");
  CHECK(r.header("Referrer-Policy") == "no-referrer");
  CHECK(r.header("Cache-Control") == "no-store");
}

TEST_CASE("Handler: /error shows only codes, never text or markup from the link", "[http]") {
  auto h = HttpHarness::make();
  const std::vector<std::string> queries = {"error=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                                            "error=Call+555-0100+to+unlock+your+account",
                                            "error=invalid_token",
                                            "error=" + std::string(65, 'A'),
                                            "error=",
                                            ""};
  for (const std::string& query : queries) {
    INFO(query);
    const auto r = h.get("/error" + (query.empty() ? std::string{} : "?" + query));
    CHECK(r.status == 200);
    CHECK(r.body.find("<code>UNKNOWN_ERROR</code>") != std::string::npos);
    CHECK(r.body.find("<script") == std::string::npos);
    CHECK(r.body.find("555") == std::string::npos);
  }
  // An upper-case code that authkit does not know is shown as it is, with a generic message.
  const auto other = h.get("/error?error=ACCESS_DENIED");
  CHECK(other.body.find("<code>ACCESS_DENIED</code>") != std::string::npos);
  CHECK(other.body.find("could not be completed") != std::string::npos);
}

TEST_CASE("Handler: an invalid reset link without a callback lands on the error page", "[http]") {
  auto h = HttpHarness::make();
  const auto link = h.get("/reset-password/" + std::string(43, 'x'));
  REQUIRE(link.status == 302);
  const std::string location(*link.header("Location"));
  CHECK(location == std::string(kBaseUrl) + "/error?error=INVALID_TOKEN");
  // Follow it as a browser would: the page exists and names the code.
  const auto page =
      h.get(location.substr(std::string(kOrigin).size() + std::string(kBasePath).size()));
  CHECK(page.status == 200);
  CHECK(page.body.find("<code>INVALID_TOKEN</code>") != std::string::npos);
}

TEST_CASE("Handler: the error parameter goes before a callbackURL's fragment", "[http]") {
  auto h = HttpHarness::make();
  const auto verify = h.get("/verify-email?token=nope&callbackURL=%2Fok%3Fx%3D1%23f");
  REQUIRE(verify.status == 302);
  CHECK(verify.header("Location") == "/ok?x=1&error=INVALID_TOKEN#f");
  const auto no_query = h.get("/verify-email?token=nope&callbackURL=%2Fok%23section-2");
  CHECK(no_query.header("Location") == "/ok?error=INVALID_TOKEN#section-2");
  const auto reset =
      h.get("/reset-password/" + std::string(43, 'x') + "?callbackURL=%2Freset%23top");
  REQUIRE(reset.status == 302);
  CHECK(reset.header("Location") == std::string(kOrigin) + "/reset?error=INVALID_TOKEN#top");
}

}  // namespace authkit::test
