// sign_in(): email + password, with equal work for unknown users, per-account throttling that
// spares the owner's known devices, and transparent upgrade of legacy or outdated password
// hashes.
#include "service/device_tokens.hpp"
#include "service/state.hpp"

namespace authkit {
namespace {

/// Replaces `credential`'s hash by a current Argon2id hash of `password` and returns the hash
/// now stored. Best effort: the sign-in already succeeded, and the old hash still verifies if
/// this fails.
std::string upgrade_hash(const detail::AuthServiceImpl& s, const Credential& credential,
                         std::string_view password) {
  auto fresh = s.hasher.hash(password);
  if (!fresh) return credential.password_hash;
  Credential updated = credential;
  updated.password_hash = std::move(*fresh);
  updated.updated_at = s.now();
  // Compare-and-swap: a password change that raced with this sign-in wins.
  auto swapped = s.options.stores.users->replace_credential_if(updated, credential.password_hash);
  return swapped && *swapped ? updated.password_hash : credential.password_hash;
}

/// Whether the stored hash is still `verified_hash`. A reset or change that committed after
/// the password was checked has deleted every session, possibly before ours was created; the
/// new session must not outlive it.
Result<bool> credential_unchanged(const detail::AuthServiceImpl& s, std::string_view user_id,
                                  std::string_view verified_hash) {
  auto current = s.options.stores.users->find_credential(user_id);
  if (!current) return current.error();
  return *current && (*current)->password_hash == verified_hash;
}

}  // namespace

Result<SignInResult> AuthService::sign_in(const SignInRequest& request,
                                          const RequestContext& context) const {
  const Impl& s = *impl_;
  if (auto allowed = s.limit(context, "/sign-in/email"); !allowed) return allowed.error();
  auto email = normalize_email(request.email);
  if (!email) return email.error();
  // Only the upper length bound applies at sign-in (a raised minimum must not lock anyone
  // out); it caps the work before hashing.
  if (auto length = s.policy.check_length(request.password);
      !length && length.error().code() != Errc::password_too_short) {
    return length.error();
  }
  if (const auto& before = s.options.hooks.before_sign_in) {
    if (auto ok = before(*email, context); !ok) {
      s.audit(AuditEventType::sign_in_failed, context, {}, *email, {}, "REFUSED_BY_HOOK");
      return ok.error();
    }
  }
  const auto fail = [&](std::string_view user_id, std::string_view reason) -> Error {
    s.audit(AuditEventType::sign_in_failed, context, user_id, *email, {}, reason);
    return Error(Errc::invalid_email_or_password);
  };
  // A device this account signed in from before is limited by its own failures only; any
  // other request by the account-wide count (device_tokens.hpp).
  std::optional<Verification> device;
  if (!request.device_token.empty()) {
    auto found = device_tokens::find_valid(s, request.device_token, *email);
    if (!found) return found.error();
    device = std::move(*found);
  }
  const std::string_view client_id = device ? std::string_view(device->id) : std::string_view{};
  if (auto throttled = s.throttle.begin_attempt(*email, client_id); !throttled) {
    s.audit(AuditEventType::sign_in_failed, context, {}, *email, {},
            device ? "DEVICE_THROTTLED" : "THROTTLED");
    return throttled.error();
  }

  auto user = s.options.stores.users->find_user_by_email(*email);
  if (!user) return user.error();
  std::optional<Credential> credential;
  if (*user) {
    auto found = s.options.stores.users->find_credential((*user)->id);
    if (!found) return found.error();
    credential = std::move(*found);
  }
  if (!credential) {
    // Same Argon2 work as a real verify, so the answer's timing does not reveal the account
    // (and under saturation the same SERVICE_UNAVAILABLE).
    if (auto burned = s.hasher.burn_equivalent_time(request.password); !burned) {
      return burned.error();
    }
    return fail(*user ? std::string_view((*user)->id) : std::string_view{},
                *user ? "NO_CREDENTIAL" : "UNKNOWN_EMAIL");
  }
  auto matches = s.hasher.verify(request.password, credential->password_hash);
  if (!matches) {
    if (matches.error().code() == Errc::service_unavailable) return matches.error();
    // A stored hash we cannot read is a server-side problem, but the caller learns nothing,
    // not even from the time taken (verify() stopped before any Argon2 work).
    if (auto burned = s.hasher.burn_equivalent_time(request.password); !burned) {
      return burned.error();
    }
    return fail((*user)->id, "UNREADABLE_HASH");
  }
  if (!*matches) return fail((*user)->id, "INVALID_PASSWORD");

  (void)s.throttle.record_success(*email, client_id);
  std::string verified_hash = credential->password_hash;
  if (s.hasher.needs_rehash(verified_hash)) {
    verified_hash = upgrade_hash(s, *credential, request.password);
  }
  const User& account = **user;
  if (s.options.email_verification.required && !account.email_verified) {
    s.audit(AuditEventType::sign_in_failed, context, account.id, account.email, {},
            "EMAIL_NOT_VERIFIED");
    return Error(Errc::email_not_verified);
  }
  auto session = s.start_session(account, request.remember_me, context);
  if (!session) return session.error();
  auto unchanged = credential_unchanged(s, account.id, verified_hash);
  if (!unchanged || !*unchanged) {
    (void)s.options.stores.sessions->delete_session(session->session.id, account.id);
    if (!unchanged) return unchanged.error();
    return fail(account.id, "PASSWORD_CHANGED_DURING_SIGN_IN");
  }
  s.audit(AuditEventType::sign_in_succeeded, context, account.id, account.email,
          session->session.id);
  if (const auto& after = s.options.hooks.after_sign_in) after(account, session->session, context);
  return SignInResult{.user = account,
                      .session = std::move(*session),
                      .device_token = device_tokens::issue(s, account, device)};
}

}  // namespace authkit
