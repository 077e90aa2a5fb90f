#include "httplib_bridge.hpp"

namespace authkit_server {

authkit::http::Request to_authkit(const httplib::Request& request) {
  authkit::http::Request out;
  out.method = request.method;
  out.path = request.path;
  const auto q = request.target.find('?');
  if (q != std::string::npos) out.query = request.target.substr(q + 1);
  out.headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) out.headers.push_back({name, value});
  out.body = request.body;
  out.peer_address = request.remote_addr;  // the socket peer; never a header
  return out;
}

void from_authkit(const authkit::http::Response& response, httplib::Response& out) {
  out.status = response.status;
  std::string content_type;
  for (const auto& h : response.headers) {
    if (h.name == "Content-Type") {
      content_type = h.value;
    } else {
      out.headers.emplace(h.name, h.value);  // a multimap: Set-Cookie may repeat
    }
  }
  if (!response.body.empty() || !content_type.empty()) out.set_content(response.body, content_type);
}

std::string loggable_path(const std::string& path) {
  static const std::string kLink = "/reset-password/";
  const auto at = path.find(kLink);
  if (at == std::string::npos) return path;
  return path.substr(0, at + kLink.size()) + "[token]";
}

}  // namespace authkit_server
