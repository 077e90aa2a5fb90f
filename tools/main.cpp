// authkit: command-line tool for JWKs, JWTs and password hashes. Dispatches "authkit <group>
// <command>".
#include <authkit/version.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "report.hpp"

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace authkit::cli {
namespace {

bool is_help(std::string_view word) { return word == "-h" || word == "--help" || word == "help"; }

std::string group_usage(std::string_view group) {
  std::string text = "Usage: authkit " + std::string(group) + " <command> [options]\n\nCommands:\n";
  for (const Command* c : all_commands()) {
    if (c->group != group) continue;
    std::string name(c->name);
    name.resize(10, ' ');
    text += "  " + name + std::string(c->summary) + '\n';
  }
  text += "\nRun 'authkit " + std::string(group) + " <command> --help' for a command's options.\n";
  return text;
}

std::string top_usage() {
  std::string text =
      "Usage: authkit <group> <command> [options]\n\n"
      "Creates and inspects JSON Web Keys, JSON Web Tokens and password hashes with the\n"
      "authkit library.\n\n";
  for (std::string_view group : {"jwk", "jwt", "password"}) {
    for (const Command* c : all_commands()) {
      if (c->group != group) continue;
      std::string name = std::string(group) + ' ' + std::string(c->name);
      name.resize(21, ' ');
      text += "  authkit " + name + std::string(c->summary) + '\n';
    }
  }
  text +=
      "\nOptions:\n"
      "  -h, --help      show this help (also after any group or command)\n"
      "  --version       print the authkit version\n\n"
      "Exit status: 0 success, 1 failure (\"error: <CODE>...\" on stderr), 2 usage error.\n";
  return text;
}

bool known_group(std::string_view group) {
  return group == "jwk" || group == "jwt" || group == "password";
}

// Names a mistyped command in an error, unless the word might be a token or a secret.
std::string unknown(std::string_view what, std::string_view word) {
  const bool printable = word.size() <= 32 && word.find('.') == std::string_view::npos &&
                         std::all_of(word.begin(), word.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                                  c == '_' || (c >= '0' && c <= '9');
                         });
  return printable ? std::string(what) + " '" + std::string(word) + "'" : std::string(what);
}

int dispatch(const std::vector<std::string_view>& words) {
  if (words.empty()) {
    std::cerr << "error: a command is required\n\n" << top_usage();
    return exit_usage;
  }
  if (is_help(words[0])) {
    write_stdout(top_usage());
    return exit_ok;
  }
  if (words[0] == "--version") {
    write_stdout(std::string("authkit ") + version_string + '\n');
    return exit_ok;
  }
  if (!known_group(words[0])) {
    print_usage_error(
        "authkit",
        unknown(words[0].starts_with('-') ? "unknown option" : "unknown command", words[0]));
    return exit_usage;
  }
  const std::string_view group = words[0];
  if (words.size() < 2) {
    std::cerr << "error: a command is required\n\n" << group_usage(group);
    return exit_usage;
  }
  if (is_help(words[1])) {
    write_stdout(group_usage(group));
    return exit_ok;
  }
  const Command* command = nullptr;
  for (const Command* c : all_commands()) {
    if (c->group == group && c->name == words[1]) command = c;
  }
  if (command == nullptr) {
    print_usage_error("authkit " + std::string(group), unknown("unknown command", words[1]));
    return exit_usage;
  }
  const std::string path = "authkit " + std::string(group) + ' ' + std::string(command->name);
  try {
    const std::span<const std::string_view> rest(words.begin() + 2, words.end());
    const ParsedArgs args = parse_args(rest, command->options, command->max_positionals);
    if (args.help()) {
      write_stdout(command->help);
      return exit_ok;
    }
    return command->run(args);
  } catch (const UsageError& e) {
    print_usage_error(path, e.what());
    return exit_usage;
  }
}

}  // namespace
}  // namespace authkit::cli

int main(int argc, char** argv) {
  using namespace authkit::cli;
  try {
    const std::vector<std::string_view> words(argv + (argc > 0 ? 1 : 0), argv + argc);
    return dispatch(words);
  } catch (const CommandFailure& e) {
    print_failure(e.error());
    return exit_failure;
  } catch (const std::exception&) {
    // The text of an unexpected exception is not shown: it could quote an input.
    std::cerr << "error: INTERNAL_SERVER_ERROR: unexpected failure\n";
    return exit_failure;
  }
}
