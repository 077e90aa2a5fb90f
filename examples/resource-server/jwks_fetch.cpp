#include "jwks_fetch.hpp"

#include <httplib.h>

#include <cstddef>

#include "resource_options.hpp"

namespace resource_server {

JwksFetch make_http_fetch(const std::string& url) {
  const std::string origin = origin_of(url).value_or(url);
  // (Built as one expression: assigning "/" afterwards trips GCC 12's -Wrestrict false
  // positive at -O2.)
  const std::string target = url.size() > origin.size() ? url.substr(origin.size()) : "/";
  return [origin, target]() -> std::optional<std::string> {
    // JwkSet::parse_public refuses more than 1 MiB anyway; stop reading there.
    constexpr std::size_t kMaxBody = 1024 * 1024;
    httplib::Client client(origin);
    // Refetches run while requests wait for them (jwks_cache.hpp), so they must not hang.
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    client.set_follow_location(false);
    std::string body;
    const auto response = client.Get(target, [&body](const char* data, std::size_t length) {
      body.append(data, length);
      return body.size() <= kMaxBody;
    });
    if (!response || response->status != 200) return std::nullopt;
    return body;
  };
}

}  // namespace resource_server
