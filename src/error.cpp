#include <authkit/error.hpp>

#include <array>
#include <utility>

namespace authkit {
namespace {

struct CodeInfo {
  Errc code;
  std::string_view name;
  std::string_view message;  // safe, generic, user-facing
};

constexpr std::array kCodes{
    CodeInfo{Errc::invalid_email_or_password, "INVALID_EMAIL_OR_PASSWORD",
             "Invalid email or password"},
    CodeInfo{Errc::email_not_verified, "EMAIL_NOT_VERIFIED", "Email not verified"},
    CodeInfo{Errc::invalid_email, "INVALID_EMAIL", "Invalid email"},
    CodeInfo{Errc::user_already_exists, "USER_ALREADY_EXISTS", "User already exists."},
    CodeInfo{Errc::user_not_found, "USER_NOT_FOUND", "User not found"},
    CodeInfo{Errc::password_too_short, "PASSWORD_TOO_SHORT", "Password too short"},
    CodeInfo{Errc::password_too_long, "PASSWORD_TOO_LONG", "Password too long"},
    CodeInfo{Errc::invalid_password, "INVALID_PASSWORD", "Invalid password"},
    CodeInfo{Errc::invalid_token, "INVALID_TOKEN", "Invalid token"},
    CodeInfo{Errc::token_expired, "TOKEN_EXPIRED", "Token expired"},
    CodeInfo{Errc::unauthorized, "UNAUTHORIZED", "Unauthorized"},
    CodeInfo{Errc::session_expired, "SESSION_EXPIRED", "Session expired"},
    CodeInfo{Errc::session_not_fresh, "SESSION_NOT_FRESH", "Session is not fresh"},
    CodeInfo{Errc::email_already_verified, "EMAIL_ALREADY_VERIFIED", "Email is already verified"},
    CodeInfo{Errc::email_mismatch, "EMAIL_MISMATCH", "Email mismatch"},
    CodeInfo{Errc::invalid_origin, "INVALID_ORIGIN", "Invalid origin"},
    CodeInfo{Errc::missing_or_null_origin, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
    CodeInfo{Errc::validation_error, "VALIDATION_ERROR", "Validation error"},
    CodeInfo{Errc::bad_request, "BAD_REQUEST", "Bad request"},
    CodeInfo{Errc::too_many_requests, "TOO_MANY_REQUESTS", "Too many requests"},
    CodeInfo{Errc::internal_server_error, "INTERNAL_SERVER_ERROR", "Internal server error"},
    CodeInfo{Errc::password_too_weak, "PASSWORD_TOO_WEAK", "Password too weak"},
    CodeInfo{Errc::user_already_exists_use_another_email, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
             "User already exists. Use another email."},
    CodeInfo{Errc::credential_account_not_found, "CREDENTIAL_ACCOUNT_NOT_FOUND",
             "Credential account not found"},
    CodeInfo{Errc::email_can_not_be_updated, "EMAIL_CAN_NOT_BE_UPDATED",
             "Email can not be updated"},
    CodeInfo{Errc::service_unavailable, "SERVICE_UNAVAILABLE",
             "The service is busy. Please try again later."},
    CodeInfo{Errc::invalid_callback_url, "INVALID_CALLBACK_URL", "Invalid callbackURL"},
    CodeInfo{Errc::invalid_redirect_url, "INVALID_REDIRECT_URL", "Invalid redirectURL"},
    CodeInfo{Errc::forbidden, "FORBIDDEN", "Forbidden"},
    CodeInfo{Errc::jwt_malformed, "JWT_MALFORMED", "Invalid token"},
    CodeInfo{Errc::jwt_bad_signature, "JWT_BAD_SIGNATURE", "Invalid token"},
    CodeInfo{Errc::jwt_unknown_key, "JWT_UNKNOWN_KEY", "Invalid token"},
    CodeInfo{Errc::jwt_expired, "JWT_EXPIRED", "Invalid token"},
    CodeInfo{Errc::jwt_not_yet_valid, "JWT_NOT_YET_VALID", "Invalid token"},
    CodeInfo{Errc::jwt_claim_mismatch, "JWT_CLAIM_MISMATCH", "Invalid token"},
    CodeInfo{Errc::jwt_claim_missing, "JWT_CLAIM_MISSING", "Invalid token"},
    CodeInfo{Errc::jwt_unsupported_algorithm, "JWT_UNSUPPORTED_ALGORITHM", "Invalid token"},
    CodeInfo{Errc::jwt_unsupported_header, "JWT_UNSUPPORTED_HEADER", "Invalid token"},
    CodeInfo{Errc::jwt_too_large, "JWT_TOO_LARGE", "Invalid token"},
    CodeInfo{Errc::invalid_key, "INVALID_KEY", "Invalid key"},
    CodeInfo{Errc::weak_key, "WEAK_KEY", "Key is too weak"},
    CodeInfo{Errc::invalid_argument, "INVALID_ARGUMENT", "Invalid argument"},
    CodeInfo{Errc::invalid_configuration, "INVALID_CONFIGURATION", "Invalid configuration"},
    CodeInfo{Errc::crypto_failure, "CRYPTO_FAILURE", "Internal server error"},
    CodeInfo{Errc::storage_failure, "STORAGE_FAILURE", "Internal server error"},
    CodeInfo{Errc::mail_failure, "MAIL_FAILURE", "Internal server error"},
    CodeInfo{Errc::not_found, "NOT_FOUND", "Not found"},
};

const CodeInfo* info(Errc code) noexcept {
  for (const auto& c : kCodes) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "authkit"; }
  std::string message(int value) const override {
    return std::string(errc_name(static_cast<Errc>(value)));
  }
};

}  // namespace

std::string_view errc_name(Errc code) noexcept {
  const CodeInfo* i = info(code);
  return i != nullptr ? i->name : std::string_view("UNKNOWN_ERROR");
}

std::optional<Errc> errc_from_name(std::string_view name) noexcept {
  for (const auto& c : kCodes) {
    if (c.name == name) return c.code;
  }
  return std::nullopt;
}

Errc public_code(Errc code) noexcept {
  const int v = static_cast<int>(code);
  if (v >= static_cast<int>(Errc::jwt_malformed) && v < static_cast<int>(Errc::invalid_key)) {
    return Errc::invalid_token;
  }
  // Configuration and infrastructure failures are the server's business, not the client's.
  if (v >= static_cast<int>(Errc::invalid_key)) return Errc::internal_server_error;
  return code;
}

const std::error_category& error_category() noexcept {
  static const Category category;
  return category;
}

Error::Error(Errc code, std::string message, std::string detail)
    : code_(code), message_(std::move(message)), detail_(std::move(detail)) {
  if (message_.empty()) {
    const CodeInfo* i = info(code);
    message_ = i != nullptr ? std::string(i->message) : std::string("Error");
  }
}

Error Error::with_claim(std::string claim) const {
  Error copy = *this;
  copy.claim_ = std::move(claim);
  return copy;
}

Error Error::with_retry_after(std::chrono::seconds retry_after) const {
  Error copy = *this;
  copy.retry_after_ = retry_after;
  return copy;
}

Exception::Exception(Error error)
    : error_(std::move(error)), what_(std::string(error_.name()) + ": " + error_.message()) {
  if (!error_.detail().empty()) what_ += " (" + error_.detail() + ")";
}

}  // namespace authkit
