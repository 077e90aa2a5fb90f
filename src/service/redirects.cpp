#include "service/redirects.hpp"

#include <algorithm>
#include <optional>

#include "util/ascii.hpp"
#include "util/url.hpp"

namespace authkit::redirects {
namespace {

bool clean(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == '\\';
  });
}

/// Whether `origin` matches `pattern` ("https://*.example.com" matches any subdomain, at any
/// depth, but not example.com itself).
bool matches(std::string_view origin, std::string_view pattern) {
  const auto star = pattern.find("://*.");
  if (star == std::string_view::npos) return origin == pattern;
  const std::string_view prefix = pattern.substr(0, star + 3);  // "https://"
  const std::string_view suffix = pattern.substr(star + 4);     // ".example.com[:port]"
  if (origin.size() <= prefix.size() + suffix.size()) return false;
  return origin.substr(0, prefix.size()) == prefix &&
         origin.substr(origin.size() - suffix.size()) == suffix;
}

}  // namespace

Result<std::vector<std::string>> normalize_origins(const std::vector<std::string>& origins) {
  std::vector<std::string> out;
  out.reserve(origins.size());
  for (const auto& entry : origins) {
    std::string_view text = entry;
    while (!text.empty() && text.back() == '/') text.remove_suffix(1);
    auto origin = clean(text) ? url::origin_of(text) : std::nullopt;
    // An origin has nothing after the authority, and a wildcard only as the first label.
    const auto last_star = origin ? origin->rfind('*') : std::string::npos;
    if (!origin || *origin != ascii::lower(text) ||
        (last_star != std::string::npos && origin->find("://*.") != last_star - 3)) {
      return Error(Errc::invalid_configuration,
                   "trusted origin \"" + entry + "\" is not an origin");
    }
    out.push_back(std::move(*origin));
  }
  return out;
}

bool allowed(std::string_view target, std::string_view base_origin,
             const std::vector<std::string>& trusted_origins) {
  if (target.empty()) return true;
  if (target.size() > max_target_bytes || !clean(target)) return false;
  if (target.front() == '/') return target.size() == 1 || target[1] != '/';
  const auto origin = url::origin_of(target);
  return origin && origin_trusted(*origin, base_origin, trusted_origins);
}

bool origin_trusted(std::string_view origin, std::string_view base_origin,
                    const std::vector<std::string>& trusted_origins) {
  if (origin == base_origin) return true;
  return std::any_of(trusted_origins.begin(), trusted_origins.end(),
                     [&](const std::string& pattern) { return matches(origin, pattern); });
}

}  // namespace authkit::redirects
