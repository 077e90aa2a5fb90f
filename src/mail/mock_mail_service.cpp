#include <authkit/mail.hpp>

namespace authkit {

Result<void> MockMailService::send(const Message& message) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (failing_) return Error(Errc::mail_failure, {}, "MockMailService is set to fail");
  outbox_.push_back(message);
  return {};
}

std::vector<Message> MockMailService::messages() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return outbox_;
}

std::vector<Message> MockMailService::messages_to(std::string_view to) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Message> out;
  for (const Message& m : outbox_) {
    if (m.to == to) out.push_back(m);
  }
  return out;
}

std::optional<Message> MockMailService::last_to(std::string_view to,
                                                std::optional<MailKind> kind) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = outbox_.rbegin(); it != outbox_.rend(); ++it) {
    if (it->to == to && (!kind || it->kind == *kind)) return *it;
  }
  return std::nullopt;
}

std::string MockMailService::last_token(std::string_view to, MailKind kind) const {
  const auto message = last_to(to, kind);
  return message ? message->token : std::string();
}

std::string MockMailService::last_url(std::string_view to, MailKind kind) const {
  const auto message = last_to(to, kind);
  return message ? message->url : std::string();
}

std::size_t MockMailService::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return outbox_.size();
}

void MockMailService::clear() {
  const std::lock_guard<std::mutex> lock(mutex_);
  outbox_.clear();
}

void MockMailService::set_failing(bool failing) {
  const std::lock_guard<std::mutex> lock(mutex_);
  failing_ = failing;
}

}  // namespace authkit
