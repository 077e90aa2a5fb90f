// "authkit password hash" and "authkit password verify". The password always comes from
// stdin (never from argv, which other users can read in the process list) and is never
// printed.
#include <authkit/password/hasher.hpp>

#include "commands.hpp"
#include "io.hpp"
#include "report.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

namespace authkit::cli {
namespace {

// Reads the password from stdin without one trailing newline; wiped by the caller.
std::string read_password() {
  std::string password = unwrap(read_input("-"));
  password.resize(strip_one_newline(password).size());
  return password;
}

std::uint32_t parse_count(const ParsedArgs& args, std::string_view name, std::uint32_t fallback) {
  const auto text = args.get(name);
  if (!text) return fallback;
  std::uint32_t value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end || value == 0) {
    throw UsageError(std::string(name) + " must be a positive whole number");
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// password hash
// ---------------------------------------------------------------------------------------------

constexpr std::array<OptionSpec, 3> kHashOptions{{
    {.name = "--memory-kib"},
    {.name = "--iterations"},
    {.name = "--parallelism"},
}};

constexpr std::string_view kHashHelp =
    R"(Usage: authkit password hash [--memory-kib N] [--iterations N] [--parallelism N]

Reads a password from stdin (one trailing newline is removed, nothing else),
hashes it with Argon2id and prints the PHC string on stdout, e.g.
  $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
The password is normalised to Unicode NFKC first, as the library does.

Options:
  --memory-kib N    memory cost m in KiB (default 19456, at least 8 x parallelism)
  --iterations N    time cost t (default 2)
  --parallelism N   lanes and threads p (default 1; keep it at or below the cores)
  -h, --help        show this help

Exit status: 0 hashed; 1 failure (e.g. the input is not UTF-8 or longer than
4096 bytes); 2 usage error (including parameters libargon2 cannot use).

Example:
  printf '%s' "$PASSWORD" | authkit password hash --memory-kib 47104 --iterations 1
)";

int run_hash(const ParsedArgs& args) {
  PasswordHasherOptions options;
  options.params.memory_kib = parse_count(args, "--memory-kib", options.params.memory_kib);
  options.params.iterations = parse_count(args, "--iterations", options.params.iterations);
  options.params.parallelism = parse_count(args, "--parallelism", options.params.parallelism);
  // The operator chose the cost explicitly: let it exceed the library's default caps.
  options.max_params.memory_kib =
      std::max(options.max_params.memory_kib, options.params.memory_kib);
  options.max_params.iterations =
      std::max(options.max_params.iterations, options.params.iterations);
  options.max_params.parallelism =
      std::max(options.max_params.parallelism, options.params.parallelism);
  auto hasher = PasswordHasher::create(std::move(options));
  if (!hasher) throw UsageError(hasher.error().message());

  std::string password = read_password();
  auto hash = hasher->hash(password);
  wipe(password);
  write_stdout(unwrap(std::move(hash)) + '\n');
  return exit_ok;
}

// ---------------------------------------------------------------------------------------------
// password verify
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kVerifyHelp =
    R"(Usage: authkit password verify HASH

Reads a password from stdin (one trailing newline is removed, nothing else) and
checks it against HASH: an Argon2id PHC string ($argon2id$v=19$...), a bcrypt
hash ($2a$, $2b$, $2y$) or a better-auth scrypt hash (<32 hex>:<128 hex>).
Argon2id hashes that name a pepper (pepper=<id>) cannot be checked here, nor
hashes above m=1048576 (1 GiB), t=100 or p=64.

Options:
  -h, --help   show this help

Exit status:
  0  the password matches
  1  it does not ("error: INVALID_PASSWORD" on stderr), or hashing failed
  2  HASH is malformed or unsupported, the password is not UTF-8 or longer
     than 4096 bytes, or a usage error

Example:
  printf '%s' "$PASSWORD" | authkit password verify "$STORED_HASH"
)";

int run_verify(const ParsedArgs& args) {
  if (args.positionals().empty()) throw UsageError("HASH is required");
  const std::string& stored = args.positionals().front();
  // Caps above the library's defaults (the operator is checking a hash they hold, not serving
  // untrusted traffic), but still bounded: 1 GiB, 100 passes, 64 lanes.
  PasswordHasherOptions options;
  options.max_params = {.memory_kib = 1048576, .iterations = 100, .parallelism = 64};
  const PasswordHasher hasher = unwrap(PasswordHasher::create(std::move(options)));

  std::string password = read_password();
  auto match = hasher.verify(password, stored);
  wipe(password);
  if (!match) {
    // A malformed or unsupported HASH (or an unusable password): a mistake in what was
    // given, reported like other usage errors. The message never quotes the password.
    if (match.error().code() == Errc::invalid_argument) {
      std::string message = match.error().message();
      if (!match.error().detail().empty()) message += " (" + match.error().detail() + ")";
      throw UsageError(message);
    }
    throw CommandFailure(match.error());
  }
  if (!*match) {
    print_rejection(Error(Errc::invalid_password));
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace

const Command password_hash_command{.group = "password",
                                    .name = "hash",
                                    .summary = "hash a password from stdin with Argon2id",
                                    .help = kHashHelp,
                                    .options = kHashOptions,
                                    .max_positionals = 0,
                                    .run = run_hash};

const Command password_verify_command{.group = "password",
                                      .name = "verify",
                                      .summary = "check a password from stdin against a hash",
                                      .help = kVerifyHelp,
                                      .options = {},
                                      .max_positionals = 1,
                                      .run = run_verify};

}  // namespace authkit::cli
