#include "store/postgres/rows.hpp"

namespace authkit::pg {

Result<User> read_user(const Row& row, int first) {
  User u;
  u.id = row.text(first);
  u.name = row.text(first + 1);
  u.email = row.text(first + 2);
  u.email_verified = row.boolean(first + 3);
  u.image = row.optional_text(first + 4);
  auto created = row.time(first + 5);
  if (!created) return created.error();
  auto updated = row.time(first + 6);
  if (!updated) return updated.error();
  u.created_at = *created;
  u.updated_at = *updated;
  return u;
}

Result<Session> read_session(const Row& row, int first) {
  Session s;
  s.id = row.text(first);
  s.user_id = row.text(first + 1);
  s.token_hash = row.text(first + 2);
  auto expires = row.time(first + 3);
  if (!expires) return expires.error();
  auto created = row.time(first + 4);
  if (!created) return created.error();
  auto updated = row.time(first + 5);
  if (!updated) return updated.error();
  s.expires_at = *expires;
  s.created_at = *created;
  s.updated_at = *updated;
  s.ip_address = row.text(first + 6);  // NULL (better-auth's "unknown") reads as empty
  s.user_agent = row.text(first + 7);
  s.remember_me = row.is_null(first + 8) || row.boolean(first + 8);
  return s;
}

Result<Verification> read_verification(const Row& row, int first) {
  Verification v;
  v.id = row.text(first);
  const std::string identifier = row.text(first + 1);
  // The token hash is hex, so the last ':' separates it from a purpose that may contain ':'.
  const std::size_t colon = identifier.rfind(':');
  if (colon == std::string::npos) {
    return Error(Errc::storage_failure, {}, "verification identifier without a purpose");
  }
  v.purpose = identifier.substr(0, colon);
  v.token_hash = identifier.substr(colon + 1);
  v.user_id = row.text(first + 2);
  v.email = row.text(first + 3);
  auto expires = row.time(first + 4);
  if (!expires) return expires.error();
  auto created = row.time(first + 5);
  if (!created) return created.error();
  auto consumed = row.optional_time(first + 6);
  if (!consumed) return consumed.error();
  v.expires_at = *expires;
  v.created_at = *created;
  v.consumed_at = *consumed;
  return v;
}

Result<Credential> read_credential(const Row& row) {
  Credential c;
  c.user_id = row.text(0);
  c.password_hash = row.text(1);
  auto created = row.time(2);
  if (!created) return created.error();
  auto updated = row.time(3);
  if (!updated) return updated.error();
  c.created_at = *created;
  c.updated_at = *updated;
  return c;
}

std::string verification_identifier(std::string_view purpose, std::string_view token_hash) {
  std::string out;
  out.reserve(purpose.size() + 1 + token_hash.size());
  out.append(purpose).append(":").append(token_hash);
  return out;
}

}  // namespace authkit::pg
