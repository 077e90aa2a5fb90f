// CORS for the browser dashboard: pages from a --trusted-origin may call the API with an
// Authorization header. Credentials (cookies) are not involved, so no
// Access-Control-Allow-Credentials: the bearer token is sent explicitly by the page.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

namespace resource_server {

class Cors {
 public:
  /// Exact origins ("https://app.example.com"); no wildcards.
  explicit Cors(std::vector<std::string> trusted_origins)
      : trusted_origins_(std::move(trusted_origins)) {}

  /// Runs before routing. Adds the CORS response headers when the request's Origin is
  /// trusted (an untrusted origin gets none, so the browser keeps the answer from the page),
  /// and answers preflights (OPTIONS with Access-Control-Request-Method) itself with 204.
  /// Returns true when the request was answered.
  bool handle(const httplib::Request& request, httplib::Response& response) const;

 private:
  [[nodiscard]] bool trusted(const std::string& origin) const;
  std::vector<std::string> trusted_origins_;
};

}  // namespace resource_server
