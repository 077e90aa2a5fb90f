// authkit-server's --sign-up-domain: only addresses at the listed domains may sign up. It is
// an AuthServiceOptions::hooks.before_sign_up hook, so a refusal is 403 FORBIDDEN through the
// API and the browser pages alike, and costs no password hashing.
//
// Thread safety: the returned hook only reads its own copy of the list.
#pragma once

#include <authkit/auth_service.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit_server {

/// Whether `domain` (lower case) is a host name --sign-up-domain accepts: labels of letters,
/// digits and '-', separated by single dots.
[[nodiscard]] bool is_sign_up_domain(std::string_view domain);

/// A before_sign_up hook refusing, with FORBIDDEN, every address whose domain is not one of
/// `domains` (exactly; subdomains are other domains).
[[nodiscard]] std::function<authkit::Result<void>(const authkit::SignUpAttempt&,
                                                  const authkit::RequestContext&)>
allow_sign_up_domains(std::vector<std::string> domains);

}  // namespace authkit_server
