#include "mail/template_engine.hpp"

namespace authkit::mail {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  return out;
}

void append_value(std::string& out, std::string_view value, ValueEscaping escaping) {
  switch (escaping) {
    case ValueEscaping::plain:
      out += value;
      return;
    case ValueEscaping::html:
      out += html_escape(value);
      return;
    case ValueEscaping::one_line:
      out += one_line(value);
      return;
  }
}

// The length of the placeholder name starting at `pos` if a complete "name}}" follows; else 0.
std::size_t placeholder_name_length(std::string_view source, std::size_t pos) {
  std::size_t end = pos;
  while (end < source.size() && is_name_char(source[end])) ++end;
  if (end == pos || source.substr(end, 2) != "}}") return 0;
  return end - pos;
}

}  // namespace

std::string render(std::string_view source, const Values& values, ValueEscaping escaping) {
  std::string out;
  out.reserve(source.size());
  std::size_t pos = 0;
  while (pos < source.size()) {
    const std::size_t open = source.find("{{", pos);
    if (open == std::string_view::npos) break;
    const std::size_t name_length = placeholder_name_length(source, open + 2);
    if (name_length == 0) {
      // Not a placeholder: keep one '{' and look again from the next character, so that
      // "{{{name}}}" still finds the placeholder inside.
      out.append(source.substr(pos, open + 1 - pos));
      pos = open + 1;
      continue;
    }
    out.append(source.substr(pos, open - pos));
    const auto it = values.find(source.substr(open + 2, name_length));
    if (it != values.end()) append_value(out, it->second, escaping);
    pos = open + 2 + name_length + 2;
  }
  out.append(source.substr(pos));
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace authkit::mail
