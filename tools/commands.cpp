#include "commands.hpp"

#include <array>

namespace authkit::cli {

std::span<const Command* const> all_commands() noexcept {
  static constexpr std::array<const Command*, 7> kCommands{
      &jwk_generate_command, &jwk_public_command,    &jwt_sign_command,       &jwt_verify_command,
      &jwt_decode_command,   &password_hash_command, &password_verify_command};
  return kCommands;
}

}  // namespace authkit::cli
