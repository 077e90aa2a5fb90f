// authkit/mail.hpp: outgoing mail (verification links, reset links, notices), with a console
// service for development and a mock outbox for tests.
//
// Thread safety: MailService::send() must be safe to call concurrently; ConsoleMailService and
// MockMailService are. MailTemplates is a value type; render() is const and thread-safe.
#pragma once

#include <authkit/result.hpp>

#include <cstddef>
#include <iosfwd>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

/// Why a message is sent. The string form (mail_kind_name) is what outbox files record.
enum class MailKind {
  verify_email,      ///< "verify-email": confirm an address (has url and token)
  reset_password,    ///< "reset-password": a reset link (has url and token)
  password_changed,  ///< "password-changed": notice after a change or reset
  existing_account,  ///< "existing-account": someone tried to sign up with this address
};

/// "verify-email", "reset-password", "password-changed" or "existing-account".
[[nodiscard]] std::string_view mail_kind_name(MailKind kind) noexcept;

/// One outgoing message. `url` and `token` are set for link mails so that test outboxes can
/// follow them; a real transport only needs to, subject, text and html.
struct Message {
  MailKind kind = MailKind::verify_email;  ///< Why it is sent.
  std::string to{};                        ///< Recipient address.
  std::string subject{};                   ///< Subject line.
  std::string text{};                      ///< Plain-text body.
  std::string html{};                      ///< HTML body.
  std::string url{};                       ///< The action link, if any.
  std::string token{};  ///< The raw one-time token in the link, if any. Secret: never log it.
};

/// Delivers messages. Implement it for your SMTP relay or mail API. send() must not keep the
/// caller waiting longer than needed; queue inside if delivery is slow.
class MailService {
 public:
  virtual ~MailService() = default;
  /// Sends `message`. Errors: MAIL_FAILURE (the flow that asked reports it and leaves no
  /// half-done state behind, e.g. no unsent reset token stays valid).
  [[nodiscard]] virtual Result<void> send(const Message& message) = 0;
};

/// Prints recipient, subject and link of every message to a stream (stdout by default), for
/// development. It prints the link because that is its job; do not use it in production.
class ConsoleMailService final : public MailService {
 public:
  /// Writes to std::cout.
  ConsoleMailService();
  /// Writes to `out`, which must outlive the service.
  explicit ConsoleMailService(std::ostream& out);
  Result<void> send(const Message& message) override;

 private:
  std::ostream* out_;
  std::mutex mutex_;
};

/// Keeps every message in memory, for tests. Can be told to fail, to test error paths.
class MockMailService final : public MailService {
 public:
  Result<void> send(const Message& message) override;

  /// Every message sent so far, oldest first.
  [[nodiscard]] std::vector<Message> messages() const;
  /// Messages sent to `to`, oldest first.
  [[nodiscard]] std::vector<Message> messages_to(std::string_view to) const;
  /// The newest message to `to` (of `kind`, when given), or nullopt.
  [[nodiscard]] std::optional<Message> last_to(std::string_view to,
                                               std::optional<MailKind> kind = std::nullopt) const;
  /// The token of the newest message to `to` of `kind`, or an empty string.
  [[nodiscard]] std::string last_token(std::string_view to, MailKind kind) const;
  /// The link of the newest message to `to` of `kind`, or an empty string.
  [[nodiscard]] std::string last_url(std::string_view to, MailKind kind) const;
  /// How many messages were sent.
  [[nodiscard]] std::size_t size() const;
  /// Forgets every message.
  void clear();
  /// While true, send() fails with MAIL_FAILURE and records nothing.
  void set_failing(bool failing);

 private:
  mutable std::mutex mutex_;
  std::vector<Message> outbox_;
  bool failing_ = false;
};

/// A subject, plain-text and HTML template. Placeholders `{{name}}` are replaced by values;
/// in `html`, values are HTML-escaped. Unknown placeholders render as empty text.
struct MailTemplate {
  std::string subject{};  ///< Subject template.
  std::string text{};     ///< Plain-text body template.
  std::string html{};     ///< HTML body template.
};

/// The templates for each MailKind. Placeholders available to all: `{{app_name}}`, `{{email}}`,
/// `{{name}}`; link mails add `{{url}}` and `{{expires_in_minutes}}`.
struct MailTemplates {
  std::string app_name = "authkit";                                      ///< Value of {{app_name}}.
  MailTemplate verify_email = default_template(MailKind::verify_email);  ///< Verify address.
  MailTemplate reset_password = default_template(MailKind::reset_password);      ///< Reset link.
  MailTemplate password_changed = default_template(MailKind::password_changed);  ///< Notice.
  MailTemplate existing_account = default_template(MailKind::existing_account);  ///< Notice.

  /// The built-in English template for `kind`.
  [[nodiscard]] static MailTemplate default_template(MailKind kind);
  /// Renders the template for `kind` with `values` (app_name is added) into a Message with
  /// kind, subject, text and html set (the caller sets to, url and token).
  [[nodiscard]] Message render(MailKind kind,
                               const std::map<std::string, std::string, std::less<>>& values) const;
};

}  // namespace authkit
