#include <authkit/audit.hpp>

namespace authkit {

std::string_view audit_event_name(AuditEventType type) noexcept {
  switch (type) {
    case AuditEventType::sign_up:
      return "sign_up";
    case AuditEventType::sign_in_succeeded:
      return "sign_in_succeeded";
    case AuditEventType::sign_in_failed:
      return "sign_in_failed";
    case AuditEventType::sign_out:
      return "sign_out";
    case AuditEventType::email_verified:
      return "email_verified";
    case AuditEventType::password_reset_requested:
      return "password_reset_requested";
    case AuditEventType::password_reset:
      return "password_reset";
    case AuditEventType::password_changed:
      return "password_changed";
    case AuditEventType::session_revoked:
      return "session_revoked";
    case AuditEventType::rate_limited:
      return "rate_limited";
    case AuditEventType::mail_failed:
      return "mail_failed";
  }
  return "unknown";
}

}  // namespace authkit
