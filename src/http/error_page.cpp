// GET <base>/error?error=CODE: better-auth's error page, where a link that failed without a
// callbackURL lands (an invalid reset link, for one). A small HTML page that names the code,
// sent with the browser pages' security headers.
#include <algorithm>
#include <string>
#include <string_view>

#include "crypto/base64url.hpp"
#include "crypto/digest.hpp"
#include "http/routes.hpp"

namespace authkit::http::routes {

namespace {

constexpr std::string_view kStyle =
    "body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;"
    "min-height:100vh;background:#f6f7f9;color:#1d2330}"
    "main{max-width:28rem;padding:2rem;background:#fff;border-radius:.75rem;"
    "box-shadow:0 1px 3px rgba(0,0,0,.12)}"
    "code{background:#eef0f4;padding:.1rem .35rem;border-radius:.25rem}";

/// The page's policy: nothing may load, and the one inline style is allowed by its hash, so
/// a code in the URL can never bring script or style of its own.
const std::string& content_security_policy() {
  static const std::string policy = [] {
    const auto hash = digest::sha256(
        std::span(reinterpret_cast<const unsigned char*>(kStyle.data()), kStyle.size()));
    return "default-src 'none'; style-src 'sha256-" + b64::encode_standard_padded(hash) +
           "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  }();
  return policy;
}

/// The code to show: better-auth's codes are UPPER_SNAKE, so anything else (free text that a
/// phishing link would like the page to display) is shown as UNKNOWN_ERROR.
std::string_view shown_code(std::optional<std::string_view> code) {
  const auto code_char = [](char c) {
    return (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
  };
  if (!code || code->empty() || code->size() > 64 ||
      !std::all_of(code->begin(), code->end(), code_char)) {
    return "UNKNOWN_ERROR";
  }
  return *code;
}

}  // namespace

Response error_page(Call& call) {
  const std::string_view code = shown_code(call.query_param("error"));
  // A known code gets its generic message; those are fixed ASCII sentences, safe in HTML.
  const auto known = errc_from_name(code);
  const std::string message =
      known ? Error(*known).message() : std::string("The request could not be completed.");
  Response response;
  response.status = 200;
  response.headers = {{"Content-Type", "text/html; charset=utf-8"},
                      {"Content-Security-Policy", content_security_policy()},
                      {"X-Content-Type-Options", "nosniff"},
                      {"X-Frame-Options", "DENY"}};
  response.body =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>Error</title><style>" +
      std::string(kStyle) + "</style></head><body><main><h1>Something went wrong</h1><p>" +
      message + "</p><p>Error code: <code>" + std::string(code) +
      "</code></p></main></body></html>\n";
  return response;
}

}  // namespace authkit::http::routes
