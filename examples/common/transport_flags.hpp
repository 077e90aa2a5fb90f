// The command-line flags both example servers take for their transport (http_server.hpp):
// --listen, --max-connections, --max-connections-per-client and --header-timeout. Each program
// reads a flag's value its own way (authkit-resource-server refuses an empty one), then hands
// the flag and its value here, so both parse them alike and say the same about a bad value.
// --listen's help line stays with each program, since it names the program's default port.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http_server.hpp"

namespace authkit_examples {

/// Whether `text` is a decimal number from `min` to `max` and nothing else; if so it is in `n`.
[[nodiscard]] bool parse_count(std::string_view text, std::size_t min, std::size_t max,
                               std::size_t& n);

/// Whether `flag` is one of the transport flags above. Each takes a value.
[[nodiscard]] bool is_transport_flag(std::string_view flag);

/// Parses `value`, given with transport flag `flag`, into `options` (--listen HOST:PORT into
/// host and port). On a bad value returns false and sets `error` to a one-line reason, such
/// as: --max-connections wants 1..1000000, got "0".
[[nodiscard]] bool parse_transport_flag(std::string_view flag, const std::string& value,
                                        HttpServerOptions& options, std::string& error);

/// The --help lines of --max-connections, --max-connections-per-client and --header-timeout,
/// each description starting at column `column` (from 0), the usage's other lines' column.
[[nodiscard]] std::string transport_flags_help(std::size_t column);

}  // namespace authkit_examples
