#include "sign_up_policy.hpp"

#include <algorithm>

namespace authkit_server {

bool is_sign_up_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253 || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(domain.begin(), domain.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

std::function<authkit::Result<void>(const authkit::SignUpAttempt&, const authkit::RequestContext&)>
allow_sign_up_domains(std::vector<std::string> domains) {
  std::string listed;
  for (const auto& d : domains) listed += (listed.empty() ? "" : ", ") + d;
  const std::string refusal = "Sign-ups are limited to addresses at " + listed;
  return [domains = std::move(domains), refusal](
             const authkit::SignUpAttempt& attempt,
             const authkit::RequestContext&) -> authkit::Result<void> {
    // The email is normalised (lower case, one '@') before any hook runs.
    const std::string_view domain =
        std::string_view(attempt.email).substr(attempt.email.rfind('@') + 1);
    if (std::find(domains.begin(), domains.end(), domain) != domains.end()) return {};
    return authkit::Error(authkit::Errc::forbidden, refusal);
  };
}

}  // namespace authkit_server
