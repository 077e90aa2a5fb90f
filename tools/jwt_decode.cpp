// "authkit jwt decode": shows a token's header and payload WITHOUT verifying anything.
#include <authkit/jwt/unverified.hpp>

#include "commands.hpp"
#include "io.hpp"
#include "report.hpp"

#include <iostream>
#include <string>

namespace authkit::cli {
namespace {

constexpr std::string_view kDecodeHelp =
    R"(Usage: authkit jwt decode TOKEN|-

Prints the header and payload of a compact JWT as {"header":...,"payload":...} on
stdout, for debugging. NOTHING IS VERIFIED: not the signature, not exp, not the
issuer. Anyone can write any claims; never act on this output. A warning saying
"UNVERIFIED: signature not checked" is printed on stderr. "-" reads the token from
stdin (one trailing newline is removed). Use 'authkit jwt verify' to check a token.

Options:
  -h, --help   show this help
)";

int run_decode(const ParsedArgs& args) {
  if (args.positionals().empty()) throw UsageError("a TOKEN (or - for stdin) is required");
  std::string token = args.positionals().front();
  if (token == "-") {
    token = unwrap(read_input("-"));
    token.resize(strip_one_newline(token).size());
  }
  const UnverifiedToken decoded = unwrap(unsafe_decode_unverified(token));
  const nlohmann::json out{{"header", decoded.header}, {"payload", decoded.claims}};
  std::cerr << "UNVERIFIED: signature not checked\n";
  write_stdout(out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n');
  return exit_ok;
}

}  // namespace

const Command jwt_decode_command{.group = "jwt",
                                 .name = "decode",
                                 .summary = "show a JWT's header and payload, UNVERIFIED",
                                 .help = kDecodeHelp,
                                 .options = {},
                                 .max_positionals = 1,
                                 .run = run_decode};

}  // namespace authkit::cli
