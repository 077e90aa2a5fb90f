// Auth::create(): one AuthOptions to a store, an AuthService and a Handler.
#include <authkit/auth.hpp>
#include <authkit/jwt/verifier.hpp>
#include <authkit/store/open_store.hpp>

#include <utility>

namespace authkit {
namespace {

Error config_error(std::string message) {
  return Error(Errc::invalid_configuration, std::move(message));
}

/// The store `options` asks for: opened from `database`, or none when `stores` is given.
Result<std::shared_ptr<Store>> open_database(const AuthOptions& options) {
  const bool has_stores = options.stores.complete();
  if (options.database.empty() && !has_stores) {
    return config_error("AuthOptions.database is required, e.g. \"sqlite:authkit.db\"");
  }
  if (!options.database.empty() && has_stores) {
    return config_error("AuthOptions.database and AuthOptions.stores are both set; keep one");
  }
  if (has_stores) return std::shared_ptr<Store>();
  return open_store(options.database, options.database_pool_size);
}

}  // namespace

Auth::Auth(AuthService service, http::Handler handler, std::shared_ptr<Store> store) noexcept
    : service_(std::move(service)), handler_(std::move(handler)), store_(std::move(store)) {}

Result<Auth> Auth::create(AuthOptions options) {
  // The secret is checked before anything is opened, so a bad configuration creates no file.
  if (!options.secret || options.secret->size() < Secret::min_bytes) {
    return config_error("AuthOptions.secret must hold at least 32 bytes");
  }
  auto store = open_database(options);
  if (!store) return store.error();
  if (*store) options.stores = Stores::of(*store);
  // One secret for both jobs: HKDF keeps the key sealing apart from cookie signing.
  if (!options.jwt.key_secret) options.jwt.key_secret = options.secret;

  http::HandlerOptions handler_options;
  static_cast<http::HttpOptions&>(handler_options) = std::move(options.http);
  handler_options.secret = options.secret;
  handler_options.previous_secrets = std::move(options.previous_secrets);

  auto service = AuthService::create(std::move(static_cast<AuthServiceOptions&>(options)));
  if (!service) return service.error();
  auto handler = http::Handler::create(*service, std::move(handler_options));
  if (!handler) return handler.error();
  return Auth(std::move(*service), std::move(*handler), std::move(*store));
}

http::Response Auth::handle(const http::Request& request) const noexcept {
  return handler_.handle(request);
}
bool Auth::owns(std::string_view path) const noexcept { return handler_.owns(path); }
Result<std::optional<http::Authenticated>> Auth::authenticate(const http::Request& request) const {
  return handler_.authenticate(request);
}
Result<JwtVerifier> Auth::jwt_verifier(VerifyOptions options) const {
  return service_.jwt_verifier(std::move(options));
}
Result<JwtVerifier> Auth::jwt_verifier() const { return service_.jwt_verifier(); }
const AuthService& Auth::service() const noexcept { return service_; }
const http::Handler& Auth::handler() const noexcept { return handler_; }
const std::shared_ptr<Store>& Auth::store() const noexcept { return store_; }

}  // namespace authkit
