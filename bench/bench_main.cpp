// authkit_bench: one binary for authkit, the raw OpenSSL floors and the peers that were found
// at configure time. Run it through scripts/bench.sh; see bench/README.md.
#include <authkit/version.hpp>

#include <benchmark/benchmark.h>
#include <openssl/crypto.h>

int main(int argc, char** argv) {
  benchmark::AddCustomContext("authkit_version", AUTHKIT_VERSION_STRING);
  benchmark::AddCustomContext("openssl_version", OpenSSL_version(OPENSSL_VERSION));
  benchmark::AddCustomContext("authkit_bench_peers", AUTHKIT_BENCH_PEERS);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
