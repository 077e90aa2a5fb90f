// A MailService that appends every message to a file as one JSON line, for development and
// end-to-end tests: {"kind", "to", "subject", "url", "token", "text"}. The file is created
// with mode 0600 because its lines hold live one-time tokens.
#pragma once

#include <authkit/mail.hpp>

#include <mutex>
#include <string>

namespace authkit_server {

class OutboxMailService final : public authkit::MailService {
 public:
  /// Appends to `path` (created 0600 if missing). Errors: NOT_FOUND when it cannot be opened.
  [[nodiscard]] static authkit::Result<std::shared_ptr<OutboxMailService>> open(std::string path);

  /// Appends one line and flushes it. Errors: MAIL_FAILURE when the write fails.
  authkit::Result<void> send(const authkit::Message& message) override;

 private:
  explicit OutboxMailService(std::string path) : path_(std::move(path)) {}
  std::string path_;
  std::mutex mutex_;
};

}  // namespace authkit_server
