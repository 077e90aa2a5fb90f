// Handler::authenticate(): get-session for the host's own routes. The same token reading and
// the same sliding as the get-session route, without the route's rate limit, CSRF check or
// JSON, so that a host can check every request of its own API cheaply.
#include <authkit/http/handler.hpp>

#include <utility>

#include "http/session_io.hpp"
#include "http/state.hpp"

namespace authkit::http {

Result<std::optional<Authenticated>> Handler::authenticate(const Request& request) const {
  Call call{.state = *impl_, .request = request};
  call.context = context_of(*impl_, request);
  session_io::read(call);
  if (!call.session_token) return std::optional<Authenticated>{};
  auto found = impl_->service.get_session(*call.session_token, call.context);
  if (!found) return found.error();
  if (!*found) return std::optional<Authenticated>{};
  SessionView& view = **found;
  Authenticated out{.session = std::move(view.session), .user = std::move(view.user)};
  // A slid cookie session gets its cookie re-set with the new expiry, as get-session does; a
  // bearer client keeps its token and learns nothing new.
  if (view.refreshed && call.token_source == TokenSource::cookie) {
    Response cookies;
    if (auto set = session_io::set(*impl_, cookies, *call.session_token, out.session.remember_me);
        !set) {
      return set.error();
    }
    out.headers = std::move(cookies.headers);
  }
  return std::optional<Authenticated>(std::move(out));
}

}  // namespace authkit::http
