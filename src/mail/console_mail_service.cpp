// A development transport: it prints where a mail would go and its link, so that a developer
// can follow verification and reset links without a mail server. Printing the link is the
// point (it carries the one-time token), which is why this must never run in production.
// The token is not printed on its own and the bodies are not printed at all.
#include <authkit/mail.hpp>

#include <iostream>
#include <ostream>

namespace authkit {
namespace {

// Control characters would let a crafted subject or address forge extra output lines.
std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = '?';
  }
  return out;
}

}  // namespace

ConsoleMailService::ConsoleMailService() : ConsoleMailService(std::cout) {}

ConsoleMailService::ConsoleMailService(std::ostream& out) : out_(&out) {}

Result<void> ConsoleMailService::send(const Message& message) {
  const std::lock_guard<std::mutex> lock(mutex_);
  *out_ << "[authkit mail] " << mail_kind_name(message.kind) << '\n'
        << "  to:      " << printable(message.to) << '\n'
        << "  subject: " << printable(message.subject) << '\n';
  if (!message.url.empty()) *out_ << "  link:    " << printable(message.url) << '\n';
  out_->flush();
  if (!*out_) return Error(Errc::mail_failure, {}, "console mail stream is not writable");
  return {};
}

}  // namespace authkit
