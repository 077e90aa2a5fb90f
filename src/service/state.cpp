// The steps the flows share: rate limits, audit, sessions, token mails and links.
#include "service/state.hpp"

#include "service/redirects.hpp"
#include "service/tokens.hpp"

#include <algorithm>

namespace authkit {
namespace {

constexpr std::size_t kMaxUserAgentBytes = 512;
constexpr std::size_t kMaxAddressBytes = 64;

/// `text` cut to `limit` bytes and made printable ASCII ('?' for anything else), so that
/// whatever a client sends stays a short, valid UTF-8 string in rows and audit lines.
std::string printable(std::string_view text, std::size_t limit) {
  std::string out(text.substr(0, limit));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) c = '?';
  }
  return out;
}

}  // namespace

Result<void> detail::AuthServiceImpl::check_redirect(std::string_view target, Errc code) const {
  if (redirects::allowed(target, base_origin, trusted_origins)) return {};
  return Error(code);
}

Result<bool> detail::AuthServiceImpl::mail_allowed(std::string_view purpose, std::string_view email,
                                                   const RequestContext& context) const {
  auto decision = options.stores.rate_limits->hit(
      "mail:" + std::string(purpose) + ":" + std::string(email),
      options.rate_limits.mail_per_address.max, options.rate_limits.mail_per_address.window, now());
  if (!decision) return decision.error();
  if (!decision->allowed) {
    audit(AuditEventType::rate_limited, context, {}, email, {}, "MAIL_PER_ADDRESS");
  }
  return decision->allowed;
}

Result<void> detail::AuthServiceImpl::limit(const RequestContext& context,
                                            std::string_view path) const {
  if (context.rate_limit_counted) return {};
  auto allowed = limiter.check(context.ip_address, path);
  if (!allowed && allowed.error().code() == Errc::too_many_requests) {
    audit(AuditEventType::rate_limited, context, {}, {}, {}, path);
  }
  return allowed;
}

void detail::AuthServiceImpl::audit(AuditEventType type, const RequestContext& context,
                                    std::string_view user_id, std::string_view email,
                                    std::string_view session_id,
                                    std::string_view reason) const noexcept {
  if (!options.audit) return;
  try {
    AuditEvent event;
    event.type = type;
    event.time = now();
    event.user_id = user_id;
    event.email = email;
    event.session_id = session_id;
    event.ip_address = printable(context.ip_address, kMaxAddressBytes);
    event.user_agent = printable(context.user_agent, kMaxUserAgentBytes);
    event.reason = reason;
    options.audit->record(event);
  } catch (...) {
    // Auditing must never break the flow it describes (e.g. std::bad_alloc while copying).
  }
}

Result<NewSession> detail::AuthServiceImpl::start_session(const User& user, bool remember_me,
                                                          const RequestContext& context) const {
  if (const auto& before = options.hooks.before_session_create) {
    if (auto ok = before(user, context); !ok) {
      audit(AuditEventType::sign_in_failed, context, user.id, user.email, {}, "REFUSED_BY_HOOK");
      return ok.error();
    }
  }
  auto token = tokens::new_token();
  if (!token) return token.error();
  auto id = tokens::new_id();
  if (!id) return id.error();
  const auto created = now();
  Session session;
  session.id = std::move(*id);
  session.user_id = user.id;
  session.token_hash = tokens::storage_hash(*token);
  session.created_at = created;
  session.updated_at = created;
  session.expires_at =
      created + (remember_me ? options.sessions.expires_in : options.sessions.short_expires_in);
  session.ip_address = printable(context.ip_address, kMaxAddressBytes);
  session.user_agent = printable(context.user_agent, kMaxUserAgentBytes);
  session.remember_me = remember_me;
  if (auto stored = options.stores.sessions->create_session(session); !stored) {
    return stored.error();
  }
  if (const auto& after = options.hooks.after_session_create) after(session, user, context);
  return NewSession{.token = std::move(*token), .session = std::move(session)};
}

