#include <authkit/rate_limit.hpp>

#include <charconv>

#include "rate_limit/ip_address.hpp"

namespace authkit {
namespace {

constexpr unsigned kFullBits = 128;

Error bad_entry(const std::string& entry) {
  return Error(Errc::invalid_configuration,
               "trusted proxy entry '" + entry + "' is not an IP address or CIDR range");
}

// Parses the decimal prefix length after '/': digits only, at most `max`.
std::optional<unsigned> parse_prefix(std::string_view text, unsigned max) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

std::string_view trim_blanks(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// Whether any of `ranges` (TrustedProxies' private ranges) contains `address`.
template <class Ranges>
bool any_contains(const Ranges& ranges, const ip::Address& address) noexcept {
  for (const auto& range : ranges) {
    if (ip::in_network(address, range.network, range.prefix_bits)) return true;
  }
  return false;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& cidrs) {
  TrustedProxies proxies;
  for (const std::string& entry : cidrs) {
    const std::string_view text = entry;
    const auto slash = text.find('/');
    const auto address = ip::parse(text.substr(0, slash));
    if (!address) return bad_entry(entry);
    // An IPv4 prefix counts bits of the IPv4 address, which sits behind 96 mapped bits.
    const bool v4_syntax = text.substr(0, slash).find(':') == std::string_view::npos;
    const unsigned offset = v4_syntax ? ip::kMappedPrefixBits : 0;
    unsigned bits = kFullBits;
    if (slash != std::string_view::npos) {
      const auto prefix = parse_prefix(text.substr(slash + 1), kFullBits - offset);
      if (!prefix) return bad_entry(entry);
      bits = *prefix + offset;
    }
    proxies.ranges_.push_back(Range{ip::masked(*address, bits), bits});
  }
  return proxies;
}

bool TrustedProxies::is_trusted(std::string_view address) const noexcept {
  const auto parsed = ip::parse(address);
  return parsed && any_contains(ranges_, *parsed);
}

std::string TrustedProxies::client_address(std::string_view peer,
                                           std::string_view x_forwarded_for) const {
  const auto peer_address = ip::parse(peer);
  if (!peer_address) return "unknown";
  // Only a trusted proxy may speak for someone else; anyone else could choose their own bucket.
  if (!any_contains(ranges_, *peer_address)) return ip::client_form(*peer_address);

  // Each proxy appends the address it received from, so the right end is the most recent
  // hop. Walk leftwards past our own proxies; the first address they did not vouch for is
  // the client. Entries further left were written by the client and are not believed.
  ip::Address last_good = *peer_address;
  std::string_view rest = x_forwarded_for;
  while (!trim_blanks(rest).empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view entry =
        trim_blanks(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    const auto address = ip::parse(entry);
    if (!address) break;  // a malformed hop: nothing left of it can be trusted
    if (!any_contains(ranges_, *address)) return ip::client_form(*address);
    last_good = *address;
  }
  return ip::client_form(last_good);
}

}  // namespace authkit
