#include <authkit/audit.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <ostream>

namespace authkit {
namespace {

// Audit logs name users and addresses, so the file is private to the service's user. open(2)
// is used for the creation because std::ofstream cannot choose the mode; an existing file
// keeps its mode.
std::unique_ptr<std::ostream> open_private_append(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  ::close(fd);
  auto file = std::make_unique<std::ofstream>(path, std::ios::out | std::ios::app);
  if (!*file) return nullptr;
  return file;
}

}  // namespace

JsonLinesAuditSink::JsonLinesAuditSink(std::ostream& out) : out_(&out) {}

JsonLinesAuditSink::JsonLinesAuditSink(const std::filesystem::path& path) : out_(nullptr) {
  try {
    owned_ = open_private_append(path);
    out_ = owned_.get();
  } catch (...) {
    // ok() reports it; a sink that cannot write must not take the service down.
    owned_.reset();
    out_ = nullptr;
  }
}

JsonLinesAuditSink::~JsonLinesAuditSink() = default;

bool JsonLinesAuditSink::ok() const noexcept { return out_ != nullptr; }

void JsonLinesAuditSink::record(const AuditEvent& event) noexcept {
  if (out_ == nullptr) return;
  try {
    std::string line = to_json_line(event);
    line += '\n';
    const std::lock_guard<std::mutex> lock(mutex_);
    out_->write(line.data(), static_cast<std::streamsize>(line.size()));
    out_->flush();
  } catch (...) {
    // Auditing must never break the flow it observes; the event is lost.
  }
}

}  // namespace authkit
