// cli/output.hpp — every file `cds` writes, written so that a failure leaves nothing behind.
//
// OutputFile: a temporary file in the destination's own folder (unique name, created exclusively,
// mode 0600 for secrets), written, flushed to disk, then renamed over the destination in one step.
// Whatever fails (a full disk, the destination being a folder, no permission), the temporary file
// is removed and the destination is untouched.
// OutputFolder: a set of files (a report set) written into a new folder next to the destination and
// swapped in whole: readers see either the old set or the new one, never a mix.
// Not provided: locking against two `cds` processes writing the same destination at once (the later
// rename wins; neither leaves a partial file).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

class OutputFile {
 public:
  // Prints a message and returns nullopt when the temporary file cannot be created.
  static std::optional<OutputFile> create(const std::string& path, bool secret = false);
  OutputFile(OutputFile&& o) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  ~OutputFile();
  bool write(std::string_view bytes);
  // Flushes, closes and renames into place; prints a message on failure.
  bool commit();

 private:
  OutputFile(std::string path, std::string tmp, int fd) : path_(std::move(path)), tmp_(std::move(tmp)), fd_(fd) {}
  void discard();
  std::string path_, tmp_;
  int fd_ = -1;
  bool failed_ = false;
};

// Writes a whole file atomically (0600 when `secret`); prints a message on failure.
bool write_file(const std::string& path, std::string_view bytes, bool secret = false);

class OutputFolder {
 public:
  // `names`: the files this set consists of. An existing destination is replaced only if it holds
  // nothing but files of those names (an earlier report set); anything else is refused with a message.
  static std::optional<OutputFolder> create(const std::string& dir, std::vector<std::string> names);
  OutputFolder(OutputFolder&& o) noexcept;
  OutputFolder& operator=(OutputFolder&&) = delete;
  ~OutputFolder();
  // Where to write one of the names before commit().
  std::string path(const std::string& name) const;
  // Swaps the new folder in; prints a message on failure (the old set then stays as it was).
  bool commit();

 private:
  OutputFolder(std::string dir, std::string tmp) : dir_(std::move(dir)), tmp_(std::move(tmp)) {}
  std::string dir_, tmp_;
};

}  // namespace cli
