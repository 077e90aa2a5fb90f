#include "sign_claims.hpp"

#include "duration.hpp"
#include "io.hpp"
#include "report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace authkit::cli {
namespace {

using Json = nlohmann::json;

Json read_claims(const std::string& value) {
  std::string text = value;
  if (value.starts_with('@')) text = unwrap(read_input(value.substr(1)));
  // Never echo the parser's message: it quotes the input.
  Json claims = Json::parse(text, nullptr, false);
  if (claims.is_discarded()) throw UsageError("--claims is not valid JSON");
  if (!claims.is_object()) throw UsageError("--claims must be a JSON object");
  return claims;
}

// Removes `name` from `claims` and returns it as a string, if present.
std::optional<std::string> take_string(Json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw UsageError(std::string("\"") + name + "\" in --claims must be a non-empty string");
  }
  std::string value = it->get<std::string>();
  claims.erase(it);
  return value;
}

// Removes "aud" from `claims` and returns it as a list (a string becomes one entry).
std::vector<std::string> take_audience(Json& claims) {
  std::vector<std::string> out;
  const auto it = claims.find("aud");
  if (it == claims.end()) return out;
  const auto bad = [] { return UsageError("\"aud\" in --claims must be a string or strings"); };
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array() && !it->empty()) {
    for (const Json& a : *it) {
      if (!a.is_string()) throw bad();
      out.push_back(a.get<std::string>());
    }
  } else {
    throw bad();
  }
  for (const auto& a : out) {
    if (a.empty()) throw bad();
  }
  claims.erase(it);
  return out;
}

// A value given both as a flag and inside --claims must agree.
template <class T>
std::optional<T> merge(std::optional<T> flag, std::optional<T> from_claims, const char* name) {
  if (flag && from_claims && *flag != *from_claims) {
    throw UsageError(std::string("--") + name + " and \"" + name + "\" in --claims differ");
  }
  return flag ? flag : from_claims;
}

}  // namespace

SignRequest build_sign_request(const ParsedArgs& args) {
  SignRequest request;
  Json extra = Json::object();
  if (const auto claims = args.get("--claims")) extra = read_claims(*claims);

  for (const char* name : {"exp", "iat", "nbf", "jti"}) {
    if (extra.contains(name)) {
      throw UsageError(std::string("\"") + name +
                       "\" cannot be set in --claims (iat is the current time, "
                       "exp comes from --expires-in; nbf and jti are not supported)");
    }
  }

  const auto sub = merge(args.get("--sub"), take_string(extra, "sub"), "sub");
  if (!sub) throw UsageError("a subject is required: use --sub or \"sub\" in --claims");
  request.claims.subject = *sub;
  request.claims.email = take_string(extra, "email");
  request.claims.name = take_string(extra, "name");

  request.options.issuer = merge(args.get("--iss"), take_string(extra, "iss"), "iss").value_or("");
  std::vector<std::string> flag_aud = args.all("--aud");
  std::vector<std::string> claims_aud = take_audience(extra);
  request.options.audience =
      merge(flag_aud.empty() ? std::nullopt : std::optional(flag_aud),
            claims_aud.empty() ? std::nullopt : std::optional(claims_aud), "aud")
          .value_or(std::vector<std::string>{});
  if (const auto typ = args.get("--typ")) request.options.typ = *typ;

  const std::string expires_in = args.get("--expires-in").value_or("15m");
  const auto lifetime = parse_duration(expires_in);
  if (!lifetime || lifetime->count() <= 0) {
    throw UsageError("--expires-in must be a positive duration such as 15m, 3600, 1h or 2d");
  }
  request.options.lifetime = *lifetime;
  request.claims.extra = std::move(extra);
  return request;
}

}  // namespace authkit::cli
