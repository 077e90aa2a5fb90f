// Password reset: request_password_reset(), check_reset_token() and reset_password().
#include "service/mail_work.hpp"
#include "service/state.hpp"
#include "service/tokens.hpp"
#include "util/url.hpp"

namespace authkit {
namespace {

/// The unspent, unexpired reset token `token`. Errors: INVALID_TOKEN, TOKEN_EXPIRED.
Result<Verification> find_reset_token(const detail::AuthServiceImpl& s, std::string_view token) {
  if (!tokens::looks_like_token(token)) return Error(Errc::invalid_token);
  auto found = s.options.stores.verifications->find_verification(
      verification_purpose::reset_password, tokens::storage_hash(token));
  if (!found) return found.error();
  if (!*found || (*found)->consumed_at) return Error(Errc::invalid_token);
  if ((*found)->expires_at <= s.now()) return Error(Errc::token_expired);
  return std::move(**found);
}

/// The mail work of a reset request for `email`: a link when it has an account, comparable
/// work when not. Errors: those of Impl::send_token_mail() (the failure is audited too).
Result<void> mail_reset_link(const detail::AuthServiceImpl& s, const std::string& email,
                             std::string_view redirect_to, const RequestContext& context) {
  auto user = s.options.stores.users->find_user_by_email(email);
  if (!user) return user.error();
  const std::string suffix = "?callbackURL=" + url::encode_component(redirect_to);
  if (!*user) {
    // Comparable work for an unknown address: make and hash a token and render the mail,
    // then drop both.
    auto token = tokens::new_token();
    if (!token) return token.error();
    (void)tokens::storage_hash(*token);
    (void)s.options.mail.templates.render(
        MailKind::reset_password,
        {{"email", email}, {"url", s.link("/reset-password/") + *token + suffix}});
    s.audit(AuditEventType::password_reset_requested, context, {}, email, {}, "UNKNOWN_EMAIL");
    return {};
  }
  // The account stays usable with its current password until a reset completes (OWASP).
  auto sent = s.send_token_mail(**user, verification_purpose::reset_password,
                                s.options.passwords.reset_expires_in, MailKind::reset_password,
                                s.link("/reset-password/"), suffix);
  s.audit(AuditEventType::password_reset_requested, context, (*user)->id, (*user)->email, {},
          sent ? "" : errc_name(sent.error().code()));
  return sent;
}

}  // namespace

Result<void> AuthService::request_password_reset(const PasswordResetRequest& request,
                                                 const RequestContext& context) const {
  const Impl& s = *impl_;
  const std::string_view redirect_to = request.redirect_to;
  if (auto allowed = s.limit(context, "/request-password-reset"); !allowed) {
    return allowed.error();
  }
  auto normalized = normalize_email(request.email);
  if (!normalized) return normalized.error();
  if (auto ok = s.check_redirect(redirect_to, Errc::invalid_redirect_url); !ok) return ok;
  // Counted for every address, known or not, so the limit reveals nothing.
  auto allowed = s.mail_allowed(verification_purpose::reset_password, *normalized, context);
  if (!allowed) return allowed.error();
  if (!*allowed) return {};
  auto done =
      mail_work::run(impl_, context, *normalized,
                     [email = *normalized, redirect = std::string(redirect_to), context](
                         const Impl& s) { return mail_reset_link(s, email, redirect, context); });
  // A failed mail (its token already revoked) answers like any other request: surfacing it
  // only for existing accounts would tell who has one.
  if (!done && done.error().code() != Errc::mail_failure) return done.error();
  return {};
}

Result<void> AuthService::check_reset_token(std::string_view token) const {
  auto found = find_reset_token(*impl_, token);
  if (!found) return found.error();
  return {};
}

Result<void> AuthService::reset_password(const ResetPasswordRequest& request,
                                         const RequestContext& context) const {
  const Impl& s = *impl_;
  const std::string_view token = request.token;
  const std::string_view new_password = request.new_password;
  auto record = find_reset_token(s, token);
  if (!record) {
    // better-auth answers INVALID_TOKEN for missing, spent and expired reset tokens alike.
    return Error(Errc::invalid_token);
  }
  auto user = s.options.stores.users->find_user_by_id(record->user_id);
  if (!user) return user.error();
  if (!*user) return Error(Errc::invalid_token);
  // Check and hash before spending the token, so a rejected password leaves it usable.
  if (auto ok = s.policy.check(new_password, (*user)->email); !ok) return ok.error();
  auto existing = s.options.stores.users->find_credential((*user)->id);
  if (!existing) return existing.error();
  auto hash = s.hasher.hash(new_password);
  if (!hash) return hash.error();

  const auto now = s.now();
  auto consumed = s.options.stores.verifications->consume_verification(
      verification_purpose::reset_password, record->token_hash, now);
  if (!consumed) return consumed.error();
  if (consumed->status != ConsumeStatus::consumed) return Error(Errc::invalid_token);
  // Every other reset link dies before the password changes. With this order two different
  // links redeemed at once cannot both win: if both were consumed, each consume came before
  // the other's invalidation, so both read the credential before either swapped it, and the
  // compare-and-swap below lets exactly one through. (Invalidating after the swap left a
  // window in which the loser read the winner's new hash and swapped it again.)
  if (auto r = s.revoke_tokens((*user)->id, verification_purpose::reset_password); !r) {
    return r.error();
  }

  Credential credential{.user_id = (*user)->id,
                        .password_hash = std::move(*hash),
                        .created_at = *existing ? (*existing)->created_at : now,
                        .updated_at = now};
  if (*existing) {
    // Compare-and-swap on the hash read before: of two resets (two different links) or a
    // reset and a password change racing, exactly one wins; the loser changes nothing.
    auto swapped =
        s.options.stores.users->replace_credential_if(credential, (*existing)->password_hash);
    if (!swapped) return swapped.error();
    if (!*swapped) return Error(Errc::invalid_token);
  } else if (auto saved = s.options.stores.users->set_credential(credential); !saved) {
    return saved.error();
  }
  // Then every session dies (whoever had the old password or a stolen session is out). A
  // sign-in racing this notices the new hash and drops its session.
  if (auto r = s.options.stores.sessions->delete_sessions((*user)->id); !r) return r.error();
  // The owner has proven control of the mailbox: strangers' failures no longer stand between
  // them and the new password, and the devices trusted under the old one are not trusted now.
  if (auto r = s.throttle.record_success((*user)->email); !r) return r.error();
  if (auto r = s.revoke_tokens((*user)->id, verification_purpose::sign_in_device); !r) {
    return r.error();
  }
  // Following the link proves control of the mailbox, so the address counts as verified.
  if (!(*user)->email_verified) {
    User verified = **user;
    verified.email_verified = true;
    verified.updated_at = now;
    (void)s.options.stores.users->update_user(verified);
  }
  const bool notified =
      !s.options.passwords.notify_on_change || s.send_notice(**user, MailKind::password_changed);
  s.audit(AuditEventType::password_reset, context, (*user)->id, (*user)->email, {},
          notified ? "" : "NOTICE_MAIL_FAILED");
  return {};
}

}  // namespace authkit
