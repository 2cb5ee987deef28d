#include "common.hpp"

#include "cds/base/crypto.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace fs = std::filesystem;

namespace cli {

bool Args::has(const std::string& name) const {
  for (const auto& [k, v] : options)
    if (k == name) return true;
  return false;
}

std::optional<std::string> Args::get(const std::string& name) const {
  for (const auto& [k, v] : options)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<Args> parse_args(int argc, char** argv, int first, const std::vector<std::string>& flags,
                               const std::vector<std::string>& valued) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.size() > 2 && s.rfind("--", 0) == 0) {
      std::string name = s;
      std::string value;
      auto eq = s.find('=');
      if (eq != std::string::npos) {
        name = s.substr(0, eq);
        value = s.substr(eq + 1);
      }
      if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
        a.options.emplace_back(name, "");
      } else if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
        if (eq == std::string::npos) {
          if (i + 1 >= argc) {
            usage_error("Tùy chọn " + name + " cần một giá trị", "Option " + name + " needs a value");
            return std::nullopt;
          }
          value = argv[++i];
        }
        a.options.emplace_back(name, value);
      } else {
        usage_error("Tùy chọn không hợp lệ: " + name, "Unknown option: " + name);
        return std::nullopt;
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::optional<std::string> read_file(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::fprintf(stderr, "%s: là thư mục, không phải tệp / is a folder, not a file\n", path.c_str());
    return std::nullopt;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    int err = errno;
    const char* vi = err == ENOENT ? "không có tệp này" : err == EACCES ? "không có quyền đọc tệp" : err == ELOOP ? "liên kết tạo thành vòng lặp" : "không mở được tệp";
    const char* en = err == ENOENT ? "no such file" : err == EACCES ? "permission denied" : err == ELOOP ? "the links form a loop" : "cannot open the file";
    std::fprintf(stderr, "%s: %s / %s (%s)\n", path.c_str(), vi, en, std::strerror(err));
    return std::nullopt;
  }
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out.append(buf, n);
    if (out.size() > max_bytes) {
      std::fclose(f);
      std::fprintf(stderr, "%s: tệp quá lớn (hơn %zu MB) / file too large (over %zu MB)\n", path.c_str(), max_bytes / (1024 * 1024),
                   max_bytes / (1024 * 1024));
      return std::nullopt;
    }
  }
  bool bad = std::ferror(f) != 0;
  std::fclose(f);
  if (bad) {
    std::fprintf(stderr, "%s: đọc tệp thất bại / reading failed\n", path.c_str());
    return std::nullopt;
  }
  return out;
}

