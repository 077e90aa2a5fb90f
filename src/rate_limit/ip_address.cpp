#include "rate_limit/ip_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace authkit::ip {
namespace {

// One host commonly owns a whole /64 (SLAAC, privacy addresses), so a finer key would let it
// rotate through 2^64 buckets.
constexpr unsigned kIpv6ClientPrefixBits = 64;

constexpr Address kV4MappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

std::optional<Address> parse(std::string_view text) noexcept {
  // inet_pton needs a NUL-terminated string; an embedded NUL would silently cut the text.
  char z[INET6_ADDRSTRLEN] = {};
  if (text.empty() || text.size() >= sizeof z || text.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  std::memcpy(z, text.data(), text.size());
  Address out{};
  if (text.find(':') == std::string_view::npos) {
    in_addr v4{};
    if (::inet_pton(AF_INET, z, &v4) != 1) return std::nullopt;
    out = kV4MappedPrefix;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, z, &v6) != 1) return std::nullopt;
  std::memcpy(out.data(), &v6, 16);
  return out;
}

bool is_v4_mapped(const Address& address) noexcept {
  return std::equal(kV4MappedPrefix.begin(), kV4MappedPrefix.begin() + 12, address.begin());
}

Address masked(Address address, unsigned prefix_bits) noexcept {
  for (unsigned i = 0; i < address.size(); ++i) {
    const unsigned bit = i * 8;
    if (bit + 8 <= prefix_bits) continue;
    const unsigned keep = prefix_bits > bit ? prefix_bits - bit : 0;  // 0..7
    address[i] &= static_cast<unsigned char>(0xff00U >> keep);
  }
  return address;
}

bool in_network(const Address& address, const Address& network, unsigned prefix_bits) noexcept {
  return masked(address, prefix_bits) == network;
}

std::string client_form(const Address& address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (is_v4_mapped(address)) {
    ::inet_ntop(AF_INET, address.data() + 12, buffer, sizeof buffer);
    return buffer;
  }
  const Address network = masked(address, kIpv6ClientPrefixBits);
  ::inet_ntop(AF_INET6, network.data(), buffer, sizeof buffer);
  return std::string(buffer) + "/64";
}

}  // namespace authkit::ip
