#include "transport_flags.hpp"

#include <charconv>
#include <chrono>

namespace authkit_examples {

namespace {

bool parse_port(std::string_view text, int& port) {
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, port);
  return ec == std::errc() && ptr == end && port >= 0 && port <= 65535;
}

bool parse_listen(std::string_view text, HttpServerOptions& out) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  out.host = std::string(text.substr(0, colon));
  return parse_port(text.substr(colon + 1), out.port);
}

}  // namespace

bool parse_count(std::string_view text, std::size_t min, std::size_t max, std::size_t& n) {
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, n);
  return ec == std::errc() && ptr == end && n >= min && n <= max;
}

bool is_transport_flag(std::string_view flag) {
  return flag == "--listen" || flag == "--max-connections" ||
         flag == "--max-connections-per-client" || flag == "--header-timeout";
}

bool parse_transport_flag(std::string_view flag, const std::string& value,
                          HttpServerOptions& options, std::string& error) {
  std::size_t n = 0;
  if (flag == "--listen") {
    if (parse_listen(value, options)) return true;
    error = "--listen wants HOST:PORT, got \"" + value + "\"";
  } else if (flag == "--max-connections" || flag == "--max-connections-per-client") {
    if (parse_count(value, 1, 1000000, n)) {
      (flag == "--max-connections" ? options.max_connections : options.max_connections_per_client) =
          n;
      return true;
    }
    error = std::string(flag) + " wants 1..1000000, got \"" + value + "\"";
  } else if (flag == "--header-timeout") {
    if (parse_count(value, 1, 86400, n)) {
      options.header_timeout = std::chrono::seconds(n);
      return true;
    }
    error = std::string(flag) + " wants 1..86400 seconds, got \"" + value + "\"";
  } else {
    error = "unknown argument \"" + std::string(flag) + "\"";
  }
  return false;
}

std::string transport_flags_help(std::size_t column) {
  static constexpr std::string_view kLines[][2] = {
      {"--max-connections N", "open connections at most (default 10000)"},
      {"--max-connections-per-client N",
       "open connections per client address at most (default 128)"},
      {"--header-timeout S", "seconds a request header may take to arrive (default 10)"},
  };
  std::string help;
  for (const auto& [flag, text] : kLines) {
    help += "  ";
    help += flag;
    // A flag that leaves no space before the column gets a line of its own.
    const std::size_t width = 2 + flag.size();
    if (width < column) {
      help.append(column - width, ' ');
    } else {
      help += '\n';
      help.append(column, ' ');
    }
    help += text;
    help += '\n';
  }
  return help;
}

}  // namespace authkit_examples
