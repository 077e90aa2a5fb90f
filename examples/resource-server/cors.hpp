// CORS for the browser dashboard: pages from a --trusted-origin may call the API with an
// Authorization header. Credentials (cookies) are not involved, so no
// Access-Control-Allow-Credentials: the bearer token is sent explicitly by the page.
//
// An Origin is compared byte for byte with the trusted ones, as the transport delivers it
// (never percent-decoded): "http%3A%2F%2Fapp.example.com" is not "http://app.example.com".
// Answers the transport makes on its own (413, 431, ...) carry no CORS headers.
//
// Thread safety: immutable after construction; any number of threads may use it.
#pragma once

#include <authkit/http/handler.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resource_server {

class Cors {
 public:
  /// Exact origins ("https://app.example.com"); no wildcards.
  explicit Cors(std::vector<std::string> trusted_origins)
      : trusted_origins_(std::move(trusted_origins)) {}

  /// A preflight (OPTIONS with Access-Control-Request-Method), on any path, is answered here:
  /// 204, with the allowed methods and headers when its Origin is trusted and without any
  /// CORS header otherwise (so the browser refuses the real request). nullopt for every other
  /// request.
  [[nodiscard]] std::optional<authkit::http::Response> preflight(
      const authkit::http::Request& request) const;

  /// Adds the CORS headers of a non-preflight answer: Vary: Origin whenever the request has an
  /// Origin, and Access-Control-Allow-Origin (with Expose-Headers: WWW-Authenticate) when that
  /// origin is trusted. An untrusted origin gets none, so the browser keeps the answer from
  /// the page.
  void decorate(const authkit::http::Request& request, authkit::http::Response& response) const;

 private:
  [[nodiscard]] bool trusted(std::string_view origin) const;
  std::vector<std::string> trusted_origins_;
};

}  // namespace resource_server
