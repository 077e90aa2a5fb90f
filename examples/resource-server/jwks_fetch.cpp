#include "jwks_fetch.hpp"

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <utility>

namespace resource_server {

namespace {

struct CurlCleanup {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};

/// Where the write callback puts the body; `too_large` records why it stopped.
struct Sink {
  std::string body;
  bool too_large = false;
};

/// Appends a chunk of the body; stops the transfer (by taking fewer bytes than offered) once
/// the body would pass kMaxJwksBytes. JwkSet::parse_public refuses more than that anyway.
std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& sink = *static_cast<Sink*>(user);
  const std::size_t bytes = size * count;
  if (bytes > kMaxJwksBytes - sink.body.size()) {
    sink.too_large = true;
    return 0;
  }
  sink.body.append(data, bytes);
  return bytes;
}

}  // namespace

JwksFetch make_http_fetch(std::string url, std::string ca_file,
                          std::function<void(const std::string&)> log) {
  return [url = std::move(url), ca_file = std::move(ca_file),
          log = std::move(log)]() -> std::optional<std::string> {
    auto fail = [&](const std::string& why) -> std::optional<std::string> {
      if (log) log("JWKS fetch from " + url + " failed: " + why);
      return std::nullopt;
    };
    const std::unique_ptr<CURL, CurlCleanup> curl(curl_easy_init());
    if (!curl) return fail("curl_easy_init failed");
    CURL* const h = curl.get();
    Sink sink;
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    // No signals: fetches run on the server's threads, which must not take SIGALRM.
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    // Only http and https, whatever the URL (parse_options checked it) or a server says.
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85.0 deprecated CURLOPT_PROTOCOLS for the _STR form
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    // Refetches run while requests wait for them (jwks_cache.hpp), so they must not hang.
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, kJwksTimeoutSeconds);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, kJwksTimeoutSeconds);
    // A declared Content-Length over the cap is refused before the body; the write callback
    // stops an undeclared one.
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(kMaxJwksBytes));
    // Straight to the auth server: no proxy from http_proxy / https_proxy.
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    // Always verify the certificate chain and that it names the host (libcurl's defaults,
    // stated so that nobody turns them off by accident).
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "authkit-resource-server");

    const CURLcode code = curl_easy_perform(h);
    if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED) {
      return fail("the JWKS is larger than " + std::to_string(kMaxJwksBytes) + " bytes");
    }
    if (code != CURLE_OK) {
      return fail(error[0] != '\0' ? std::string(error) : std::string(curl_easy_strerror(code)));
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) return fail("HTTP status " + std::to_string(status));
    return std::move(sink.body);
  };
}

}  // namespace resource_server
