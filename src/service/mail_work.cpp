#include "service/mail_work.hpp"

#include <string>
#include <utility>

namespace authkit::mail_work {
namespace {

Result<void> run_and_report(const detail::AuthServiceImpl& s, const RequestContext& context,
                            std::string_view email, const Work& work) {
  auto done = work(s);
  if (!done) {
    s.audit(AuditEventType::mail_failed, context, {}, email, {}, errc_name(done.error().code()));
  }
  return done;
}

}  // namespace

Result<void> run(const std::shared_ptr<const detail::AuthServiceImpl>& state,
                 const RequestContext& context, std::string_view email, Work work) {
  const auto& queue = state->options.mail.queue;
  if (!queue) return run_and_report(*state, context, email, work);
  return queue->post([state, context, email = std::string(email), work = std::move(work)] {
    (void)run_and_report(*state, context, email, work);
  });
}

}  // namespace authkit::mail_work
