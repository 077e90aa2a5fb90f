#include "cors.hpp"

#include <algorithm>

namespace resource_server {

namespace {

bool is_preflight(const authkit::http::Request& request) {
  return request.method == "OPTIONS" && request.header("Access-Control-Request-Method");
}

}  // namespace

bool Cors::trusted(std::string_view origin) const {
  return std::find(trusted_origins_.begin(), trusted_origins_.end(), origin) !=
         trusted_origins_.end();
}

std::optional<authkit::http::Response> Cors::preflight(
    const authkit::http::Request& request) const {
  if (!is_preflight(request)) return std::nullopt;
  authkit::http::Response response;
  response.status = 204;
  if (const auto origin = request.header("Origin")) {
    // Caches must not hand one origin's answer to another.
    response.headers.push_back({"Vary", "Origin"});
    if (trusted(*origin)) {
      response.headers.push_back({"Access-Control-Allow-Origin", std::string(*origin)});
      response.headers.push_back({"Access-Control-Allow-Methods", "GET, POST, PUT, DELETE"});
      response.headers.push_back({"Access-Control-Allow-Headers", "Authorization, Content-Type"});
      response.headers.push_back({"Access-Control-Max-Age", "600"});
    }
  }
  return response;
}

void Cors::decorate(const authkit::http::Request& request,
                    authkit::http::Response& response) const {
  const auto origin = request.header("Origin");
  if (!origin) return;
  response.headers.push_back({"Vary", "Origin"});
  if (trusted(*origin)) {
    response.headers.push_back({"Access-Control-Allow-Origin", std::string(*origin)});
    response.headers.push_back({"Access-Control-Expose-Headers", "WWW-Authenticate"});
  }
}

}  // namespace resource_server
