// accounts_quickstart: the account flows end to end on a SQLite file, in one program.
//
//   1. open (or create) the SQLite database and build the service (authkit::Auth),
//   2. sign up; the verification mail goes to an in-memory outbox (MockMailService),
//   3. follow the link's token, sign in, check the session, exchange it for a JWT,
//   4. request a password reset, complete it, and show the old session is gone.
//
// Usage: accounts_quickstart [DB_PATH]   (default: a temporary file, removed afterwards)
// Exit status: 0 if every step behaved as expected, 1 otherwise.
#include <authkit/authkit.hpp>

#include <unistd.h>
#include <filesystem>
#include <iostream>
#include <string>

namespace {

int fail(const char* step, const authkit::Error& error) {
  std::cerr << step << " failed: " << error.name() << ": " << error.message() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const bool temporary = argc < 2;
  const std::string db = temporary ? (std::filesystem::temp_directory_path() /
                                      ("accounts-quickstart-" + std::to_string(::getpid()) + ".db"))
                                         .string()
                                   : argv[1];
  auto mail = std::make_shared<authkit::MockMailService>();
  authkit::AuthOptions options;
  options.database = "sqlite:" + db;
  options.secret = std::make_shared<const authkit::Secret>(authkit::Secret::random().value());
  options.mail.service = mail;
  options.base_url = "http://localhost:8080/api/v1/auth";
  auto app = authkit::Auth::create(std::move(options));
  if (!app) return fail("create", app.error());
  const authkit::AuthService* auth = &app->service();

  const std::string email = "ada+" + std::to_string(::getpid()) + "@example.com";
  const authkit::RequestContext client{.ip_address = "127.0.0.1", .user_agent = "quickstart"};
  auto signed_up =
      auth->sign_up({.email = email, .password = "analytical engine 1843", .name = "Ada"}, client);
  if (!signed_up) return fail("sign up", signed_up.error());
  std::cout << "signed up " << signed_up->user.email << " (id " << signed_up->user.id << ")\n";

  // Signing in before verifying the address is refused.
  auto early = auth->sign_in({.email = email, .password = "analytical engine 1843"}, client);
  std::cout << "sign-in before verification: "
            << (early ? "accepted (unexpected)" : std::string(early.error().name())) << "\n";
  if (early) return 1;

  auto verified =
      auth->verify_email(mail->last_token(email, authkit::MailKind::verify_email), client);
  if (!verified) return fail("verify email", verified.error());
  std::cout << "email verified\n";

  auto signed_in = auth->sign_in({.email = email, .password = "analytical engine 1843"}, client);
  if (!signed_in) return fail("sign in", signed_in.error());
  const std::string session_token = signed_in->session.token;  // the cookie / bearer value
  auto session = auth->get_session(session_token, client);
  if (!session || !*session) return 1;
  std::cout << "session " << (*session)->session.id << " for " << (*session)->user.name << "\n";

  auto jwt = auth->issue_jwt(session_token);
  if (!jwt) return fail("issue JWT", jwt.error());
  std::cout << "JWT for the API (15 min): " << jwt->substr(0, 24) << "...\n";

  if (auto r = auth->request_password_reset({.email = email, .redirect_to = "/login"}, client);
      !r) {
    return fail("request reset", r.error());
  }
  const std::string reset = mail->last_token(email, authkit::MailKind::reset_password);
  if (auto r =
          auth->reset_password({.token = reset, .new_password = "difference engine 1822"}, client);
      !r) {
    return fail("reset password", r.error());
  }
  auto after = auth->get_session(session_token, client);
  std::cout << "after the reset the old session is "
            << (after && !*after ? "gone" : "STILL ALIVE (unexpected)") << "\n";
  if (!after || *after) return 1;

  if (temporary) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  }
  return 0;
}
