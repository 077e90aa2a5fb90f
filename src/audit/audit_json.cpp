// The JSON-lines form of an audit event. nlohmann's ordered_json keeps "event" and "time"
// first for readability, and its "replace" error handler turns invalid UTF-8 (a user agent
// is attacker-controlled) into U+FFFD instead of emitting a line that is not JSON. Escaping
// makes CR/LF harmless, so one event is always exactly one line.
#include <authkit/audit.hpp>

#include <nlohmann/json.hpp>

#include "util/iso8601.hpp"

namespace authkit {

std::string JsonLinesAuditSink::to_json_line(const AuditEvent& event) {
  nlohmann::ordered_json line;
  line["event"] = audit_event_name(event.type);
  line["time"] = iso8601::format(event.time);
  auto add_if_set = [&line](const char* key, const std::string& value) {
    if (!value.empty()) line[key] = value;
  };
  add_if_set("user_id", event.user_id);
  add_if_set("email", event.email);
  add_if_set("session_id", event.session_id);
  add_if_set("ip", event.ip_address);
  add_if_set("user_agent", event.user_agent);
  add_if_set("reason", event.reason);
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace authkit
