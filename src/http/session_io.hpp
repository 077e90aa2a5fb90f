// Private: how a session travels over HTTP: read from the signed cookie or a bearer token,
// written back as cookies (and set-auth-token), cleared on sign-out.
#pragma once

#include <authkit/http/handler.hpp>

#include <string_view>

#include "http/state.hpp"

namespace authkit::http::session_io {

/// Fills call.session_token and call.token_source from "Authorization: Bearer" (when the
/// bearer option is on; a signed "token.sig" value or a raw token) or else the session
/// cookie. A cookie or bearer value with a bad signature leaves no token (read as no session).
void read(Call& call);

/// Sets the session cookie for `token` (Max-Age sessions.expires_in, or a browser-session
/// cookie plus the signed dont_remember cookie when !remember_me), and set-auth-token when
/// the bearer option is on. Errors: CRYPTO_FAILURE.
[[nodiscard]] Result<void> set(const detail::HandlerImpl& state, Response& response,
                               std::string_view token, bool remember_me);

/// Deletes the session_token, session_data and dont_remember cookies.
void clear(const detail::HandlerImpl& state, Response& response);

}  // namespace authkit::http::session_io
