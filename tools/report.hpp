// tools/report.hpp: exit codes and how the CLI reports failures on stderr.
//
//   0  success
//   1  failure: "error: <ERRC_NAME>: <message>", or "error: <ERRC_NAME>" for a rejected token
//   2  usage error: "error: <message>" and a pointer to --help
//
// Nothing printed here ever contains a token or key material: messages come from authkit
// errors (which never carry secrets) or from the CLI's own fixed texts.
#pragma once

#include <authkit/result.hpp>

#include <exception>
#include <string_view>
#include <utility>

namespace authkit::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// A failure that is not a usage mistake: unreadable file, bad key, crypto failure.
class CommandFailure : public std::exception {
 public:
  explicit CommandFailure(Error error) : error_(std::move(error)) {}
  [[nodiscard]] const Error& error() const noexcept { return error_; }
  [[nodiscard]] const char* what() const noexcept override { return "command failed"; }

 private:
  Error error_;
};

/// The value of `result`, or throws CommandFailure with its error.
template <class T>
T unwrap(Result<T>&& result) {
  if (!result) throw CommandFailure(std::move(result).error());
  return std::move(*result);
}

/// Prints "error: <NAME>: <message>" (and the log detail, if any) to stderr.
void print_failure(const Error& error);
/// Prints "error: <NAME>" to stderr: a token was rejected. The message is deliberately terse.
void print_rejection(const Error& error);
/// Prints "error: <message>" and "Run '<command> --help' for usage." to stderr.
void print_usage_error(std::string_view command, std::string_view message);

/// Writes `text` to stdout. Throws CommandFailure if stdout cannot be written.
void write_stdout(std::string_view text);

}  // namespace authkit::cli
