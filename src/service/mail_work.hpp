// Private: the mail part of an anonymous request (find the account, make the token, send the
// mail), run inline or, with AuthServiceOptions::mail.queue, after the response.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "service/state.hpp"

namespace authkit::mail_work {

/// One piece of mail work. It gets the state it runs on; a failure is its result.
using Work = std::function<Result<void>(const detail::AuthServiceImpl&)>;

/// Runs `work` for a request from `context` about `email`. Without a mail queue it runs now
/// and its result is returned. With one it is posted and runs after the response: the result
/// is then the post's (SERVICE_UNAVAILABLE when the queue stays full), so the caller takes the
/// same time whatever the work finds. Either way a failure of the work is audited as
/// mail_failed, with its error code as the reason. `state` is kept alive until the work ran.
[[nodiscard]] Result<void> run(const std::shared_ptr<const detail::AuthServiceImpl>& state,
                               const RequestContext& context, std::string_view email, Work work);

}  // namespace authkit::mail_work
