// Routes: the session -> JWT exchange and the JWKS document.
#include "http/responses.hpp"
#include "http/routes.hpp"

namespace authkit::http::routes {

Response token(Call& call) {
  if (!call.session_token) return respond::from_error(Error(Errc::unauthorized));
  auto jwt = call.state.service.issue_jwt(*call.session_token);
  if (!jwt) return respond::from_error(jwt.error());
  return respond::json(200, {{"token", std::move(*jwt)}});
}

Response jwks(Call& call) {
  Response response = respond::json(200, call.state.service.jwks());
  // Public keys: let verifiers cache them (better-auth sends no caching headers at all).
  response.headers.push_back({"Cache-Control", "public, max-age=300"});
  return response;
}

}  // namespace authkit::http::routes
