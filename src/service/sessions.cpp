// Session flows: get_session, sign_out, list_sessions and the three revocations.
#include "service/state.hpp"
#include "service/tokens.hpp"

namespace authkit {

Result<std::optional<SessionView>> AuthService::get_session(
    std::string_view session_token, const RequestContext& /*context*/) const {
  return impl_->find_live_session(session_token, true);
}

Result<void> AuthService::sign_out(std::string_view session_token,
                                   const RequestContext& context) const {
  if (!tokens::looks_like_token(session_token)) return {};
  auto found = impl_->options.stores.sessions->find_session(tokens::storage_hash(session_token));
  if (!found) return found.error();
  if (!*found) return {};
  const Session& session = **found;
  auto deleted = impl_->options.stores.sessions->delete_session(session.id, session.user_id);
  if (!deleted) return deleted.error();
  impl_->audit(AuditEventType::sign_out, context, session.user_id, {}, session.id);
  return {};
}

Result<std::vector<Session>> AuthService::list_sessions(std::string_view session_token) const {
  auto caller = impl_->require_session(session_token);
  if (!caller) return caller.error();
  return impl_->options.stores.sessions->list_sessions(caller->user.id, impl_->now());
}

Result<void> AuthService::revoke_session(std::string_view session_token,
                                         std::string_view session_id,
                                         const RequestContext& context) const {
  auto caller = impl_->require_session(session_token);
  if (!caller) return caller.error();
  // delete_session() only matches the caller's own sessions, so someone else's id is a no-op.
  auto deleted = impl_->options.stores.sessions->delete_session(session_id, caller->user.id);
  if (!deleted) return deleted.error();
  if (*deleted) {
    impl_->audit(AuditEventType::session_revoked, context, caller->user.id, {}, session_id, "one");
  }
  return {};
}

Result<void> AuthService::revoke_sessions(std::string_view session_token,
                                          const RequestContext& context) const {
  auto caller = impl_->require_session(session_token);
  if (!caller) return caller.error();
  auto deleted = impl_->options.stores.sessions->delete_sessions(caller->user.id);
  if (!deleted) return deleted.error();
  // Signing the others out is what a user does who fears someone else is in: a reset link
  // someone else may hold must die too.
  if (auto r = impl_->revoke_tokens(caller->user.id, verification_purpose::reset_password); !r) {
    return r;
  }
  impl_->audit(AuditEventType::session_revoked, context, caller->user.id, {}, caller->session.id,
               "all");
  return {};
}

Result<void> AuthService::revoke_other_sessions(std::string_view session_token,
                                                const RequestContext& context) const {
  auto caller = impl_->require_session(session_token);
  if (!caller) return caller.error();
  auto deleted = impl_->options.stores.sessions->delete_sessions(
      caller->user.id, std::string_view(caller->session.id));
  if (!deleted) return deleted.error();
  // Signing the others out is what a user does who fears someone else is in: a reset link
  // someone else may hold must die too.
  if (auto r = impl_->revoke_tokens(caller->user.id, verification_purpose::reset_password); !r) {
    return r;
  }
  impl_->audit(AuditEventType::session_revoked, context, caller->user.id, {}, caller->session.id,
               "others");
  return {};
}

}  // namespace authkit
