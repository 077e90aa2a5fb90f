// Smoke test for an installed (or add_subdirectory'd) authkit: generate a key through the public
// API and print the library version. Exits non-zero on failure.
#include <authkit/authkit.hpp>

#include <cstdlib>
#include <iostream>

int main() {
  auto key = authkit::Jwk::generate(authkit::Algorithm::ES256);
  if (!key.has_value()) {
    std::cerr << "authkit::Jwk::generate(ES256) failed: " << key.error().message() << '\n';
    return EXIT_FAILURE;
  }
  if (!key->can_sign() || key->kid().empty()) {
    std::cerr << "generated ES256 key is unusable\n";
    return EXIT_FAILURE;
  }
  std::cout << "authkit " << authkit::version_string << ": generated ES256 key " << key->kid()
            << '\n';
  return EXIT_SUCCESS;
}
