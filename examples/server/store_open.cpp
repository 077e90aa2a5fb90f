#include "store_open.hpp"

namespace authkit_server {

bool is_postgres_url(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string database_url(std::string_view db) {
  if (is_postgres_url(db) || db.starts_with("sqlite:") || db == "memory:") return std::string(db);
  return "sqlite:" + std::string(db);
}

}  // namespace authkit_server
