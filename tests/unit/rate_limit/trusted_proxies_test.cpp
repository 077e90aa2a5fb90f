// TrustedProxies: which address is the client behind (or in front of) proxies.
#include <authkit/rate_limit.hpp>
#include <catch2/catch.hpp>

#include "unit/test_support.hpp"

namespace {

using authkit::Errc;
using authkit::TrustedProxies;
using authkit::test::code_of;
using authkit::test::kOk;

TrustedProxies proxies(const std::vector<std::string>& cidrs) {
  auto parsed = TrustedProxies::parse(cidrs);
  REQUIRE(parsed.has_value());
  return *parsed;
}

}  // namespace

TEST_CASE("without trusted proxies the peer is the client and X-Forwarded-For is ignored",
          "[rate_limit]") {
  const TrustedProxies none;
  CHECK(none.client_address("203.0.113.7") == "203.0.113.7");
  // better-auth trusts X-Forwarded-For blindly, so a client picks a fresh bucket per request.
  CHECK(none.client_address("203.0.113.7", "198.51.100.1") == "203.0.113.7");
  CHECK(none.client_address("203.0.113.7", "198.51.100.2, 10.0.0.1") == "203.0.113.7");
}

TEST_CASE("an untrusted peer cannot choose its bucket with a spoofed X-Forwarded-For",
          "[rate_limit]") {
  const auto trusted = proxies({"10.0.0.0/8"});
  CHECK(trusted.client_address("203.0.113.7", "10.1.1.1") == "203.0.113.7");
  CHECK(trusted.client_address("203.0.113.7", "198.51.100.9") == "203.0.113.7");
}

TEST_CASE("a trusted peer: the right-most untrusted X-Forwarded-For entry is the client",
          "[rate_limit]") {
  const auto trusted = proxies({"10.0.0.0/8"});
  CHECK(trusted.client_address("10.0.0.2", "198.51.100.9") == "198.51.100.9");
  // The client wrote "1.2.3.4" itself; our proxy appended the address it really saw.
  CHECK(trusted.client_address("10.0.0.2", "1.2.3.4, 198.51.100.9") == "198.51.100.9");
  CHECK(trusted.client_address("10.0.0.2", " 1.2.3.4 ,\t198.51.100.9\t") == "198.51.100.9");
  // No header: the proxy itself is the client.
  CHECK(trusted.client_address("10.0.0.2") == "10.0.0.2");
  CHECK(trusted.client_address("10.0.0.2", "  ") == "10.0.0.2");
}

TEST_CASE("multiple trusted hops are skipped", "[rate_limit]") {
  const auto trusted = proxies({"10.0.0.0/8", "192.168.1.1", "fd00::/8"});
  CHECK(trusted.client_address("10.0.0.2", "1.2.3.4, 198.51.100.9, 192.168.1.1, 10.9.9.9") ==
        "198.51.100.9");
  CHECK(trusted.client_address("fd00::1", "198.51.100.9, fd12::7") == "198.51.100.9");
  // Every hop trusted: the left-most one is the best guess.
  CHECK(trusted.client_address("10.0.0.2", "192.168.1.1, 10.9.9.9") == "192.168.1.1");
}

TEST_CASE("a malformed X-Forwarded-For entry stops the walk at the last good address",
          "[rate_limit]") {
  const auto trusted = proxies({"10.0.0.0/8"});
  CHECK(trusted.client_address("10.0.0.2", "198.51.100.9, garbage") == "10.0.0.2");
  CHECK(trusted.client_address("10.0.0.2", "198.51.100.9, garbage, 10.3.3.3") == "10.3.3.3");
  CHECK(trusted.client_address("10.0.0.2", "198.51.100.9,,10.3.3.3") == "10.3.3.3");
  CHECK(trusted.client_address("10.0.0.2", "198.51.100.9,") == "10.0.0.2");
  // Only plain addresses: no ports, no brackets.
  CHECK(trusted.client_address("10.0.0.2", "198.51.100.9:4711") == "10.0.0.2");
  CHECK(trusted.client_address("10.0.0.2", "[2001:db8::1]") == "10.0.0.2");
  CHECK(trusted.client_address("10.0.0.2", std::string("198.51.100.9\0x", 14)) == "10.0.0.2");
}

