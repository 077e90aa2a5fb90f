// The real JwksFetch: GET the auth server's JWKS with cpp-httplib. Kept apart from
// jwks_cache.* so the cache (and its tests) need no network and no httplib.
#pragma once

#include <string>

#include "jwks_cache.hpp"

namespace resource_server {

/// A fetcher for `url` (http or https, as checked by parse_options): 5 s connect and read
/// timeouts, no redirects, status 200 only, bodies over 1 MiB refused.
[[nodiscard]] JwksFetch make_http_fetch(const std::string& url);

}  // namespace resource_server
