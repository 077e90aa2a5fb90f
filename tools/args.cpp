#include "args.hpp"

#include <algorithm>

namespace authkit::cli {
namespace {

const OptionSpec* find_spec(std::span<const OptionSpec> specs, std::string_view name) {
  const auto it =
      std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

bool is_help(std::string_view word) { return word == "-h" || word == "--help"; }

}  // namespace

bool ParsedArgs::has(std::string_view name) const {
  return std::any_of(options_.begin(), options_.end(),
                     [&](const auto& option) { return option.first == name; });
}

std::optional<std::string> ParsedArgs::get(std::string_view name) const {
  std::optional<std::string> value;
  for (const auto& [n, v] : options_) {
    if (n == name) value = v;
  }
  return value;
}

std::vector<std::string> ParsedArgs::all(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [n, v] : options_) {
    if (n == name) values.push_back(v);
  }
  return values;
}

ParsedArgs parse_args(std::span<const std::string_view> args, std::span<const OptionSpec> specs,
                      std::size_t max_positionals) {
  ParsedArgs out;
  // --help wins over every other mistake, so "authkit jwt sign --bogus --help" shows the usage.
  bool options_ended = false;
  for (const std::string_view word : args) {
    if (word == "--") options_ended = true;
    if (!options_ended && is_help(word)) {
      out.help_ = true;
      return out;
    }
  }

  options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view word = args[i];
    if (options_ended || word == "-" || word.size() < 2 || word[0] != '-') {
      out.positionals_.emplace_back(word);
      continue;
    }
    if (word == "--") {
      options_ended = true;
      continue;
    }
    // Only the option's name is ever echoed back: a value might be a token or a secret.
    const std::size_t eq = word.find('=');
    const std::string_view name = word.substr(0, eq);
    const OptionSpec* spec = find_spec(specs, name);
    if (spec == nullptr || !name.starts_with("--")) {
      throw UsageError("unknown option '" + std::string(name) + "'");
    }
    std::string value;
    if (!spec->takes_value) {
      if (eq != std::string_view::npos) {
        throw UsageError("option '" + std::string(name) + "' takes no value");
      }
    } else if (eq != std::string_view::npos) {
      value = std::string(word.substr(eq + 1));
    } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
      value = std::string(args[++i]);
    } else {
      throw UsageError("option '" + std::string(name) + "' needs a value");
    }
    if (spec->takes_value && value.empty()) {
      throw UsageError("option '" + std::string(name) + "' needs a non-empty value");
    }
    if (!spec->repeatable && out.has(name)) {
      throw UsageError("option '" + std::string(name) + "' may be given only once");
    }
    out.options_.emplace_back(std::string(name), std::move(value));
  }
  if (out.positionals_.size() > max_positionals) {
    throw UsageError(max_positionals == 0 ? "this command takes no positional arguments"
                                          : "too many positional arguments");
  }
  return out;
}

}  // namespace authkit::cli
