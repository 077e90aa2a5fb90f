// Private: IP addresses as 16 bytes (IPv4 as IPv4-mapped IPv6, ::ffff:a.b.c.d), so that one
// prefix comparison serves both families.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace authkit::ip {

/// An address in network byte order.
using Address = std::array<unsigned char, 16>;

/// Bits in front of an IPv4 address inside its IPv4-mapped form.
inline constexpr unsigned kMappedPrefixBits = 96;

/// Parses a plain IPv4 ("192.0.2.1") or IPv6 ("2001:db8::1", "::ffff:192.0.2.1") address with
/// inet_pton. No brackets, ports, zone ids or surrounding blanks; nullopt for anything else.
[[nodiscard]] std::optional<Address> parse(std::string_view text) noexcept;

/// Whether `address` is IPv4-mapped (::ffff:0:0/96).
[[nodiscard]] bool is_v4_mapped(const Address& address) noexcept;

/// `address` with every bit after the first `prefix_bits` (<= 128) cleared.
[[nodiscard]] Address masked(Address address, unsigned prefix_bits) noexcept;

/// Whether `address` lies in `network`/`prefix_bits` (`network` already masked).
[[nodiscard]] bool in_network(const Address& address, const Address& network,
                              unsigned prefix_bits) noexcept;

/// The rate-limiting identity of `address`: dotted IPv4 for IPv4 and IPv4-mapped addresses;
/// for IPv6 its /64 as "<masked address>/64" (e.g. "2001:db8:1:2::/64").
[[nodiscard]] std::string client_form(const Address& address);

}  // namespace authkit::ip
