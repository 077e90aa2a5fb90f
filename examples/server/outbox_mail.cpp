#include "outbox_mail.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace authkit_server {

namespace {

/// Appends `line` to `path` with O_APPEND, so concurrent writers never interleave a line.
bool append(const std::string& path, const std::string& line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const ssize_t written = ::write(fd, line.data(), line.size());
  const bool ok = written == static_cast<ssize_t>(line.size());
  return ::close(fd) == 0 && ok;
}

}  // namespace

authkit::Result<std::shared_ptr<OutboxMailService>> OutboxMailService::open(std::string path) {
  if (!append(path, "")) {
    return authkit::Error(authkit::Errc::not_found, {}, "cannot open the mail outbox " + path);
  }
  return std::shared_ptr<OutboxMailService>(new OutboxMailService(std::move(path)));
}

authkit::Result<void> OutboxMailService::send(const authkit::Message& message) {
  const nlohmann::json line = {{"kind", authkit::mail_kind_name(message.kind)},
                               {"to", message.to},
                               {"subject", message.subject},
                               {"url", message.url},
                               {"token", message.token},
                               {"text", message.text}};
  const std::lock_guard lock(mutex_);
  if (!append(path_, line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n")) {
    return authkit::Error(authkit::Errc::mail_failure, {}, "cannot append to the mail outbox");
  }
  return {};
}

}  // namespace authkit_server
