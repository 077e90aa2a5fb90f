// change_password(): requires the current password; optionally ends every other session.
#include "service/state.hpp"

namespace authkit {

Result<ChangePasswordResult> AuthService::change_password(std::string_view session_token,
                                                          const ChangePasswordRequest& request,
                                                          const RequestContext& context) const {
  const Impl& s = *impl_;
  if (auto allowed = s.limit(context, "/change-password"); !allowed) return allowed.error();
  auto caller = s.require_session(session_token);
  if (!caller) return caller.error();
  const User& user = caller->user;
  auto credential = s.options.stores.users->find_credential(user.id);
  if (!credential) return credential.error();
  if (!*credential) return Error(Errc::credential_account_not_found);
  if (auto length = s.policy.check_length(request.current_password);
      !length && length.error().code() == Errc::password_too_long) {
    return Error(Errc::invalid_password);
  }
  // A stolen session must not become an unlimited oracle for the current password, so the
  // sign-in throttle counts these attempts too: on the session's own record, since a session
  // proves a past sign-in, and strangers failing on the account must not stop its owner
  // from changing the password.
  const std::string_view client_id = caller->session.id;
  if (auto throttled = s.throttle.begin_attempt(user.email, client_id); !throttled) {
    s.audit(AuditEventType::sign_in_failed, context, user.id, user.email, caller->session.id,
            "CHANGE_PASSWORD_THROTTLED");
    return throttled.error();
  }
  auto matches = s.hasher.verify(request.current_password, (*credential)->password_hash);
  if (!matches && matches.error().code() == Errc::service_unavailable) return matches.error();
  if (matches && *matches) (void)s.throttle.record_success(user.email, client_id);
  if (!matches || !*matches) {
    s.audit(AuditEventType::sign_in_failed, context, user.id, user.email, caller->session.id,
            "CHANGE_PASSWORD_INVALID_PASSWORD");
    return Error(Errc::invalid_password);
  }
  if (auto ok = s.policy.check(request.new_password, user.email); !ok) return ok.error();
  auto hash = s.hasher.hash(request.new_password);
  if (!hash) return hash.error();
  Credential updated = **credential;
  updated.password_hash = std::move(*hash);
  updated.updated_at = s.now();
  // Compare-and-swap on the hash just verified: if a reset (or another change) committed in
  // between, it wins, and this call changes nothing and starts no session.
  auto swapped =
      s.options.stores.users->replace_credential_if(updated, (*credential)->password_hash);
  if (!swapped) return swapped.error();
  if (!*swapped) return Error(Errc::invalid_password);
  // A reset link mailed before the change must not undo it.
  if (auto r = s.revoke_tokens(user.id, verification_purpose::reset_password); !r) return r.error();

  ChangePasswordResult result{.user = user, .session = std::nullopt};
  if (request.revoke_other_sessions) {
    // better-auth's semantics: every session goes, and the caller gets a fresh one.
    if (auto r = s.options.stores.sessions->delete_sessions(user.id); !r) return r.error();
    auto fresh = s.start_session(user, caller->session.remember_me, context);
    if (!fresh) return fresh.error();
    result.session = std::move(*fresh);
  }
  const bool notified =
      !s.options.passwords.notify_on_change || s.send_notice(user, MailKind::password_changed);
  s.audit(AuditEventType::password_changed, context, user.id, user.email,
          result.session ? result.session->session.id : caller->session.id,
          notified ? "" : "NOTICE_MAIL_FAILED");
  return result;
}

}  // namespace authkit
