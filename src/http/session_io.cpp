#include "http/session_io.hpp"

#include "http/cookies.hpp"
#include "util/ascii.hpp"
#include "util/url.hpp"

namespace authkit::http::session_io {

namespace {

/// The token of "Authorization: Bearer <t>" ("bearer" in any case), or nullopt.
std::optional<std::string_view> bearer_of(const Request& request) {
  const auto header = request.header("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (!header || header->size() <= kScheme.size() ||
      !ascii::iequal(header->substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  std::string_view token = header->substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

/// Whether `text` could be a raw session token: base64url characters only, so it cannot be
/// confused with a signed "value.signature" (which holds '.', and '%' when URL-encoded).
bool raw_token_shape(std::string_view text) {
  if (text.empty() || text.size() > 512) return false;
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string data_cookie_name(const detail::HandlerImpl& state) {
  return (state.secure ? "__Secure-" : "") + state.options.cookie_prefix + ".session_data";
}

}  // namespace

void read(Call& call) {
  const detail::HandlerImpl& state = call.state;
  if (state.options.bearer) {
    if (const auto bearer = bearer_of(call.request)) {
      // better-auth's bearer plugin takes the signed value, or a raw token it signs itself.
      if (auto verified = cookies::verify(*bearer, state.verify_secrets)) {
        call.session_token = std::move(*verified);
      } else if (raw_token_shape(*bearer)) {
        call.session_token = std::string(*bearer);
      } else {
        return;  // a forged or garbled bearer value: no session, and no cookie fallback
      }
      call.token_source = TokenSource::bearer;
      return;
    }
  }
  const auto cookie_header = call.request.header("Cookie");
  if (!cookie_header) return;
  const auto value = cookies::find(*cookie_header, state.session_cookie);
  if (!value) return;
  if (auto verified = cookies::verify(*value, state.verify_secrets)) {
    call.session_token = std::move(*verified);
    call.token_source = TokenSource::cookie;
  }
}

Result<void> set(const detail::HandlerImpl& state, Response& response, std::string_view token,
                 bool remember_me) {
  auto plain = cookies::sign_plain(token, *state.options.secret);
  if (!plain) return plain.error();
  const std::optional<std::chrono::seconds> max_age =
      remember_me ? std::optional(state.service.options().sessions.expires_in) : std::nullopt;
  response.headers.push_back(
      {"Set-Cookie", cookies::set_cookie(state.session_cookie, url::encode_component(*plain),
                                         max_age, state.secure)});
  if (!remember_me) {
    auto flag = cookies::sign("true", *state.options.secret);
    if (!flag) return flag.error();
    response.headers.push_back({"Set-Cookie", cookies::set_cookie(state.dont_remember_cookie, *flag,
                                                                  std::nullopt, state.secure)});
  }
  // better-auth's bearer plugin sends the signed value URL-decoded.
  if (state.options.bearer) response.headers.push_back({"set-auth-token", std::move(*plain)});
  return {};
}

void clear(const detail::HandlerImpl& state, Response& response) {
  for (const std::string& name :
       {state.session_cookie, data_cookie_name(state), state.dont_remember_cookie}) {
    response.headers.push_back({"Set-Cookie", cookies::clear_cookie(name, state.secure)});
  }
}

}  // namespace authkit::http::session_io
