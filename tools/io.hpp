// tools/io.hpp: reading the CLI's inputs from files or standard input.
#pragma once

#include <authkit/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace authkit::cli {

/// The largest input read from a file or stdin (a JWKS is capped at 1 MiB by the library).
inline constexpr std::size_t max_input_bytes = 4 * 1024 * 1024;

/// Reads the whole of `path`, or standard input when `path` is "-".
/// Errors: NOT_FOUND (no such file), INVALID_ARGUMENT (unreadable, or over max_input_bytes).
/// Error messages name the path, never the content.
[[nodiscard]] Result<std::string> read_input(const std::string& path);

/// `text` without one trailing "\n" (or "\r\n"), if it has one. Nothing else is trimmed.
[[nodiscard]] std::string_view strip_one_newline(std::string_view text) noexcept;

/// Overwrites the string's bytes before it is released (for key material).
void wipe(std::string& text) noexcept;

}  // namespace authkit::cli
