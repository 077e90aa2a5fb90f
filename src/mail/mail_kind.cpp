#include <authkit/mail.hpp>

namespace authkit {

std::string_view mail_kind_name(MailKind kind) noexcept {
  switch (kind) {
    case MailKind::verify_email:
      return "verify-email";
    case MailKind::reset_password:
      return "reset-password";
    case MailKind::password_changed:
      return "password-changed";
    case MailKind::existing_account:
      return "existing-account";
  }
  return "unknown";
}

}  // namespace authkit
