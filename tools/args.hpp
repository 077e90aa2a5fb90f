// tools/args.hpp: command-line option parsing for the authkit CLI.
//
// Accepts "--name value" and "--name=value", "-h"/"--help", "-" as a positional argument and
// "--" to end options. Usage mistakes throw UsageError (exit code 2).
#pragma once

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authkit::cli {

/// A mistake in how the command was called: unknown flag, missing value, bad duration, ...
/// The message is shown to the user; it must never contain a token or key material.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One option a command accepts.
struct OptionSpec {
  std::string_view name;    ///< with the dashes, e.g. "--alg"
  bool takes_value = true;  ///< false for a boolean flag
  bool repeatable = false;  ///< may be given more than once
};

/// The options and positional arguments of one command line.
class ParsedArgs {
 public:
  /// True if -h or --help was given.
  [[nodiscard]] bool help() const noexcept { return help_; }
  /// True if the option was given at least once.
  [[nodiscard]] bool has(std::string_view name) const;
  /// The value of a non-repeatable option, if given.
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
  /// Every value of an option, in command-line order.
  [[nodiscard]] std::vector<std::string> all(std::string_view name) const;
  /// The positional arguments.
  [[nodiscard]] const std::vector<std::string>& positionals() const noexcept {
    return positionals_;
  }

 private:
  friend ParsedArgs parse_args(std::span<const std::string_view>, std::span<const OptionSpec>,
                               std::size_t);
  bool help_ = false;
  std::vector<std::pair<std::string, std::string>> options_;
  std::vector<std::string> positionals_;
};

/// Parses `args` (the words after the command name). Throws UsageError for an unknown option,
/// a missing value, a repeated non-repeatable option, or more than `max_positionals`
/// positional arguments. When --help is present, other mistakes are ignored.
[[nodiscard]] ParsedArgs parse_args(std::span<const std::string_view> args,
                                    std::span<const OptionSpec> specs, std::size_t max_positionals);

}  // namespace authkit::cli
