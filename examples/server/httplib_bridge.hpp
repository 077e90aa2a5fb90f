// The whole cpp-httplib adapter: an httplib request becomes an authkit::http::Request, and an
// authkit::http::Response is copied back. Nothing else in the server knows both types.
#pragma once

#include <authkit/http/handler.hpp>

#include <httplib.h>

namespace authkit_server {

/// The request as the handler wants it: method, path, raw query, every header, body, peer.
[[nodiscard]] authkit::http::Request to_authkit(const httplib::Request& request);

/// Copies status, headers (repeated Set-Cookie fields stay separate) and body.
void from_authkit(const authkit::http::Response& response, httplib::Response& out);

/// The request path fit for a log line: one-time tokens in link paths are replaced.
[[nodiscard]] std::string loggable_path(const std::string& path);

}  // namespace authkit_server
