// Private: `{{name}}` placeholder substitution for mail templates.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace authkit::mail {

/// How substituted values are made safe for the part they land in.
enum class ValueEscaping {
  plain,    ///< Text bodies: values as given.
  html,     ///< HTML bodies: & < > " ' become entities.
  one_line  ///< Subjects: control characters (CR, LF ...) become spaces, so that a value such
            ///< as a user's name cannot start a new header line in a naive transport.
};

/// The placeholder values, keyed by name.
using Values = std::map<std::string, std::string, std::less<>>;

/// Replaces every `{{name}}` (name: ASCII letters, digits, '_') in `source` by its value,
/// escaped per `escaping`; unknown names give empty text. Values are inserted verbatim after
/// escaping and never scanned again, so a value containing "{{x}}" stays literal. Anything
/// that is not a complete placeholder (a lone "{{", "{{ x }}") is copied unchanged.
[[nodiscard]] std::string render(std::string_view source, const Values& values,
                                 ValueEscaping escaping);

/// `text` with & < > " ' replaced by HTML entities.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace authkit::mail
