// The access log both example servers write: one line per request on standard error,
//   <peer> <method> <path> <status>
// Never a query string, a header or a body (they carry tokens and passwords), and nothing a
// client sent is printed raw: "GET /ok%0a203.0.113.9 POST ..." must not forge a second line.
//
// Thread safety: every function may be called from any thread; write_access_line() writes
// each line with one call, so lines from concurrent requests never interleave.
#pragma once

#include <string>
#include <string_view>

#include "http_server.hpp"

namespace authkit_examples {

/// `text` with control characters, DEL, space, backslash and bytes >= 0x80 written as \xHH:
/// one token of one line, whatever a client sent.
[[nodiscard]] std::string log_escape(std::string_view text);

/// `path` with the one-time token of a link path ("/reset-password/<token>") replaced by
/// "[token]".
[[nodiscard]] std::string redact_link_token(std::string_view path);

/// Writes the record's line to standard error.
void write_access_line(const AccessRecord& record);

}  // namespace authkit_examples
