// sign_up(): account creation, with better-auth's enumeration-safe answer for duplicates.
#include "service/mail_work.hpp"
#include "service/profile.hpp"
#include "service/state.hpp"
#include "service/tokens.hpp"
#include "service/user_fields.hpp"
#include "util/url.hpp"

namespace authkit {
namespace {

/// Mails the existing-account notice to the owner of `email`, if it (still) has one.
Result<void> notify_existing_account(const detail::AuthServiceImpl& s, const std::string& email) {
  auto owner = s.options.stores.users->find_user_by_email(email);
  if (!owner) return owner.error();
  if (!*owner) return {};
  if (!s.send_notice(**owner, MailKind::existing_account)) return Error(Errc::mail_failure);
  return {};
}

/// The verification mail of a new account, through the address's mail cap (an address already
/// flooded with verification requests gets no more; the user can ask again later). Errors:
/// those of the mail work when it runs inline (see mail_work::run), STORAGE_FAILURE.
Result<void> mail_first_link(const std::shared_ptr<const detail::AuthServiceImpl>& state,
                             const User& user, const std::string& callback_url,
                             const RequestContext& context) {
  auto allowed = state->mail_allowed(verification_purpose::verify_email, user.email, context);
  if (!allowed) return allowed.error();
  if (!*allowed) return {};
  const std::string callback = callback_url.empty() ? "/" : callback_url;
  return mail_work::run(
      state, context, user.email, [user, callback](const detail::AuthServiceImpl& s) {
        return s.send_token_mail(user, verification_purpose::verify_email,
                                 s.options.email_verification.expires_in, MailKind::verify_email,
                                 s.link("/verify-email?token="),
                                 "&callbackURL=" + url::encode_component(callback));
      });
}

}  // namespace

Result<SignUpResult> AuthService::sign_up(const SignUpRequest& request,
                                          const RequestContext& context) const {
  const Impl& s = *impl_;
  if (auto allowed = s.limit(context, "/sign-up/email"); !allowed) return allowed.error();
  auto email = normalize_email(request.email);
  if (!email) return email.error();
  if (auto ok = profile::check_name(request.name); !ok) return ok.error();
  if (auto ok = profile::check_image(request.image); !ok) return ok.error();
  auto fields = user_fields::for_sign_up(s.options.user_fields, request.fields);
  if (!fields) return fields.error();
  if (auto ok = s.check_redirect(request.callback_url, Errc::invalid_callback_url); !ok) {
    return ok.error();
  }
  if (auto ok = s.policy.check(request.password, *email); !ok) return ok.error();
  if (const auto& before = s.options.hooks.before_sign_up) {
    // Before the hash: a refused sign-up costs no Argon2 work. The hook never sees the password.
    if (auto ok = before(
            {.email = *email, .name = request.name, .image = request.image, .fields = *fields},
            context);
        !ok) {
      s.audit(AuditEventType::sign_up, context, {}, *email, {}, "REFUSED_BY_HOOK");
      return ok.error();
    }
  }
  // Hash before looking for a duplicate, so a taken address costs the same time as a new one.
  auto hash = s.hasher.hash(request.password);
  if (!hash) return hash.error();
  auto id = tokens::new_id();
  if (!id) return id.error();

  const auto now = s.now();
  User user{.id = std::move(*id),
            .email = *email,
            .name = request.name,
            .email_verified = false,
            .image = request.image,
            .created_at = now,
            .updated_at = now,
            .fields = std::move(*fields)};
  const bool signs_in = !s.options.email_verification.required && s.options.sign_up.auto_sign_in;
  auto created =
      s.options.stores.users->create_user(user, Credential{.user_id = user.id,
                                                           .password_hash = std::move(*hash),
                                                           .created_at = now,
                                                           .updated_at = now});
  if (!created) {
    if (created.error().code() != Errc::user_already_exists) return created.error();
    s.audit(AuditEventType::sign_up, context, {}, *email, {}, "USER_ALREADY_EXISTS");
    if (signs_in) return Error(Errc::user_already_exists_use_another_email);
    if (s.options.sign_up.on_duplicate == DuplicateSignUp::reject) {
      return Error(Errc::user_already_exists);
    }
    // Concealed: answer as for a new account (a user that is never stored) and tell the real
    // owner by mail, so a legitimate user who forgot they registered is not left guessing.
    // The notice counts against the address's mail cap like every mail an anonymous request
    // causes, so repeated sign-ups cannot flood the owner's mailbox.
    auto allowed = s.mail_allowed(mail_kind_name(MailKind::existing_account), *email, context);
    if (!allowed) return allowed.error();
    if (*allowed) {
      auto posted = mail_work::run(impl_, context, *email, [email = *email](const Impl& s) {
        return notify_existing_account(s, email);
      });
      // Only a full mail queue is reported (as a new account's would be); a failed notice is
      // audited, never shown: it would tell the address has an account.
      if (!posted && posted.error().code() == Errc::service_unavailable) return posted.error();
    }
    return SignUpResult{.user = std::move(user), .session = std::nullopt};
  }

  if (*s.options.email_verification.send_on_sign_up) {
    if (auto sent = mail_first_link(impl_, user, request.callback_url, context); !sent) {
      // Undo the account: a user who never got the mail can simply sign up again.
      if (auto undone = s.options.stores.users->delete_user(user.id); !undone) {
        return Error(
            Errc::storage_failure, {},
            "mail failed and the new account could not be removed: " + undone.error().detail());
      }
      return sent.error();
    }
  }
  s.audit(AuditEventType::sign_up, context, user.id, user.email);
  if (const auto& after = s.options.hooks.after_sign_up) after(user, context);

  SignUpResult result{.user = user, .session = std::nullopt};
  if (signs_in) {
    auto session = s.start_session(user, request.remember_me, context);
    if (!session) return session.error();
    s.audit(AuditEventType::sign_in_succeeded, context, user.id, user.email, session->session.id,
            "sign_up");
    result.session = std::move(*session);
  }
  return result;
}

}  // namespace authkit