Result<std::optional<SessionView>> detail::AuthServiceImpl::find_live_session(
    std::string_view token, bool slide) const {
  if (!tokens::looks_like_token(token)) return std::optional<SessionView>{};
  auto found = options.stores.sessions->find_session_with_user(tokens::storage_hash(token),
                                                               *options.stores.users);
  if (!found) return found.error();
  if (!*found) return std::optional<SessionView>{};
  Session session = std::move((*found)->session);
  const auto current = now();
  if (session.expires_at <= current) {
    // Expired rows are useless; drop this one now rather than waiting for purge_expired().
    (void)options.stores.sessions->delete_session(session.id, session.user_id);
    return std::optional<SessionView>{};
  }

  bool refreshed = false;
  // better-auth's updateAge rule: slide once update_age has passed since the session was
  // created or last slid. Short (remember_me=false) sessions never slide, and no session
  // slides past its absolute cap.
  const auto last_slide = session.expires_at - options.sessions.expires_in;
  if (slide && session.remember_me && last_slide + options.sessions.update_age <= current) {
    const auto cap = session.created_at + options.sessions.max_lifetime;
    const auto next = std::min(current + options.sessions.expires_in, cap);
    if (next > session.expires_at) {
      auto updated = options.stores.sessions->update_session_expiry(session.id, next, current);
      if (!updated) return updated.error();
      if (!*updated) return std::optional<SessionView>{};  // revoked meanwhile
      session.expires_at = next;
      session.updated_at = current;
      refreshed = true;
    }
  }
  return std::optional<SessionView>(SessionView{
      .session = std::move(session), .user = std::move((*found)->user), .refreshed = refreshed});
}

Result<SessionView> detail::AuthServiceImpl::require_session(std::string_view token) const {
  auto found = find_live_session(token, false);
  if (!found) return found.error();
  if (!*found) return Error(Errc::unauthorized);
  return std::move(**found);
}

Result<void> detail::AuthServiceImpl::send_token_mail(const User& user, std::string_view purpose,
                                                      std::chrono::seconds lifetime, MailKind kind,
                                                      const std::string& link_prefix,
                                                      const std::string& link_suffix) const {
  auto token = tokens::new_token();
  if (!token) return token.error();
  auto id = tokens::new_id();
  if (!id) return id.error();
  const auto created = now();
  Verification verification;
  verification.id = std::move(*id);
  verification.purpose = purpose;
  verification.token_hash = tokens::storage_hash(*token);
  verification.user_id = user.id;
  verification.email = user.email;
  verification.created_at = created;
  verification.expires_at = created + lifetime;
  if (auto stored = options.stores.verifications->create_verification(verification); !stored) {
    return stored.error();
  }
  Message message = options.mail.templates.render(
      kind, {{"email", user.email},
             {"name", user.name},
             {"url", link_prefix + *token + link_suffix},
             {"expires_in_minutes", std::to_string(lifetime.count() / 60)}});
  message.to = user.email;
  message.url = link_prefix + *token + link_suffix;
  message.token = *token;
  if (auto sent = options.mail.service->send(message); !sent) {
    // No half-done state: a token whose mail never left must not stay redeemable.
    auto revoked = options.stores.verifications->consume_verification(
        purpose, verification.token_hash, created);
    if (!revoked) {
      return Error(Errc::storage_failure, {},
                   "mail failed and its token could not be revoked: " + revoked.error().detail());
    }
    return Error(Errc::mail_failure, {}, sent.error().detail());
  }
  return {};
}

Result<void> detail::AuthServiceImpl::revoke_tokens(std::string_view user_id,
                                                    std::string_view purpose) const {
  auto revoked = options.stores.verifications->invalidate_verifications(user_id, purpose, now());
  if (!revoked) return revoked.error();
  return {};
}

bool detail::AuthServiceImpl::send_notice(const User& user, MailKind kind) const noexcept {
  try {
    Message message =
        options.mail.templates.render(kind, {{"email", user.email}, {"name", user.name}});
    message.to = user.email;
    return options.mail.service->send(message).has_value();
  } catch (...) {
    return false;
  }
}

std::string detail::AuthServiceImpl::link(std::string_view route) const {
  return options.base_url + std::string(route);
}

}  // namespace authkit
