#include "output.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace cli {
namespace {

void say(const std::string& path, const char* vi, const char* en, int err) {
  std::fprintf(stderr, "%s: %s / %s%s%s\n", path.c_str(), vi, en, err ? ": " : "", err ? std::strerror(err) : "");
}

std::string parent_of(const std::string& path) {
  fs::path p = fs::path(path).parent_path();
  return p.empty() ? std::string(".") : p.string();
}

// Exchanges two paths in one step where the kernel can (Linux renameat2 RENAME_EXCHANGE).
bool exchange(const std::string& a, const std::string& b) {
#if defined(__linux__) && defined(SYS_renameat2)
  return syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), 1 /* RENAME_EXCHANGE */) == 0;
#else
  (void)a;
  (void)b;
  errno = ENOSYS;
  return false;
#endif
}

}  // namespace

std::optional<OutputFile> OutputFile::create(const std::string& path, bool secret) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    say(path, "là một thư mục; hãy ghi tên tệp", "is a folder; give a file name", 0);
    return std::nullopt;
  }
  std::string name = fs::path(path).filename().string();
  std::string tmp = (fs::path(parent_of(path)) / ("." + name + ".XXXXXX.tmp")).string();
  std::vector<char> buf(tmp.begin(), tmp.end());
  buf.push_back('\0');
  int fd = mkstemps(buf.data(), 4);  // created 0600, exclusively
  if (fd < 0) {
    say(path, "không ghi được tệp", "cannot write the file", errno);
    return std::nullopt;
  }
  if (!secret) {  // ordinary files: 0666 less the umask, like any other program's output
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
  }
  return OutputFile(path, std::string(buf.data()), fd);
}

OutputFile::OutputFile(OutputFile&& o) noexcept : path_(std::move(o.path_)), tmp_(std::move(o.tmp_)), fd_(o.fd_), failed_(o.failed_) {
  o.fd_ = -1;
  o.tmp_.clear();
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  if (!tmp_.empty()) unlink(tmp_.c_str());
  tmp_.clear();
}

bool OutputFile::write(std::string_view bytes) {
  while (!failed_ && !bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      say(path_, "ghi tệp thất bại", "writing failed", errno);
      failed_ = true;
      break;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return !failed_;
}

bool OutputFile::commit() {
  if (fd_ < 0 || failed_) {
    discard();
    return false;
  }
  if (fsync(fd_) != 0 || close(fd_) != 0) {
    fd_ = -1;
    say(path_, "ghi tệp thất bại", "writing failed", errno);
    discard();
    return false;
  }
  fd_ = -1;
  if (rename(tmp_.c_str(), path_.c_str()) != 0) {
    say(path_, "không ghi được tệp", "cannot write the file", errno);
    discard();
    return false;
  }
  tmp_.clear();
  return true;
}

bool write_file(const std::string& path, std::string_view bytes, bool secret) {
  auto f = OutputFile::create(path, secret);
  return f && f->write(bytes) && f->commit();
}

std::optional<OutputFolder> OutputFolder::create(const std::string& dir, std::vector<std::string> names) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      say(dir, "không phải thư mục", "is not a folder", 0);
      return std::nullopt;
    }
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string n = e.path().filename().string();
      if (std::find(names.begin(), names.end(), n) == names.end()) {
        std::fprintf(stderr, "%s: thư mục đã có tệp khác (%s); chọn một thư mục mới hoặc thư mục báo cáo cũ / the folder holds other files (%s); "
                             "choose a new folder or an earlier report folder\n", dir.c_str(), n.c_str(), n.c_str());
        return std::nullopt;
      }
    }
  }
  fs::path d = fs::path(dir).lexically_normal();
  if (d.filename().empty()) d = d.parent_path();
  fs::path parent = d.parent_path().empty() ? fs::path(".") : d.parent_path();
  fs::create_directories(parent, ec);
  std::string tmpl = (parent / ("." + d.filename().string() + ".XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    say(dir, "không tạo được thư mục", "cannot create the folder", errno);
    return std::nullopt;
  }
  chmod(buf.data(), 0755 & ~[] { mode_t um = umask(0); umask(um); return um; }());
  return OutputFolder(d.string(), std::string(buf.data()));
}

OutputFolder::OutputFolder(OutputFolder&& o) noexcept : dir_(std::move(o.dir_)), tmp_(std::move(o.tmp_)) { o.tmp_.clear(); }

OutputFolder::~OutputFolder() {
  std::error_code ec;
  if (!tmp_.empty()) fs::remove_all(tmp_, ec);
}

std::string OutputFolder::path(const std::string& name) const { return (fs::path(tmp_) / name).string(); }

bool OutputFolder::commit() {
  std::error_code ec;
  if (!fs::exists(dir_, ec)) {
    if (rename(tmp_.c_str(), dir_.c_str()) != 0) {
      say(dir_, "không tạo được thư mục", "cannot create the folder", errno);
      return false;
    }
    tmp_.clear();
    return true;
  }
  if (exchange(tmp_, dir_)) return true;  // tmp_ now holds the old set; the destructor removes it
  // No atomic exchange: move the old set aside, the new one in, and the old one away.
  std::string aside = tmp_ + ".old";
  if (rename(dir_.c_str(), aside.c_str()) != 0 || rename(tmp_.c_str(), dir_.c_str()) != 0) {
    int err = errno;
    if (!fs::exists(dir_, ec)) rename(aside.c_str(), dir_.c_str());
    say(dir_, "không thay được thư mục báo cáo", "cannot replace the report folder", err);
    return false;
  }
  fs::remove_all(aside, ec);
  tmp_.clear();
  return true;
}

}  // namespace cli
