// A libFuzzer-compatible driver for compilers without -fsanitize=fuzzer (GCC): runs the seed
// inputs given on the command line (files), then a fixed number of deterministic mutations of
// them. It makes every fuzz target a cheap, repeatable ctest smoke test; real coverage-guided
// fuzzing uses clang's libFuzzer (scripts/fuzz.sh).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::uint64_t g_state = 0x9E3779B97F4A7C15ULL;
std::uint64_t next_random() {  // xorshift64*: deterministic across runs
  g_state ^= g_state >> 12;
  g_state ^= g_state << 25;
  g_state ^= g_state >> 27;
  return g_state * 0x2545F4914F6CDD1DULL;
}

std::string mutate(std::string s) {
  const int edits = 1 + static_cast<int>(next_random() % 4);
  for (int i = 0; i < edits; ++i) {
    const std::size_t pos = s.empty() ? 0 : next_random() % s.size();
    switch (next_random() % 5) {
      case 0:
        if (!s.empty()) s[pos] = static_cast<char>(next_random());
        break;
      case 1:
        s.insert(pos, 1, static_cast<char>(next_random()));
        break;
      case 2:
        if (!s.empty()) s.erase(pos, 1);
        break;
      case 3:
        if (!s.empty()) s[pos] = static_cast<char>(s[pos] ^ (1 << (next_random() % 8)));
        break;
      default:
        if (!s.empty()) s.insert(pos, s.substr(next_random() % s.size(), 8));
    }
  }
  return s;
}

void run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 20000;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("-runs=", 0) == 0) {
      iterations = std::strtol(arg.c_str() + 6, nullptr, 10);
      continue;
    }
    std::ifstream in(arg, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read seed %s\n", arg.c_str());
      return 2;
    }
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (seeds.empty()) seeds.emplace_back();
  for (const auto& seed : seeds) run(seed);
  for (long i = 0; i < iterations; ++i)
    run(mutate(seeds[static_cast<std::size_t>(i) % seeds.size()]));
  std::printf("replayed %zu seeds and %ld mutations\n", seeds.size(), iterations);
  return 0;
}