TEST_CASE("IPv6 clients are reduced to their /64", "[rate_limit]") {
  const TrustedProxies none;
  CHECK(none.client_address("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64");
  CHECK(none.client_address("2001:DB8:1:2:ffff::1") == "2001:db8:1:2::/64");
  CHECK(none.client_address("2001:db8::1") == "2001:db8::/64");
  CHECK(none.client_address("::1") == "::/64");
  const auto trusted = proxies({"10.0.0.0/8"});
  CHECK(trusted.client_address("10.0.0.2", "2001:db8:aa:bb:cc::9") == "2001:db8:aa:bb::/64");
}

TEST_CASE("IPv4-mapped IPv6 addresses are reported as IPv4", "[rate_limit]") {
  const TrustedProxies none;
  CHECK(none.client_address("::ffff:203.0.113.7") == "203.0.113.7");
  const auto trusted = proxies({"10.0.0.0/8"});
  CHECK(trusted.is_trusted("::ffff:10.1.2.3"));
  CHECK(trusted.client_address("::ffff:10.1.2.3", "::ffff:198.51.100.9") == "198.51.100.9");
}

TEST_CASE("an unparsable peer is 'unknown'", "[rate_limit]") {
  const TrustedProxies none;
  CHECK(none.client_address("") == "unknown");
  CHECK(none.client_address("localhost") == "unknown");
  CHECK(none.client_address("203.0.113.7:443") == "unknown");
  CHECK(none.client_address("01.2.3.4") == "unknown");
  CHECK(none.client_address("fe80::1%eth0") == "unknown");
}

TEST_CASE("CIDR prefixes cover exactly their bits", "[rate_limit]") {
  const auto v4_32 = proxies({"192.0.2.1/32"});
  CHECK(v4_32.is_trusted("192.0.2.1"));
  CHECK_FALSE(v4_32.is_trusted("192.0.2.0"));

  const auto v4_0 = proxies({"0.0.0.0/0"});
  CHECK(v4_0.is_trusted("255.255.255.255"));
  CHECK(v4_0.is_trusted("1.2.3.4"));
  CHECK_FALSE(v4_0.is_trusted("2001:db8::1"));

  const auto v4_25 = proxies({"192.0.2.128/25"});
  CHECK(v4_25.is_trusted("192.0.2.128"));
  CHECK(v4_25.is_trusted("192.0.2.255"));
  CHECK_FALSE(v4_25.is_trusted("192.0.2.127"));

  const auto host_bits = proxies({"10.1.2.3/8"});  // host bits are ignored
  CHECK(host_bits.is_trusted("10.200.0.1"));

  const auto v6_128 = proxies({"2001:db8::1/128"});
  CHECK(v6_128.is_trusted("2001:db8::1"));
  CHECK_FALSE(v6_128.is_trusted("2001:db8::2"));

  const auto v6_0 = proxies({"::/0"});
  CHECK(v6_0.is_trusted("2001:db8::1"));
  CHECK(v6_0.is_trusted("203.0.113.7"));  // IPv4 lives inside IPv6 as ::ffff:0:0/96

  const auto v6_63 = proxies({"2001:db8:0:2::/63"});
  CHECK(v6_63.is_trusted("2001:db8:0:3::1"));
  CHECK_FALSE(v6_63.is_trusted("2001:db8:0:4::1"));

  CHECK_FALSE(v4_0.is_trusted("not an address"));
}

TEST_CASE("TrustedProxies::parse rejects bad entries, naming them", "[rate_limit]") {
  for (const std::string bad :
       {"192.0.2.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8",
        "10.0.0.0/ 8", "10.0.0.0/8 ", "/8", "", "10.0.0", "example.com", "[::1]", "10.0.0.0/0x8",
        "10.0.0.0/0008"}) {
    CAPTURE(bad);
    const auto parsed = TrustedProxies::parse({"127.0.0.1", bad});
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().code() == Errc::invalid_configuration);
    CHECK_THAT(parsed.error().message(), Catch::Contains("'" + bad + "'"));
  }
  CHECK(code_of(TrustedProxies::parse({})) == kOk);
  CHECK(code_of(TrustedProxies::parse({"127.0.0.1", "::1", "fd00::/8", "::ffff:10.0.0.0/104"})) ==
        kOk);
}
