// authkit/audit.hpp: security audit events (who signed in, failed, reset a password ...),
// delivered to a host-provided sink. Events never contain passwords, tokens or hashes.
//
// Thread safety: AuditSink::record() must be safe to call concurrently; JsonLinesAuditSink
// is (it serialises writes with a mutex).
#pragma once

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace authkit {

/// Kinds of audit event. The string form (audit_event_name) is stable.
enum class AuditEventType {
  sign_up,                   ///< "sign_up": an account was created
  sign_in_succeeded,         ///< "sign_in_succeeded"
  sign_in_failed,            ///< "sign_in_failed": wrong password, unknown email, throttled...
  sign_out,                  ///< "sign_out"
  email_verified,            ///< "email_verified"
  password_reset_requested,  ///< "password_reset_requested" (also for unknown emails)
  password_reset,            ///< "password_reset": a reset completed
  password_changed,          ///< "password_changed"
  session_revoked,           ///< "session_revoked": one or more sessions ended by the user
  rate_limited,              ///< "rate_limited": a request was refused by a limit
  mail_failed,  ///< "mail_failed": mail work done after the response failed (MailQueue)
};

/// The stable snake_case name of `type`.
[[nodiscard]] std::string_view audit_event_name(AuditEventType type) noexcept;

/// One audit event. `email` is the address the request named (lower-cased), which for
/// failures may not belong to any account. `reason` is a short machine code (an Errc name
/// like "INVALID_EMAIL_OR_PASSWORD", or e.g. "unknown_email"); never a secret.
struct AuditEvent {
  AuditEventType type = AuditEventType::sign_in_failed;  ///< What happened.
  std::chrono::system_clock::time_point time{};          ///< When (the service's clock).
  std::string user_id{};                                 ///< The user concerned, if known.
  std::string email{};       ///< The email named by the request, if any.
  std::string session_id{};  ///< The session concerned, if any (an id, never a token).
  std::string ip_address{};  ///< Client address, if known.
  std::string user_agent{};  ///< Client user agent, if known.
  std::string reason{};      ///< Short machine-readable cause or detail.
};

/// Receives audit events. record() is called on the thread doing the work, so it should be
/// quick; it must not throw (exceptions are swallowed by the caller).
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  /// Takes one event.
  virtual void record(const AuditEvent& event) noexcept = 0;
};

/// Writes each event as one JSON object per line:
/// `{"event":"sign_in_failed","time":"2026-01-02T03:04:05.000Z","user_id":...,"ip":...}`.
class JsonLinesAuditSink final : public AuditSink {
 public:
  /// Writes to `out`, which must outlive the sink.
  explicit JsonLinesAuditSink(std::ostream& out);
  /// Appends to the file at `path` (created with mode 0600). Throws nothing; if the file
  /// cannot be opened, events are dropped and ok() is false.
  explicit JsonLinesAuditSink(const std::filesystem::path& path);
  ~JsonLinesAuditSink() override;
  /// Whether the output is usable.
  [[nodiscard]] bool ok() const noexcept;
  void record(const AuditEvent& event) noexcept override;
  /// The JSON line (without newline) for `event`.
  [[nodiscard]] static std::string to_json_line(const AuditEvent& event);

 private:
  std::unique_ptr<std::ostream> owned_;
  std::ostream* out_;
  std::mutex mutex_;
};

}  // namespace authkit
