#include "store/sqlite/file_mode.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace authkit::sqlite {

namespace {

constexpr mode_t kOwnerOnly = S_IRUSR | S_IWUSR;

Error file_error(const char* what, const std::string& path) {
  return Error(Errc::storage_failure, {},
               std::string(what) + " " + path + ": " + std::strerror(errno));
}

}  // namespace

Result<void> restrict_database_file(const std::string& path) {
  // Creating it ourselves (never wider than 0600 whatever the umask) closes the window in
  // which a freshly created database would be readable by others.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kOwnerOnly);
  if (fd < 0) return file_error("cannot create or open", path);
  const int rc = ::fchmod(fd, kOwnerOnly);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) {
    errno = saved;
    return file_error("cannot chmod", path);
  }
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string companion = path + suffix;
    if (::chmod(companion.c_str(), kOwnerOnly) != 0 && errno != ENOENT) {
      return file_error("cannot chmod", companion);
    }
  }
  return {};
}

}  // namespace authkit::sqlite
