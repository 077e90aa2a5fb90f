// Email verification: send_verification_email() and verify_email().
#include "service/mail_work.hpp"
#include "service/state.hpp"
#include "service/tokens.hpp"
#include "util/url.hpp"

namespace authkit {
namespace {

Result<void> mail_verification_link(const detail::AuthServiceImpl& s, const User& user,
                                    std::string_view callback_url) {
  // A new link replaces the older ones: only the newest verification mail works.
  if (auto r = s.revoke_tokens(user.id, verification_purpose::verify_email); !r) return r;
  const std::string callback = callback_url.empty() ? "/" : std::string(callback_url);
  return s.send_token_mail(user, verification_purpose::verify_email,
                           s.options.email_verification.expires_in, MailKind::verify_email,
                           s.link("/verify-email?token="),
                           "&callbackURL=" + url::encode_component(callback));
}

}  // namespace

Result<void> AuthService::send_verification_email(const VerificationEmailRequest& request,
                                                  const RequestContext& context) const {
  const Impl& s = *impl_;
  const std::string_view callback_url = request.callback_url;
  const std::string_view session_token = request.session_token;
  if (auto allowed = s.limit(context, "/send-verification-email"); !allowed) {
    return allowed.error();
  }
  auto normalized = normalize_email(request.email);
  if (!normalized) return normalized.error();
  if (auto ok = s.check_redirect(callback_url, Errc::invalid_callback_url); !ok) return ok;
  if (!session_token.empty()) {
    // A signed-in caller may learn about their own address, and only theirs.
    auto caller = s.require_session(session_token);
    if (!caller) return caller.error();
    if (caller->user.email != *normalized) return Error(Errc::email_mismatch);
    if (caller->user.email_verified) return Error(Errc::email_already_verified);
    return mail_verification_link(s, caller->user, callback_url);
  }
  // Counted for every address, known or not, so the limit reveals nothing.
  auto allowed = s.mail_allowed(verification_purpose::verify_email, *normalized, context);
  if (!allowed) return allowed.error();
  if (!*allowed) return {};
  auto sent = mail_work::run(
      impl_, context, *normalized,
      [email = *normalized, callback = std::string(callback_url)](const Impl& s) -> Result<void> {
        auto user = s.options.stores.users->find_user_by_email(email);
        if (!user) return user.error();
        // Unknown or verified: the same answer as a sent mail, so the address is not revealed.
        if (!*user || (*user)->email_verified) return {};
        return mail_verification_link(s, **user, callback);
      });
  // A failed mail (its token already revoked, the failure audited) answers like an unknown
  // address would.
  if (!sent && sent.error().code() != Errc::mail_failure) return sent.error();
  return {};
}

Result<User> AuthService::verify_email(std::string_view token,
                                       const RequestContext& context) const {
  const Impl& s = *impl_;
  if (!tokens::looks_like_token(token)) return Error(Errc::invalid_token);
  const auto now = s.now();
  auto consumed = s.options.stores.verifications->consume_verification(
      verification_purpose::verify_email, tokens::storage_hash(token), now);
  if (!consumed) return consumed.error();
  if (consumed->status == ConsumeStatus::expired) return Error(Errc::token_expired);
  if (consumed->status != ConsumeStatus::consumed || !consumed->record) {
    return Error(Errc::invalid_token);
  }
  const Verification& record = *consumed->record;
  auto user = s.options.stores.users->find_user_by_id(record.user_id);
  if (!user) return user.error();
  if (!*user) return Error(Errc::user_not_found);
  User verified = std::move(**user);
  // The token vouches for the address it was sent to, not whatever the account holds now.
  if (verified.email != record.email) return Error(Errc::invalid_token);
  if (!verified.email_verified) {
    verified.email_verified = true;
    verified.updated_at = now;
    if (auto saved = s.options.stores.users->update_user(verified); !saved) return saved.error();
  }
  s.audit(AuditEventType::email_verified, context, verified.id, verified.email);
  return verified;
}

}  // namespace authkit
