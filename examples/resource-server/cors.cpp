#include "cors.hpp"

#include <algorithm>

namespace resource_server {

bool Cors::trusted(const std::string& origin) const {
  return std::find(trusted_origins_.begin(), trusted_origins_.end(), origin) !=
         trusted_origins_.end();
}

bool Cors::handle(const httplib::Request& request, httplib::Response& response) const {
  const bool preflight =
      request.method == "OPTIONS" && request.has_header("Access-Control-Request-Method");
  if (request.has_header("Origin")) {
    // Caches must not hand one origin's answer to another.
    response.set_header("Vary", "Origin");
    const std::string origin = request.get_header_value("Origin");
    if (trusted(origin)) {
      response.set_header("Access-Control-Allow-Origin", origin);
      if (preflight) {
        response.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
        response.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        response.set_header("Access-Control-Max-Age", "600");
      } else {
        response.set_header("Access-Control-Expose-Headers", "WWW-Authenticate");
      }
    }
  }
  if (!preflight) return false;
  response.status = 204;
  return true;
}

}  // namespace resource_server
