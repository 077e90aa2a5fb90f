#include "service/device_tokens.hpp"

#include "service/tokens.hpp"

namespace authkit::device_tokens {

Result<std::optional<Verification>> find_valid(const detail::AuthServiceImpl& s,
                                               std::string_view token, std::string_view email) {
  if (!tokens::looks_like_token(token)) return std::optional<Verification>{};
  auto found = s.options.stores.verifications->find_verification(
      verification_purpose::sign_in_device, tokens::storage_hash(token));
  if (!found) return found.error();
  // The token names its account by the address it was issued to: another account's device
  // token gives no standing here.
  if (!*found || (*found)->consumed_at || (*found)->expires_at <= s.now() ||
      (*found)->email != email) {
    return std::optional<Verification>{};
  }
  return found;
}

std::string issue(const detail::AuthServiceImpl& s, const User& user,
                  const std::optional<Verification>& replaced) {
  const auto now = s.now();
  // Rotated on every sign-in, so a copied cookie stops working once its owner signs in again.
  if (replaced) {
    (void)s.options.stores.verifications->consume_verification(verification_purpose::sign_in_device,
                                                               replaced->token_hash, now);
  }
  auto token = tokens::new_token();
  auto id = tokens::new_id();
  if (!token || !id) return {};
  Verification device{.id = std::move(*id),
                      .purpose = std::string(verification_purpose::sign_in_device),
                      .token_hash = tokens::storage_hash(*token),
                      .user_id = user.id,
                      .email = user.email,
                      .expires_at = now + s.options.rate_limits.device_token_expires_in,
                      .created_at = now,
                      .consumed_at = std::nullopt};
  if (!s.options.stores.verifications->create_verification(device)) return {};
  return std::move(*token);
}

}  // namespace authkit::device_tokens
