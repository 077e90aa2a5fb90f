// authkit/auth.hpp: the one entry point for a host service. AuthOptions names the database,
// the secret and the base URL once; Auth::create() opens the store, builds the AuthService and
// the HTTP Handler, and wires them together (the JWT signing key is kept in the store, sealed
// under the secret).
//
//   authkit::AuthOptions options;
//   options.base_url = "https://app.example.com/api/auth";
//   options.database = "sqlite:authkit.db";
//   options.secret = std::make_shared<const authkit::Secret>(
//       authkit::Secret::from_env("AUTHKIT_SECRET").value());
//   options.mail.service = std::make_shared<MyMailService>();
//   auto auth = authkit::Auth::create(std::move(options)).value();
//   // auth.handle(request) serves better-auth's API; auth.authenticate(request) guards yours.
//
// Thread safety: Auth is immutable after create() and cheap to copy (it shares its parts);
// every member function may be called concurrently from any number of threads.
#pragma once

#include <authkit/auth_service.hpp>
#include <authkit/http/handler.hpp>
#include <authkit/result.hpp>
#include <authkit/secret.hpp>
#include <authkit/store/store.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

/// Everything Auth::create() needs: the AuthServiceOptions groups (sessions, email_verification,
/// sign_up, passwords, mail, rate_limits, jwt), plus the database, the secret and the HTTP
/// options. Required: base_url, database (or stores), secret, mail.service.
struct AuthOptions : AuthServiceOptions {
  /// The database, as open_store() reads it: "sqlite:authkit.db", "sqlite::memory:",
  /// "memory:", "postgresql://user@host/db?sslmode=verify-full". Leave it empty only when
  /// `stores` is set instead (your own store).
  std::string database{};
  /// Connections of an SQL store; 0 keeps the store's default.
  unsigned database_pool_size = 0;
  /// Signs session cookies (HMAC-SHA256) and seals the JWT signing key kept in the store
  /// (jwt.key_secret defaults to it). Required, at least 32 bytes; share it between instances.
  std::shared_ptr<const Secret> secret{};
  /// Older secrets whose cookies are still accepted (secret rotation); see HandlerOptions.
  std::vector<std::shared_ptr<const Secret>> previous_secrets{};
  /// Cookie prefix, body cap, trusted proxies, bearer tokens, set-auth-jwt.
  http::HttpOptions http{};
};

/// The store, the AuthService and the Handler of one application, made from one AuthOptions.
class Auth {
 public:
  /// Opens the database, creates the service and the handler. The handler's base path is the
  /// path of base_url. Errors: INVALID_CONFIGURATION (no database and no stores, or both; an
  /// unknown database URL; no secret or one under 32 bytes; and everything
  /// AuthService::create() and http::Handler::create() refuse: the message and detail name
  /// the option), STORAGE_FAILURE (the database cannot be opened or migrated).
  [[nodiscard]] static Result<Auth> create(AuthOptions options);

  /// Answers one request to the auth API (better-auth's routes under base_url's path);
  /// http::Handler::handle(). Never throws.
  [[nodiscard]] http::Response handle(const http::Request& request) const noexcept;

  /// Whether `path` belongs to the auth API, so a transport can route only those to handle().
  [[nodiscard]] bool owns(std::string_view path) const noexcept;

  /// The signed-in caller of a request to one of your own routes (cookie or bearer token), or
  /// nullopt; http::Handler::authenticate() documents the details and errors.
  [[nodiscard]] Result<std::optional<http::Authenticated>> authenticate(
      const http::Request& request) const;

  /// A verifier for the JWTs this service issues (AuthService::jwt_verifier()).
  [[nodiscard]] Result<JwtVerifier> jwt_verifier(VerifyOptions options) const;
  /// jwt_verifier() with default VerifyOptions.
  [[nodiscard]] Result<JwtVerifier> jwt_verifier() const;

  /// The account flows, for calls outside HTTP (sign_up(), get_session(), ...).
  [[nodiscard]] const AuthService& service() const noexcept;
  /// The HTTP handler.
  [[nodiscard]] const http::Handler& handler() const noexcept;
  /// The store opened from `database`, or null when AuthOptions::stores was given.
  [[nodiscard]] const std::shared_ptr<Store>& store() const noexcept;

 private:
  Auth(AuthService service, http::Handler handler, std::shared_ptr<Store> store) noexcept;
  AuthService service_;
  http::Handler handler_;
  std::shared_ptr<Store> store_;
};

}  // namespace authkit
