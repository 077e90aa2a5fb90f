#include "access_log.hpp"

#include <cstdio>

namespace authkit_examples {

std::string log_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f || c == '\\') {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

std::string redact_link_token(std::string_view path) {
  static constexpr std::string_view kLink = "/reset-password/";
  const auto at = path.find(kLink);
  if (at == std::string_view::npos) return std::string(path);
  return std::string(path.substr(0, at + kLink.size())) + "[token]";
}

void write_access_line(const AccessRecord& record) {
  const std::string line = log_escape(record.peer) + " " + log_escape(record.method) + " " +
                           log_escape(redact_link_token(record.path)) + " " +
                           std::to_string(record.status) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace authkit_examples
