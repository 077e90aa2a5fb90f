#include "report.hpp"

#include <iostream>
#include <string>

namespace authkit::cli {

void print_failure(const Error& error) {
  std::cerr << "error: " << error.name() << ": " << error.message();
  if (!error.detail().empty()) std::cerr << " (" << error.detail() << ")";
  std::cerr << '\n';
}

void print_rejection(const Error& error) { std::cerr << "error: " << error.name() << '\n'; }

void print_usage_error(std::string_view command, std::string_view message) {
  std::cerr << "error: " << message << "\nRun '" << command << " --help' for usage.\n";
}

void write_stdout(std::string_view text) {
  std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
  std::cout.flush();
  if (!std::cout) {
    throw CommandFailure(Error(Errc::invalid_argument, "cannot write to standard output"));
  }
}

}  // namespace authkit::cli
