#include "bearer_auth.hpp"

#include "ascii.hpp"

namespace resource_server {

namespace {

Authentication refuse(std::string code, std::string message, std::string log_reason) {
  return {.subject = std::nullopt,
          .code = std::move(code),
          .message = std::move(message),
          .log_reason = std::move(log_reason)};
}

/// The token of "Bearer <token>" (scheme case-insensitive, RFC 7235 §2.1), or nullopt.
std::optional<std::string_view> bearer_token(std::string_view value) {
  const auto space = value.find(' ');
  if (space == std::string_view::npos ||
      !authkit_examples::iequals(value.substr(0, space), "Bearer")) {
    return std::nullopt;
  }
  std::string_view token = value.substr(space);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || token.find(' ') != std::string_view::npos) return std::nullopt;
  return token;
}

}  // namespace

std::string Authentication::challenge() const {
  if (code == "MISSING_TOKEN") return "Bearer";
  return "Bearer error=\"invalid_token\", error_description=\"" + message + "\"";
}

Authentication authenticate(std::optional<std::string_view> authorization, std::size_t header_count,
                            const VerifyToken& verify) {
  if (!authorization || header_count == 0) {
    return refuse("MISSING_TOKEN", "Missing bearer token", "no Authorization header");
  }
  if (header_count > 1) {
    return refuse("MALFORMED_TOKEN", "Malformed bearer token", "several Authorization headers");
  }
  const auto token = bearer_token(*authorization);
  if (!token) {
    return refuse("MALFORMED_TOKEN", "Malformed bearer token", "not a Bearer credential");
  }
  auto claims = verify(*token);
  if (!claims) {
    const authkit::Error& error = claims.error();
    std::string reason(error.name());
    if (!error.claim().empty()) reason += " (" + error.claim() + ")";
    switch (error.code()) {
      case authkit::Errc::jwt_malformed:
        return refuse("MALFORMED_TOKEN", "Malformed bearer token", reason);
      case authkit::Errc::jwt_expired:
        return refuse("TOKEN_EXPIRED", "Token expired", reason);
      default:
        return refuse("INVALID_TOKEN", "Invalid token", reason);
    }
  }
  if (!claims->subject() || claims->subject()->empty()) {
    return refuse("INVALID_TOKEN", "Invalid token", "no sub claim");
  }
  return {.subject = *claims->subject()};
}

}  // namespace resource_server
