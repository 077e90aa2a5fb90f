// normalize_email(): the one place that decides what an acceptable address looks like.
#include <authkit/auth_service.hpp>

#include <algorithm>

#include "util/ascii.hpp"

namespace authkit {
namespace {

constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321 path limit minus the angle brackets
constexpr std::size_t kMaxLocalBytes = 64;   // RFC 5321 §4.5.3.1.1

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

Error invalid() { return Error(Errc::invalid_email); }

}  // namespace

Result<std::string> normalize_email(std::string_view email) {
  while (!email.empty() && is_blank(email.front())) email.remove_prefix(1);
  while (!email.empty() && is_blank(email.back())) email.remove_suffix(1);
  if (email.empty() || email.size() > kMaxEmailBytes) return invalid();
  std::string out;
  out.reserve(email.size());
  for (char c : email) {
    const auto u = static_cast<unsigned char>(c);
    // Printable ASCII only: no blanks, controls or non-ASCII (internationalised addresses are
    // refused rather than half-supported, as better-auth's validator does).
    if (u <= 0x20 || u >= 0x7f) return invalid();
    out.push_back(ascii::lower(c));
  }
  const auto at = out.find('@');
  if (at == std::string::npos || at == 0 || out.find('@', at + 1) != std::string::npos) {
    return invalid();
  }
  if (at > kMaxLocalBytes) return invalid();
  const std::string_view domain = std::string_view(out).substr(at + 1);
  const auto dot = domain.find('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return invalid();
  }
  const bool domain_chars_ok = std::all_of(domain.begin(), domain.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
  if (!domain_chars_ok) return invalid();
  const std::string_view local = std::string_view(out).substr(0, at);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return invalid();
  }
  const bool local_chars_ok = std::all_of(local.begin(), local.end(), [](char c) {
    return std::string_view("()<>[]:;,\\\"").find(c) == std::string_view::npos;
  });
  if (!local_chars_ok) return invalid();
  return out;
}

}  // namespace authkit
