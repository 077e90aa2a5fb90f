// The real JwksFetch: GET the auth server's JWKS over http or https with libcurl. Kept apart
// from jwks_cache.* so the cache (and its tests) need no network and no libcurl.
//
// Why libcurl: Debian ships it ready to link (libcurl4-openssl-dev, on the same OpenSSL 3
// authkit already uses), it verifies certificates against the system CA store
// (/etc/ssl/certs, kept current by the ca-certificates package) with no code of ours, and the
// examples will need outbound https again (social sign-in talks to the providers' token and
// key endpoints), so one well-known client serves every outgoing call.
//
// Every fetch: http or https only (CURLOPT_PROTOCOLS), redirects not followed, 5 s to
// connect and 5 s in all, status 200 only, a body over 1 MiB abandoned as it arrives,
// certificate and host name always verified (against --ca-file when given, else the system
// store), no proxy from the environment (the keys come straight from the auth server), and
// no signals (CURLOPT_NOSIGNAL: fetches run on the server's threads).
//
// curl_global_init() must have been called once, before any thread starts (main does).
//
// Thread safety: the returned function may be called from any number of threads; each call
// uses its own curl handle.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "jwks_cache.hpp"

namespace resource_server {

/// Limits of make_http_fetch(), for its callers and tests.
inline constexpr long kJwksTimeoutSeconds = 5;
inline constexpr std::size_t kMaxJwksBytes = 1024 * 1024;

/// A fetcher for `url` (http or https, as checked by parse_options). `ca_file`, when not
/// empty, is a PEM file of the CAs to trust instead of the system's. A failure (network, TLS,
/// status, size) is logged through `log` (one line, never a body) and returns nullopt.
[[nodiscard]] JwksFetch make_http_fetch(std::string url, std::string ca_file,
                                        std::function<void(const std::string&)> log);

}  // namespace resource_server