bool has_extension(const std::string& path, const char* ext) {
  const std::string e = fs::path(path).extension().string();
  return e.size() == std::strlen(ext) &&
         std::equal(e.begin(), e.end(), ext, [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

std::vector<std::string> list_json(const std::string& path, bool recursive, bool dossiers) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    out.push_back(path);
    return out;
  }
  // Every *.json entry that is not a folder: regular files, and also links that lead nowhere or in
  // a loop and other oddities, so that the intake reports them (one line each) instead of
  // skipping them without a word.
  // The extension in any case: "BAO-CAO.JSON" from a Windows machine is a .json file too.
  auto take = [&](const fs::directory_entry& e) {
    std::error_code ec2;
    if ((!has_extension(e.path().string(), ".json") && !(dossiers && has_extension(e.path().string(), ".zip"))) || e.is_directory(ec2)) return;
    out.push_back(e.path().string());
  };
  if (recursive) {
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) take(*it);
  } else {
    for (auto it = fs::directory_iterator(path, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) take(*it);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::pair<std::string, std::string> explain_fs_error(const std::error_code& ec) {
  switch (ec.value()) {
    case ENOENT: return {"không có tệp (hoặc liên kết trỏ tới tệp không còn)", "no such file (or a link to a file that is gone)"};
    case ELOOP: return {"các liên kết tạo thành vòng lặp", "the links form a loop"};
    case EACCES: return {"không có quyền đọc", "permission denied"};
    case EISDIR: return {"là thư mục", "is a folder"};
    default: return {"lỗi hệ thống tệp: " + ec.message(), "file system error: " + ec.message()};
  }
}

void print_messages(const cds::Messages& ms, const std::string& file) {
  for (const auto& m : ms) {
    const char* sev = m.severity == cds::Severity::Error ? "lỗi/error" : (m.severity == cds::Severity::Warning ? "cảnh báo/warning" : "thông tin/info");
    std::fprintf(stderr, "%s: %s [%s]: %s%s%s\n    %s\n", file.c_str(), sev, m.code.c_str(), m.where.empty() ? "" : m.where.c_str(),
                 m.where.empty() ? "" : ": ", m.vi.c_str(), m.en.c_str());
  }
}

void print_verdict(const std::string& verdict, const std::string& other_language, const cds::Messages& problems, std::FILE* to) {
  auto headline = [](const std::string& v) { return v.substr(0, v.find('\n')); };
  std::fprintf(to, "%s\n%s\n", headline(verdict).c_str(), headline(other_language).c_str());
  for (const auto& m : problems) {
    const char* sev = m.severity == cds::Severity::Error ? "" : "ghi chú/note ";
    std::fprintf(to, "  - %s[%s] %s%s%s\n      %s\n", sev, m.code.c_str(), m.where.empty() ? "" : m.where.c_str(), m.where.empty() ? "" : ": ",
                m.vi.c_str(), m.en.c_str());
  }
}

void usage_error(const std::string& vi, const std::string& en) {
  std::fprintf(stderr, "cds: %s\n     %s\n     (cds --help)\n", vi.c_str(), en.c_str());
}

cds::Lang lang_from(const Args& a) {
  auto l = a.get("--lang");
  return (l && *l == "en") ? cds::Lang::En : cds::Lang::Vi;
}


std::optional<std::string> read_passphrase(const Args& a) {
  auto f = a.get("--passphrase-file");
  if (!f) {
    usage_error("Cần --passphrase-file <tệp chứa cụm mật khẩu>", "--passphrase-file <file holding the passphrase> is required");
    return std::nullopt;
  }
  auto p = read_file(*f, 4096);
  if (!p) return std::nullopt;
  while (!p->empty() && (p->back() == '\n' || p->back() == '\r')) p->pop_back();
  if (p->empty()) {
    usage_error("Tệp cụm mật khẩu rỗng", "The passphrase file is empty");
    return std::nullopt;
  }
  return p;
}

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
  std::string s = buf;  // +0700 → +07:00
  if (s.size() >= 5) s.insert(s.size() - 2, ":");
  return s;
}

// Opens a key file with the passphrase; prints problems. Exit code in *code on failure.
std::optional<cds::KeyPair> open_key(const Args& a, int* code) {
  auto kf = a.get("--key");
  if (!kf) {
    usage_error("Cần --key <tệp khóa>", "--key <key file> is required");
    *code = kUsage;
    return std::nullopt;
  }
  auto pass = read_passphrase(a);
  if (!pass) {
    *code = kUsage;
    return std::nullopt;
  }
  auto bytes = read_file(*kf, 1024 * 1024);
  if (!bytes) {
    *code = kUsage;
    return std::nullopt;
  }
  auto opened = cds::open_key_file(*bytes, *pass);
  cds::wipe(*pass);
  if (!opened.key) {
    print_messages(opened.messages, *kf);
    *code = kInvalid;
    return std::nullopt;
  }
  return std::move(opened.key);
}


cds::DisplayClock system_clock() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  cds::DisplayClock c;
  c.utc_offset_minutes = static_cast<int>(tm.tm_gmtoff / 60);
  return c;
}

std::string now_local_text() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
  return buf;
}

std::optional<cds::TrustList> load_trust_option(const Args& a, bool* failed) {
  *failed = false;
  auto tf = a.get("--trust");
  if (!tf) return std::nullopt;
  auto tb = read_file(*tf);
  if (!tb) {
    *failed = true;
    return std::nullopt;
  }
  auto lt = cds::load_trust_list(*tb);
  if (!lt.trust) {
    print_messages(lt.messages, *tf);
    *failed = true;
    return std::nullopt;
  }
  return std::move(lt.trust);
}

}  // namespace cli
