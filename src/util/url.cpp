#include "util/url.hpp"

#include <cctype>

namespace authkit::url {
namespace {

bool unreserved(unsigned char c) noexcept {
  if (std::isalnum(c) != 0) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string encode_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::optional<Parsed> parse_base_url(std::string_view text) {
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  Parsed parsed;
  parsed.scheme = lower(text.substr(0, scheme_end));
  if (parsed.scheme != "http" && parsed.scheme != "https") return std::nullopt;
  const std::string_view rest = text.substr(scheme_end + 3);
  const auto path_start = rest.find('/');
  const std::string_view authority = rest.substr(0, path_start);
  std::string_view path =
      path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  if (authority.empty() || authority.find('@') != std::string_view::npos ||
      authority.front() == ':') {
    return std::nullopt;
  }
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '?' || c == '#' || c == '\\') return std::nullopt;
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  parsed.origin = parsed.scheme + "://" + lower(authority);
  parsed.path = std::string(path);
  return parsed;
}

}  // namespace authkit::url
