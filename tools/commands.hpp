// tools/commands.hpp: the table of CLI commands ("authkit <group> <name> ...").
#pragma once

#include "args.hpp"

#include <cstddef>
#include <span>
#include <string_view>

namespace authkit::cli {

/// One subcommand. `run` returns the exit code, or throws UsageError / CommandFailure.
struct Command {
  std::string_view group;    ///< "jwk", "jwt" or "password"
  std::string_view name;     ///< "generate", "sign", ...
  std::string_view summary;  ///< one line for the group's help
  std::string_view help;     ///< full usage text, printed by --help
  std::span<const OptionSpec> options;
  std::size_t max_positionals;
  int (*run)(const ParsedArgs& args);
};

// jwk_commands.cpp
extern const Command jwk_generate_command;
extern const Command jwk_public_command;
// jwt_sign.cpp, jwt_verify.cpp, jwt_decode.cpp
extern const Command jwt_sign_command;
extern const Command jwt_verify_command;
extern const Command jwt_decode_command;
// password_commands.cpp
extern const Command password_hash_command;
extern const Command password_verify_command;

/// Every command, in the order help lists them.
[[nodiscard]] std::span<const Command* const> all_commands() noexcept;

}  // namespace authkit::cli
