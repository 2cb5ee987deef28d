// cds-gen — realistic signed submissions for tests and for benchmarking the receiving office's
// aggregation.
//
// For one rubric it invents N units (Vietnamese names fitting the rubric's unit level, ASCII codes),
// fills plausible answers for each (about 85–95 % of criteria, values inside the inputs' bounds,
// ratios consistent with the general information), scores and signs them with the core library,
// and writes the canonical submission files together with a trust list (`cds-trust/1`) and a
// manifest (`cds-gen-manifest/1`) that says what an aggregator should conclude about every file:
// valid, superseded (an earlier version of a unit that submitted again), duplicate (an identical
// copy) or invalid (tampered scores or inputs, a damaged signature, a truncated file, a score
// claimed differently and re-signed, a key missing from the trust list).
//
// Output depends only on the arguments: every random choice comes from std::mt19937_64 streams
// derived from --seed (per unit, so the thread count does not matter), keys come from
// keypair_from_seed, and no clock is read for anything written.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cds/model/answers.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/signing/keys.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/rule_kind.hpp"
#include "cds/rules/score.hpp"
#include "cds/signing/submission.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"

namespace fs = std::filesystem;

namespace {

using cds::InputType;
using cds::Json;
using cds::Num;

constexpr const char* kManifestFormat = "cds-gen-manifest/1";

const char* kUsage =
    "cds-gen — tạo bài nộp có chữ ký giống thật để kiểm thử và đo hiệu năng tổng hợp\n"
    "          realistic signed submissions for tests and aggregation benchmarks\n"
    "\n"
    "Cách dùng / Usage:\n"
    "  cds-gen --rubric RUBRIC.json --n N --out DIR [--seed 1]\n"
    "          [--tampered 0.03] [--duplicates 0.03] [--superseded 0.05] [--missing 0.02] [--untrusted 0.01]\n"
    "          [--countersign 0.5] [--created 2026-11-20T08:00:00+07:00] [--threads 2] [--quiet]\n"
    "\n"
    "  --rubric F       tệp tiêu chí; SHA-256 của đúng các byte của tệp được ghi vào bài nộp\n"
    "                   rubric file; the SHA-256 of its exact bytes goes into every submission\n"
    "  --n N            số đơn vị nộp bài (mỗi đơn vị một bài hợp lệ, trừ đơn vị bị sửa/khóa lạ)\n"
    "                   units that submit (each has one valid, counted file unless tampered/untrusted)\n"
    "  --out DIR        thư mục ghi kết quả (tạo nếu chưa có) / output folder (created if missing)\n"
    "  --seed S         cùng tham số và hạt giống cho kết quả giống hệt từng byte (mặc định 1)\n"
    "                   same arguments and seed give byte-identical output (default 1)\n"
    "  --tampered P     tỷ lệ (trên N) đơn vị chỉ có một tệp bị sửa hoặc hỏng: sửa điểm, sửa số liệu,\n"
    "                   hỏng chữ ký, tệp bị cắt, điểm khai sai rồi ký lại (chia đều)\n"
    "                   share of N whose only file is tampered: edited score, edited input, flipped\n"
    "                   signature byte, truncated file, wrong score re-signed (spread evenly)\n"
    "  --duplicates P   tỷ lệ đơn vị gửi thêm một bản sao y hệt / share of N also sending an identical copy\n"
    "  --superseded P   tỷ lệ đơn vị nộp thêm một bản sớm hơn, khác số liệu (bị bản sau thay thế)\n"
    "                   share of N that also sent an earlier, different version (superseded)\n"
    "  --missing P      tỷ lệ đơn vị thêm chỉ có trong danh sách tin cậy, không nộp bài\n"
    "                   share of N of extra units listed in the trust list that never submit\n"
    "  --untrusted P    tỷ lệ đơn vị ký bằng khóa không có trong danh sách tin cậy\n"
    "                   share of N signing with a key missing from the trust list\n"
    "  --countersign P  tỷ lệ đơn vị có thủ trưởng ký xác nhận (mặc định 0.5)\n"
    "                   share of units whose head countersigns (default 0.5)\n"
    "  --created T      thời điểm gốc; bài nộp được tính của mỗi đơn vị cách nhau vài phút sau đó\n"
    "                   base time; counted submissions follow it, minutes apart (YYYY-MM-DDTHH:MM:SS+07:00)\n"
    "  --threads K      số luồng; kết quả không phụ thuộc số luồng (mặc định 2)\n"
    "                   worker threads; the output does not depend on it (default 2)\n"
    "  --quiet          không in dòng tóm tắt / no summary line\n"
    "\n"
    "Ghi vào DIR / writes into DIR: các tệp bài nộp / the submission files, trust.json (cds-trust/1),\n"
    "manifest.json (cds-gen-manifest/1: kết luận mong đợi cho từng tệp / the intended verdict per file).\n"
    "Mã thoát / exit codes: 0 đạt/ok, 2 sai cách dùng hoặc không đọc được tệp/usage or unreadable file\n";

void fail_usage(const std::string& vi, const std::string& en) {
  std::fprintf(stderr, "cds-gen: %s\n         %s\n         (cds-gen --help)\n", vi.c_str(), en.c_str());
}
void fail(const std::string& vi, const std::string& en) { std::fprintf(stderr, "cds-gen: %s\n         %s\n", vi.c_str(), en.c_str()); }

// ============================== Deterministic randomness ==============================

uint64_t splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

enum Stream : uint64_t { kPlanStream = 1, kAnswerStream = 2, kUnitStream = 3, kKeyStream = 4, kEarlierStream = 5, kTamperStream = 6 };

// Only the raw 64-bit outputs of mt19937_64 (fixed by the standard) are used: the helpers below
// replace std::uniform_*_distribution and std::shuffle, whose results differ between libraries.
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  static Rng derive(uint64_t seed, uint64_t stream, uint64_t index) {
    return Rng(splitmix(splitmix(seed ^ splitmix(stream * 0xD1B54A32D192ED03ull)) + index));
  }
  uint64_t next() { return g_(); }
  double u01() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double uniform(double a, double b) { return a + (b - a) * u01(); }
  // Skewed toward a: for magnitudes that span a wide range (populations, budgets).
  double skewed(double a, double b) {
    double u = u01();
    return a + (b - a) * u * u;
  }
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  long long range(long long lo, long long hi) { return hi <= lo ? lo : lo + static_cast<long long>(below(static_cast<uint64_t>(hi - lo + 1))); }
  bool chance(double p) { return u01() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }
  std::string bytes(size_t n) {
    std::string s;
    while (s.size() < n) {
      uint64_t x = next();
      for (int i = 0; i < 8 && s.size() < n; ++i) s.push_back(static_cast<char>((x >> (8 * i)) & 0xFF));
    }
    return s;
  }
  std::string hex(size_t n_bytes) { return cds::to_hex(bytes(n_bytes)); }

 private:
  std::mt19937_64 g_;
};

// ============================== Time ==============================

long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, int* y, int* m, int* d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long yy = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yy + (*m <= 2));
}

long long to_days(const cds::Date& d) { return days_from_civil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day)); }
cds::Date from_days(long long z) {
  cds::Date d;
  civil_from_days(z, &d.year, &d.month, &d.day);
  return d;
}

// A local time with its UTC offset: minutes since 1970-01-01T00:00 local, seconds, "+07:00".
struct Stamp {
  long long minute = 0;
  int second = 0;
  std::string offset = "+07:00";
};

std::optional<Stamp> parse_stamp(const std::string& s) {
  // YYYY-MM-DDTHH:MM:SS+HH:MM (or Z)
  auto digits = [&](size_t pos, size_t n, int* out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, mo, d, h, mi, se;
  if (s.size() < 20 || !digits(0, 4, &y) || s[4] != '-' || !digits(5, 2, &mo) || s[7] != '-' || !digits(8, 2, &d) || s[10] != 'T' ||
      !digits(11, 2, &h) || s[13] != ':' || !digits(14, 2, &mi) || s[16] != ':' || !digits(17, 2, &se))
    return std::nullopt;
  if (!cds::is_valid_date(y, mo, d) || h > 23 || mi > 59 || se > 59) return std::nullopt;
  Stamp st;
  std::string off = s.substr(19);
  int oh, om;
  if (off == "Z") {
    st.offset = "Z";
  } else if (off.size() == 6 && (off[0] == '+' || off[0] == '-') && off[3] == ':' && digits(20, 2, &oh) && digits(23, 2, &om) && oh <= 14 &&
             om <= 59) {
    st.offset = off;
  } else {
    return std::nullopt;
  }
  st.minute = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 1440 + h * 60 + mi;
  st.second = se;
  return st;
}

std::string format_stamp(const Stamp& st) {
  long long days = st.minute >= 0 ? st.minute / 1440 : -((-st.minute + 1439) / 1440);
  long long mins = st.minute - days * 1440;
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, static_cast<int>(mins / 60), static_cast<int>(mins % 60), st.second,
                st.offset.c_str());
  return buf;
}

Stamp add_minutes(Stamp st, long long m) {
  st.minute += m;
  return st;
}

// ============================== Names ==============================

std::string nfc(const std::string& s) { return cds::to_nfc_lossy(s); }

const std::vector<std::string> kProvinces = {
    "Tỉnh An Giang", "Tỉnh Bà Rịa - Vũng Tàu", "Tỉnh Bạc Liêu", "Tỉnh Bắc Giang", "Tỉnh Bắc Kạn", "Tỉnh Bắc Ninh", "Tỉnh Bến Tre",
    "Tỉnh Bình Dương", "Tỉnh Bình Định", "Tỉnh Bình Phước", "Tỉnh Bình Thuận", "Tỉnh Cà Mau", "Tỉnh Cao Bằng", "Thành phố Cần Thơ",
    "Thành phố Đà Nẵng", "Tỉnh Đắk Lắk", "Tỉnh Đắk Nông", "Tỉnh Điện Biên", "Tỉnh Đồng Nai", "Tỉnh Đồng Tháp", "Tỉnh Gia Lai",
    "Tỉnh Hà Giang", "Tỉnh Hà Nam", "Thành phố Hà Nội", "Tỉnh Hà Tĩnh", "Tỉnh Hải Dương", "Thành phố Hải Phòng", "Tỉnh Hậu Giang",
    "Tỉnh Hòa Bình", "Thành phố Hồ Chí Minh", "Tỉnh Hưng Yên", "Tỉnh Khánh Hòa", "Tỉnh Kiên Giang", "Tỉnh Kon Tum", "Tỉnh Lai Châu",
    "Tỉnh Lâm Đồng", "Tỉnh Lạng Sơn", "Tỉnh Lào Cai", "Tỉnh Long An", "Tỉnh Nam Định", "Tỉnh Nghệ An", "Tỉnh Ninh Bình",
    "Tỉnh Ninh Thuận", "Tỉnh Phú Thọ", "Tỉnh Phú Yên", "Tỉnh Quảng Bình", "Tỉnh Quảng Nam", "Tỉnh Quảng Ngãi", "Tỉnh Quảng Ninh",
    "Tỉnh Quảng Trị", "Tỉnh Sóc Trăng", "Tỉnh Sơn La", "Tỉnh Tây Ninh", "Tỉnh Thái Bình", "Tỉnh Thái Nguyên", "Tỉnh Thanh Hóa",
    "Thành phố Huế", "Tỉnh Tiền Giang", "Tỉnh Trà Vinh", "Tỉnh Tuyên Quang", "Tỉnh Vĩnh Long", "Tỉnh Vĩnh Phúc", "Tỉnh Yên Bái"};

const std::vector<std::string> kDepartments = {
    "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Công Thương", "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ",
    "Sở Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội", "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường", "Thanh tra tỉnh", "Văn phòng UBND tỉnh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp", "Đài Phát thanh và Truyền hình", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh",
    "Trường Cao đẳng Cộng đồng", "Bảo hiểm xã hội tỉnh", "Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh"};

// Real district-level units of the Mekong delta (before the 2025 reorganisation).
const std::vector<std::string> kDistricts = {
    "huyện Kế Sách", "huyện Châu Thành", "huyện Long Phú", "huyện Cù Lao Dung", "huyện Mỹ Tú", "huyện Mỹ Xuyên", "huyện Thạnh Trị",
    "huyện Trần Đề", "thị xã Vĩnh Châu", "thị xã Ngã Năm", "thành phố Sóc Trăng", "huyện Long Hồ", "huyện Mang Thít",
    "huyện Vũng Liêm", "huyện Tam Bình", "huyện Trà Ôn", "huyện Bình Tân", "thị xã Bình Minh", "thành phố Vĩnh Long",
    "huyện Càng Long", "huyện Cầu Kè", "huyện Tiểu Cần", "huyện Cầu Ngang", "huyện Trà Cú", "huyện Duyên Hải", "thị xã Duyên Hải",
    "thành phố Trà Vinh", "huyện Ba Tri", "huyện Bình Đại", "huyện Chợ Lách", "huyện Giồng Trôm", "huyện Mỏ Cày Nam",
    "huyện Mỏ Cày Bắc", "huyện Thạnh Phú", "thành phố Bến Tre", "huyện Phong Điền", "huyện Cờ Đỏ", "huyện Thới Lai",
    "huyện Vĩnh Thạnh", "huyện Phụng Hiệp", "huyện Vị Thủy", "huyện Long Mỹ", "thị xã Long Mỹ", "thành phố Ngã Bảy",
    "thành phố Vị Thanh", "huyện Hồng Dân", "huyện Phước Long", "huyện Vĩnh Lợi", "huyện Hòa Bình", "huyện Đông Hải",
    "thị xã Giá Rai", "thành phố Bạc Liêu", "huyện Tân Trụ", "huyện Cần Đước", "huyện Cần Giuộc", "huyện Bến Lức", "huyện Đức Hòa",
    "huyện Thủ Thừa"};

// Real commune names (Sóc Trăng, Vĩnh Long, Long An …).
const std::vector<std::string> kCommunes = {
    "Mỹ Hương", "Đại Hải", "Liên Hưng", "Kế An", "Kế Thành", "Ba Trinh", "Thới An Hội", "Nhơn Mỹ", "An Lạc Tây", "Trinh Phú",
    "Xuân Hòa", "Phong Nẫm", "An Mỹ", "Thuận Hòa", "Phú Tâm", "Hồ Đắc Kiện", "Thiện Mỹ", "Phú Tân", "Thạnh Phú", "Hòa Tú",
    "Gia Hòa", "Ngọc Tố", "Tham Đôn", "Đại Tâm", "Tân Hưng", "Song Phụng", "Châu Khánh", "Trường Khánh", "Hậu Thạnh",
    "Lịch Hội Thượng", "Trung Bình", "Liêu Tú", "Viên An", "Tài Văn", "Vĩnh Hải", "Lạc Hòa", "Hòa Đông", "Vĩnh Hiệp", "Lai Hòa",
    "Vĩnh Phước", "Nhựt Thạnh", "Bình Trinh Đông", "Lạc Tấn", "Quê Mỹ Thạnh", "Đức Tân", "Mỹ Bình", "Tân Phước Tây", "Bình Lãng",
    "Long Hòa", "Hòa Ninh", "Thanh Đức", "Tân Hạnh", "Phước Hậu", "Lộc Hòa", "Phú Quới", "Hòa Phú", "Hiếu Phụng", "Trung Thành",
    "Quới Thiện", "Tân Quới Trung", "Mỹ Thuận", "Tân An Luông", "Ngãi Tứ", "Loan Mỹ", "Hựu Thành"};

const std::vector<std::string> kSyllable1 = {"Mỹ", "Phú", "An", "Tân", "Long", "Hòa", "Vĩnh", "Thạnh", "Bình", "Hưng", "Phước", "Thới", "Trung",
                                             "Đại", "Xuân", "Lộc", "Thuận", "Hiệp", "Khánh", "Nhơn", "Song", "Tường", "Quới", "Lương", "Đông"};
const std::vector<std::string> kSyllable2 = {"Hương", "Tâm", "Lợi", "Thành", "Hưng", "Hải", "An", "Thạnh", "Đông", "Tây", "Bình", "Hòa", "Khánh",
                                             "Phú", "Lộc", "Mỹ", "Thuận", "Hiệp", "Phước", "Quới", "Trung", "Tân", "Xuân", "Nghĩa", "Điền"};

std::vector<std::string> syllable_combos() {
  std::vector<std::string> out;
  for (const auto& a : kSyllable1)
    for (const auto& b : kSyllable2)
      if (a != b) out.push_back(a + " " + b);
  return out;
}

// `count` distinct unit names for the rubric's level: real names first (shuffled), then
// real-looking combinations, then the same list again with a number.
std::vector<std::string> build_unit_names(const std::string& level, size_t count, Rng& rng) {
  std::vector<std::string> base;
  std::set<std::string> seen;
  auto add = [&](const std::string& s) {
    if (seen.insert(s).second) base.push_back(s);
  };
  auto combos = syllable_combos();
  if (level == "tinh") {
    auto v = kProvinces;
    rng.shuffle(v);
    for (const auto& s : v) add(s);
  } else if (level == "so") {
    auto v = kDepartments;
    rng.shuffle(v);
    for (const auto& s : v) add(s);
  } else if (level == "huyen") {
    auto v = kDistricts;
    rng.shuffle(v);
    for (const auto& s : v) add("UBND " + s);
    rng.shuffle(combos);
    for (const auto& s : combos) add("UBND huyện " + s);
  } else {
    std::string pre = level == "xa" ? "UBND " : (level == "dang-uy" ? "Đảng ủy " : "");
    auto v = kCommunes;
    rng.shuffle(v);
    std::set<std::string> plain;
    for (const auto& s : v) {
      plain.insert(s);
      add(pre + "xã " + s);
    }
    rng.shuffle(combos);
    for (const auto& s : combos) {
      if (plain.count(s)) continue;
      double u = rng.u01();
      add(pre + (u < 0.85 ? "xã " : (u < 0.95 ? "phường " : "thị trấn ")) + s);
    }
  }
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    std::string s = base[i % base.size()];
    if (i >= base.size()) s += " " + std::to_string(i / base.size() + 1);
    out.push_back(nfc(s));
  }
  return out;
}

std::string code_prefix(const std::string& level) {
  if (level == "tinh") return "TINH";
  if (level == "so") return "SO";
  if (level == "huyen") return "HUYEN";
  if (level == "xa") return "XA";
  std::string p;
  for (char c : cds::ascii_fold(level)) {
    if (c >= 'a' && c <= 'z') p.push_back(static_cast<char>(c - 'a' + 'A'));
    else if (c >= '0' && c <= '9') p.push_back(c);
    else if (!p.empty() && p.back() != '-') p.push_back('-');
  }
  while (!p.empty() && p.back() == '-') p.pop_back();
  return p.empty() ? "DV" : p;
}

const std::vector<std::string> kFamily = {"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng",
                                          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lâm", "Thạch", "Trương", "Châu"};
const std::vector<std::string> kMiddleM = {"Văn", "Minh", "Quốc", "Hữu", "Đức", "Thanh", "Hoàng", "Công", "Tấn"};
const std::vector<std::string> kMiddleF = {"Thị", "Ngọc", "Thanh", "Kim", "Thùy", "Mỹ", "Thị Thu", "Bảo"};
const std::vector<std::string> kGivenM = {"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam",
                                          "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Toàn", "Trung", "Tuấn", "Vinh"};
const std::vector<std::string> kGivenF = {"Anh", "Châu", "Diễm", "Hà", "Hạnh", "Hằng", "Hoa", "Lan", "Linh",
                                          "Mai", "Ngân", "Nhung", "Phương", "Thảo", "Trang", "Trâm", "Vy", "Yến"};

std::vector<std::string> preparer_titles(const std::string& level) {
  if (level == "xa")
    return {"Công chức Văn phòng - Thống kê", "Công chức Văn hóa - Xã hội", "Phó Chủ tịch UBND xã",
            "Công chức Văn phòng - Thống kê, phụ trách chuyển đổi số"};
  if (level == "huyen")
    return {"Chuyên viên Phòng Văn hóa và Thông tin", "Phó Trưởng phòng Văn hóa và Thông tin", "Chuyên viên Văn phòng HĐND và UBND huyện"};
  if (level == "so") return {"Chuyên viên Văn phòng Sở", "Phó Chánh Văn phòng", "Chuyên viên phụ trách công nghệ thông tin"};
  if (level == "tinh")
    return {"Chuyên viên Phòng Chuyển đổi số", "Phó Giám đốc Trung tâm Chuyển đổi số", "Trưởng phòng Chuyển đổi số",
            "Chuyên viên Sở Khoa học và Công nghệ"};
  return {"Chuyên viên", "Cán bộ phụ trách chuyển đổi số"};
}

// Where the rubric comes from, for phone area codes and e-mail domains.
struct Locale {
  std::string area = "0270";
  std::string domain = "gov.vn";
};

Locale locale_for(const std::string& rubric_id) {
  if (rubric_id.rfind("soctrang", 0) == 0) return {"0299", "soctrang.gov.vn"};
  if (rubric_id.rfind("vinhlong", 0) == 0) return {"0270", "vinhlong.gov.vn"};
  if (rubric_id.rfind("nhuthanh", 0) == 0) return {"0272", "longan.gov.vn"};
  return {"024", "gov.vn"};
}

// ============================== Rubric analysis ==============================

enum Level { kTinh = 0, kSo = 1, kHuyen = 2, kXa = 3 };

Level level_of(const std::string& s) {
  if (s == "tinh") return kTinh;
  if (s == "so") return kSo;
  if (s == "xa") return kXa;
  return kHuyen;
}

struct ExprUse {
  const cds::ValueExpr* expr = nullptr;
  const cds::RuleNeeds* node = nullptr;  // what the rule node reading it needs (its curve, target, bands)
};

struct RelativeUse {
  const cds::ValueExpr* value = nullptr;
  std::string best;  // the input holding the best unit's value
};

struct CritInfo {
  std::vector<std::unique_ptr<cds::RuleNeeds>> needs;  // every rule node's, in pre-order (stable addresses)
  std::vector<ExprUse> uses;
  std::map<std::string, double> self_points;  // self_score input → points
  std::vector<RelativeUse> relative;          // relative_to_best nodes
  std::vector<cds::RuleNeeds::Deadline> lates;
  std::set<std::string> refs;  // every input the rule can read
  std::map<std::string, std::string> folded;  // input id → ascii-folded label (+ denominator label)
  std::map<std::string, std::string> folded_den;
};

// What each rule node reads, through the registry of rule kinds (pre-order: a node, then its sub-rules).
void walk_rule(const cds::Rule& r, CritInfo& ci) {
  const cds::RuleKindDef& kind = cds::rule_kind(r.kind);
  ci.needs.push_back(std::make_unique<cds::RuleNeeds>(kind.needs(r)));
  const cds::RuleNeeds& n = *ci.needs.back();
  if (n.value) ci.uses.push_back({n.value, &n});
  for (const auto& id : n.inputs)
    if (!id.empty()) ci.refs.insert(id);
  if (!n.own_score.empty()) ci.self_points[n.own_score] = n.ceiling.to_double();
  if (n.curve == cds::RuleNeeds::Curve::RelativeToBest) ci.relative.push_back({n.value, n.best});
  if (n.deadline) ci.lates.push_back(*n.deadline);
  for (const cds::Rule* sub : kind.sub_rules(r)) walk_rule(*sub, ci);
}

// Inputs the rule reaches with these values (the branch an `if` does not take is left out).
void reached(const cds::Rule& r, const Json& vals, std::set<std::string>& out) {
  const cds::RuleKindDef& kind = cds::rule_kind(r.kind);
  for (const auto& id : kind.needs(r).inputs)
    if (!id.empty()) out.insert(id);
  for (const cds::Rule* sub : kind.sub_rules(r, &vals)) reached(*sub, vals, out);
}

struct Analysis {
  std::vector<CritInfo> crit;
  std::vector<std::vector<size_t>> section_criteria;  // pre-order section → every criterion under it
};

void collect_section(const cds::Section& s, std::vector<std::vector<size_t>>& out) {
  size_t me = out.size();
  out.emplace_back(s.criteria.begin(), s.criteria.end());
  for (const auto& sub : s.sections) {
    size_t first = out.size();
    collect_section(sub, out);
    out[me].insert(out[me].end(), out[first].begin(), out[first].end());
  }
}

Analysis analyse(const cds::Rubric& r) {
  Analysis a;
  for (const auto& c : r.criteria) {
    CritInfo ci;
    walk_rule(c.rule, ci);
    for (const auto& in : c.inputs) {
      ci.folded[in.id] = cds::ascii_fold(in.label + " " + in.unit);
      ci.folded_den[in.id] = cds::ascii_fold(in.den_label.empty() ? in.label : in.den_label);
    }
    a.crit.push_back(std::move(ci));
  }
  for (const auto& s : r.sections) collect_section(s, a.section_criteria);
  return a;
}

// ============================== Answers ==============================

struct Profile {  // the facts of one (imaginary) unit, from its answer stream
  double pop = 0, staff_cc = 0, staff_vc = 0, businesses = 0, tthc = 0;
  double maturity = 1;  // scales how far the unit is along (so units rank differently)
  double answer_rate = 0.9;
};

bool has(const std::string& hay, const char* needle) { return hay.find(needle) != std::string::npos; }

double by_level(Level lv, double t, double s, double h, double x) {
  switch (lv) {
    case kTinh: return t;
    case kSo: return s;
    case kHuyen: return h;
    case kXa: return x;
  }
  return h;
}

Profile make_profile(Level lv, Rng& rng) {
  Profile p;
  p.pop = std::floor(by_level(lv, rng.skewed(700000, 3500000), rng.skewed(700000, 1800000), rng.skewed(60000, 250000), rng.skewed(5000, 30000)));
  p.staff_cc = std::floor(by_level(lv, rng.uniform(1800, 5000), rng.uniform(40, 200), rng.uniform(120, 300), rng.uniform(18, 28)));
  p.staff_vc = std::floor(by_level(lv, rng.uniform(15000, 45000), rng.skewed(20, 800), rng.uniform(1500, 4500), rng.uniform(2, 12)));
  p.businesses = std::floor(by_level(lv, rng.skewed(2500, 15000), rng.skewed(300, 3000), rng.skewed(200, 1800), rng.skewed(10, 150)));
  p.tthc = std::floor(by_level(lv, rng.uniform(1600, 2000), rng.uniform(60, 250), rng.uniform(250, 350), rng.uniform(100, 130)));
  p.maturity = rng.uniform(0.72, 1.12);
  p.answer_rate = rng.uniform(0.85, 0.95);
  return p;
}

// A plausible size for a quantity described by `f` (ascii-folded label).
double magnitude(const std::string& f, Level lv, const Profile& p, Rng& rng) {
  double staff = p.staff_cc + p.staff_vc;
  if (has(f, "tham gia danh gia")) return has(f, "doanh nghiep") ? p.businesses * rng.uniform(0.1, 0.4) : p.pop * rng.uniform(0.004, 0.03);
  if (has(f, "dan so")) return p.pop * ((has(f, "14 tuoi") || has(f, "15 tuoi") || has(f, "truong thanh")) ? rng.uniform(0.74, 0.82) : 1.0);
  if (has(f, "ho gia dinh")) return p.pop / rng.uniform(3.4, 4.1);
  if (has(f, "ho so")) return by_level(lv, rng.skewed(150000, 800000), rng.skewed(3000, 40000), rng.skewed(15000, 60000), rng.skewed(1500, 8000));
  if (has(f, "tai khoan")) return has(f, "doanh nghiep") ? p.businesses * rng.uniform(0.3, 0.9) : p.pop * rng.uniform(0.05, 0.25);
  if (has(f, "grdp")) return rng.skewed(50000, 200000);
  if (has(f, "ngan sach")) return by_level(lv, rng.skewed(15000, 40000), rng.skewed(20000, 300000), rng.skewed(300000, 900000), rng.skewed(8000, 30000));
  if (has(f, "chuyen doi so") || has(f, "hop") || has(f, "khoa") || has(f, "buoi") || has(f, "bao cao") || has(f, "chi dao"))
    return rng.uniform(4, 24);
  if (has(f, "van ban")) return by_level(lv, rng.skewed(30000, 120000), rng.skewed(2000, 8000), rng.skewed(5000, 15000), rng.skewed(1000, 4000));
  if (has(f, "mbps") || has(f, "bang thong")) return by_level(lv, rng.skewed(5000, 20000), rng.skewed(100, 500), rng.skewed(200, 1000), rng.skewed(40, 200));
  if (has(f, "may tinh")) return staff * rng.uniform(0.8, 1.1);
  if (has(f, "cap do 3")) return rng.uniform(3, 20);
  if (has(f, "he thong thong tin") || has(f, "httt") || has(f, "phan mem") || has(f, "csdl") || has(f, "dich vu du lieu"))
    return by_level(lv, rng.uniform(10, 80), rng.uniform(3, 15), rng.uniform(4, 20), rng.uniform(2, 8));
  if (has(f, "dich vu cong") || has(f, "dvc") || has(f, "thu tuc") || has(f, "tthc")) return p.tthc * rng.uniform(0.3, 0.9);
  if (has(f, "doanh nghiep") || has(f, "tieu thuong")) return p.businesses;
  if (has(f, "co so")) return by_level(lv, rng.skewed(200, 2000), rng.skewed(5, 50), rng.skewed(30, 200), rng.skewed(5, 30));
  if (has(f, "so, ban, nganh") || has(f, "so ban nganh")) return rng.uniform(100, 200);
  if (has(f, "cong chuc") || has(f, "cbcc") || has(f, "can bo") || has(f, "vien chuc") || has(f, "nguoi")) return staff;
  if (has(f, "to ")) return by_level(lv, rng.uniform(100, 1200), rng.uniform(2, 10), rng.uniform(20, 120), rng.uniform(4, 18));
  return by_level(lv, rng.skewed(20, 400), rng.skewed(5, 60), rng.skewed(10, 120), rng.skewed(3, 40));
}

Json json_number(double v, int decimals) {
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  long long k = std::llround(v * scale);
  if (decimals == 0 || k % static_cast<long long>(scale) == 0) return Json(k / static_cast<long long>(scale));
  return Json(static_cast<double>(k) / scale);
}
// Rounded down (a numerator must not grow past its denominator when rounded).
Json json_number_down(double v, int decimals) {
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  long long k = static_cast<long long>(std::floor(v * scale + 1e-7));
  if (decimals == 0 || k % static_cast<long long>(scale) == 0) return Json(k / static_cast<long long>(scale));
  return Json(static_cast<double>(k) / scale);
}
int decimals_for(double magnitude) { return magnitude >= 100 ? 1 : 2; }

double as_double(const Json& j) { return j.is_number() ? j.get<double>() : 0.0; }

struct Gen {
  const cds::Rubric& r;
  const Analysis& an;
  Level lv;
  std::optional<cds::Date> from, to;  // dates the answers should fall in
  int year;
};

// General information: numbers from the answer stream (identical for twin units).
Json make_general_numbers(const Gen& g, const std::string& type, const Profile& p, Rng& rng) {
  Json gi = Json::object();
  for (const auto& f : g.r.general_info) gi[f.id] = nullptr;
  double staff_cc = p.staff_cc, staff_vc = p.staff_vc;
  for (const auto& f : g.r.general_info) {
    if (!type.empty() && !f.applies_to.empty() && std::find(f.applies_to.begin(), f.applies_to.end(), type) == f.applies_to.end()) continue;
    const std::string& id = f.id;
    double v = -1;
    int dec = 0;
    if (f.type == InputType::Text) continue;  // filled per unit
    if (has(id, "tuoi_lao_dong")) v = p.pop * rng.uniform(0.55, 0.66);
    else if (has(id, "dan_so")) v = p.pop;
    else if (has(id, "so_ho")) v = p.pop / rng.uniform(3.4, 4.1);
    else if (has(id, "so_thon")) v = by_level(g.lv, rng.uniform(400, 1600), rng.uniform(5, 20), rng.uniform(40, 140), rng.uniform(4, 18));
    else if (has(id, "so_xa")) v = by_level(g.lv, rng.uniform(60, 130), rng.uniform(1, 10), rng.uniform(10, 25), 1);
    else if (has(id, "co_quan_don_vi")) v = by_level(g.lv, rng.uniform(35, 90), rng.uniform(4, 15), rng.uniform(15, 35), rng.uniform(3, 8));
    else if (has(id, "don_vi_truc_thuoc")) v = by_level(g.lv, rng.uniform(30, 80), rng.uniform(3, 15), rng.uniform(15, 40), rng.uniform(2, 6));
    else if (has(id, "cbcc") || has(id, "cong_chuc")) v = staff_cc;
    else if (has(id, "vien_chuc")) v = staff_vc;
    else if (has(id, "may_chu")) v = by_level(g.lv, rng.uniform(20, 150), rng.uniform(1, 12), rng.uniform(2, 15), rng.uniform(0, 2));
    else if (has(id, "may_tram")) v = (staff_cc + (g.lv == kXa ? 0 : staff_vc)) * rng.uniform(0.75, 1.05);
    else if (has(id, "httt")) v = by_level(g.lv, rng.uniform(15, 70), rng.uniform(3, 15), rng.uniform(3, 12), rng.uniform(1, 5));
    else if (has(id, "dnnvv") || has(id, "nho_va_vua")) v = p.businesses * rng.uniform(0.92, 0.98);
    else if (has(id, "doanh_nghiep")) v = p.businesses;
    else if (has(id, "buu_chinh")) v = by_level(g.lv, rng.uniform(120, 500), rng.uniform(5, 20), rng.uniform(10, 40), rng.uniform(1, 3));
    else if (has(id, "chi_nsnn") || has(id, "chi")) {
      v = f.unit.find("tỷ") != std::string::npos
              ? rng.uniform(80, 600)
              : by_level(g.lv, rng.skewed(50000, 300000), rng.skewed(500, 8000), rng.skewed(1000, 15000), rng.skewed(50, 600));
      dec = 1;
    } else if (has(id, "tthc")) v = p.tthc;
    else if (has(id, "toan_trinh")) v = p.tthc * rng.uniform(0.3, 0.6);
    else if (has(id, "mot_phan")) v = p.tthc * rng.uniform(0.15, 0.35);
    if (v < 0) {
      switch (f.type) {
        case InputType::Count: v = magnitude(cds::ascii_fold(f.label), g.lv, p, rng); break;
        case InputType::Number: v = magnitude(cds::ascii_fold(f.label), g.lv, p, rng); dec = 1; break;
        case InputType::Percent: v = rng.uniform(40, 100); dec = 1; break;
        case InputType::YesNo: gi[id] = rng.chance(0.85); continue;
        case InputType::Date: {
          long long lo = g.from ? to_days(*g.from) : days_from_civil(g.year, 1, 1);
          long long hi = g.to ? to_days(*g.to) : days_from_civil(g.year, 12, 31);
          gi[id] = cds::to_iso(from_days(rng.range(lo, hi)));
          continue;
        }
        default: continue;
      }
    }
    if (f.type == InputType::Count) v = std::max(1.0, std::floor(v));
    gi[id] = json_number(v, f.type == InputType::Count ? 0 : dec);
  }
  return gi;
}

// The value a rule compares, drawn around its target or inside one of its bands.
double draw_value(const cds::RuleNeeds* node, double maturity, Rng& rng) {
  using Curve = cds::RuleNeeds::Curve;
  if (!node) return rng.uniform(0.4, 1.0) * maturity;
  switch (node->curve) {
    case Curve::UpToTarget: {
      double t = node->target.to_double();
      return rng.chance(0.12) ? t : t * rng.uniform(0.35, 1.25) * maturity;
    }
    case Curve::StepAtTarget: {
      double t = node->target.to_double();
      return rng.chance(0.12) ? t : t * rng.uniform(0.6, 1.4) * maturity;
    }
    case Curve::Bands: {
      if (node->bands.empty()) return rng.uniform(0.4, 1.0);
      const auto& [min, max] = node->bands[rng.below(node->bands.size())];
      double lo = min ? min->to_double() : 0.0;
      double hi = max ? max->to_double() : (lo > 0 ? lo * 1.5 : 1.0);
      if (min && rng.chance(0.15)) return lo;
      return rng.uniform(lo, hi);
    }
    case Curve::RelativeToBest: return rng.uniform(0.05, 1.0) * maturity;
    case Curve::None: break;
  }
  return rng.uniform(0.4, 1.0) * maturity;
}

double percent_value(Rng& rng, double maturity) {
  double u = rng.u01();
  double v;
  if (u < 0.10) v = 100;
  else if (u < 0.88) v = std::min(100.0, rng.uniform(40, 100) * (0.85 + 0.2 * maturity));
  else v = rng.uniform(5, 40);
  return rng.chance(0.5) ? std::round(v) : std::round(v * 10) / 10;
}

cds::Date clamp_date(cds::Date d, const cds::InputDef& in, const Gen& g, bool to_period) {
  long long z = to_days(d);
  if (to_period && g.from) z = std::max(z, to_days(*g.from));
  if (to_period && g.to) z = std::min(z, to_days(*g.to));
  if (in.min_date) z = std::max(z, to_days(*in.min_date));
  if (in.max_date) z = std::min(z, to_days(*in.max_date));
  return from_days(z);
}

struct CritGen {
  const Gen& g;
  const cds::Criterion& c;
  const CritInfo& ci;
  const Json& gi;
  const Profile& p;
  Rng& rng;
  Json vals = Json::object();

  bool set(const std::string& id) const {
    auto it = vals.find(id);
    return it != vals.end() && !it->is_null();
  }
  double gi_value(const std::string& id) const {
    auto it = gi.find(id);
    return (it != gi.end() && it->is_number()) ? it->get<double>() : -1;
  }
  // Value of a name in a ratio expression (input or gi:), -1 when unknown.
  double named(const std::string& n) const {
    if (n.rfind("gi:", 0) == 0) return gi_value(n.substr(3));
    auto it = vals.find(n);
    if (it == vals.end() || !it->is_number()) return -1;
    const cds::InputDef* in = c.input(n);
    return it->get<double>() / (in && in->type == InputType::Percent ? 100.0 : 1.0);
  }

  Json quantity(const cds::InputDef& in, double v, bool down) {
    if (in.max && in.type != InputType::Percent) v = std::min(v, in.max->to_double());
    double lo = in.min ? in.min->to_double() : 0.0;
    v = std::max(v, lo);
    if (in.type == InputType::Count) return Json(static_cast<long long>(down ? std::floor(v + 1e-7) : std::llround(v)));
    if (in.type == InputType::Percent) return json_number(std::min(v, in.allow_over_100 ? v : 100.0), 1);
    int dec = decimals_for(v);
    return down ? json_number_down(v, dec) : json_number(v, dec);
  }

  // A denominator-like size for an input.
  double size_of(const cds::InputDef& in) {
    if (in.type == InputType::Percent) return percent_value(rng, p.maturity);
    double v = magnitude(ci.folded.at(in.id), g.lv, p, rng);
    return std::max(in.type == InputType::Count ? 1.0 : 0.1, v);
  }

  void gen_ratio_expr(const ExprUse& u) {
    const cds::ValueExpr& e = *u.expr;
    bool all = true;
    for (const auto& n : e.num) all = all && (n.rfind("gi:", 0) == 0 || set(n));
    for (const auto& n : e.den) all = all && (n.rfind("gi:", 0) == 0 || set(n));
    if (all) return;
    double scale = e.scale.is_zero() ? 1.0 : e.scale.to_double();
    double f = draw_value(u.node, p.maturity, rng) / scale;
    if (!e.allow_over_1) f = std::min(f, 1.0);
    f = std::max(f, 0.0);
    std::vector<double> dens;
    double D = 0;
    for (const auto& n : e.den) {
      double d = named(n);
      if (d < 0 && n.rfind("gi:", 0) != 0) {
        const cds::InputDef* in = c.input(n);
        if (!in) continue;
        vals[n] = quantity(*in, size_of(*in), false);
        d = named(n);
      }
      d = std::max(d, 0.0);
      dens.push_back(d);
      D += d;
    }
    std::vector<std::string> free_num;
    double fixed = 0;
    for (const auto& n : e.num) {
      if (n.rfind("gi:", 0) == 0 || set(n)) fixed += std::max(named(n), 0.0);
      else free_num.push_back(n);
    }
    if (free_num.empty()) return;
    bool paired = free_num.size() == e.num.size() && e.num.size() == e.den.size();
    double total = std::max(0.0, f * D - fixed);
    std::vector<double> w(free_num.size());
    double ws = 0;
    for (auto& x : w) ws += (x = rng.uniform(0.3, 1.0));
    for (size_t i = 0; i < free_num.size(); ++i) {
      const cds::InputDef* in = c.input(free_num[i]);
      if (!in) continue;
      double v = paired ? dens[i] * std::min(e.allow_over_1 ? 10.0 : 1.0, f * rng.uniform(0.92, 1.08)) : total * w[i] / ws;
      if (!e.allow_over_1 && paired) v = std::min(v, dens[i]);
      if (in->type == InputType::Percent) v *= 100;
      vals[free_num[i]] = quantity(*in, v, !e.allow_over_1);
    }
  }

  void gen_ratio_input(const cds::InputDef& in, const cds::RuleNeeds* node) {
    double den = -1;
    bool den_from_gi = false;
    if (!in.den_from.empty()) {
      den = gi_value(in.den_from);
      den_from_gi = den > 0;
    }
    if (den <= 0) den = std::max(1.0, std::floor(magnitude(ci.folded_den.at(in.id), g.lv, p, rng)));
    double f = draw_value(node, p.maturity, rng);
    if (!in.allow_over_1) f = std::min(f, 1.0);
    f = std::max(f, 0.0);
    long long num = static_cast<long long>(std::floor(den * f + 1e-7));
    if (!in.allow_over_1) num = std::min<long long>(num, static_cast<long long>(den));
    Json v = Json::object();
    v["num"] = num;
    if (!den_from_gi) v["den"] = static_cast<long long>(den);
    vals[in.id] = v;
  }

  cds::Date random_date(const cds::InputDef& in) {
    long long lo = g.from ? to_days(*g.from) : days_from_civil(g.year, 1, 1);
    long long hi = g.to ? to_days(*g.to) : days_from_civil(g.year, 12, 31);
    return clamp_date(from_days(rng.range(lo, hi)), in, g, true);
  }

  void gen_late(const cds::RuleNeeds::Deadline& l) {
    const cds::InputDef* date_in = c.input(l.date);
    const cds::InputDef* dl_in = l.deadline.empty() ? nullptr : c.input(l.deadline);
    const cds::InputDef* done_in = l.done.empty() ? nullptr : c.input(l.done);
    cds::Date deadline;
    if (l.deadline_date) {
      deadline = *l.deadline_date;
    } else {
      static const int kMonths[][2] = {{1, 31}, {2, 28}, {3, 15}, {3, 31}, {4, 30}, {6, 30}};
      const auto& md = kMonths[rng.below(6)];
      deadline = cds::Date{g.year, md[0], md[1]};
      if (dl_in) deadline = clamp_date(deadline, *dl_in, g, false);
    }
    if (dl_in && !set(dl_in->id)) vals[dl_in->id] = cds::to_iso(deadline);
    bool done = !done_in || rng.chance(0.9);
    if (done_in && !set(done_in->id)) vals[done_in->id] = done;
    if (date_in && done && !set(date_in->id)) {
      long long z = to_days(deadline);
      double u = rng.u01();
      if (u < 0.68) z -= rng.range(0, 40);
      else if (u < 0.85) z += rng.range(1, 45);
      else z += rng.range(46, 200);
      vals[date_in->id] = cds::to_iso(clamp_date(from_days(z), *date_in, g, false));
    }
  }

  Json generic(const cds::InputDef& in, const cds::RuleNeeds* node) {
    switch (in.type) {
      case InputType::YesNo: return rng.chance(0.62 + 0.25 * p.maturity);
      case InputType::Choice: {
        if (in.options.empty()) return nullptr;
        std::vector<size_t> pool;
        for (size_t i = 0; i < in.options.size(); ++i) {
          pool.push_back(i);
          if (in.options[i].printed) pool.insert(pool.end(), {i, i});
        }
        return in.options[pool[rng.below(pool.size())]].value;
      }
      case InputType::Date: return cds::to_iso(random_date(in));
      case InputType::FrequencyCounts: {
        Json o = Json::object();
        std::vector<std::string> keys = in.frequencies;
        if (keys.empty()) keys = {"monthly", "quarterly", "semiannual", "annual"};
        for (const auto& k : keys) o[k] = rng.chance(k == "monthly" ? 0.3 : 0.12) ? rng.range(1, k == "monthly" ? 3 : 1) : 0;
        return o;
      }
      case InputType::Text: {
        static const std::vector<std::string> kTexts = {"Đã triển khai theo kế hoạch", "Đang hoàn thiện", "Đã thực hiện đầy đủ",
                                                        "Thực hiện theo hướng dẫn của tỉnh"};
        return nfc(rng.pick(kTexts));
      }
      case InputType::Percent: return json_number(percent_value(rng, p.maturity), 1);
      case InputType::Ratio: gen_ratio_input(in, node); return vals[in.id];
      case InputType::Count:
      case InputType::Number: {
        auto sp = ci.self_points.find(in.id);
        if (sp != ci.self_points.end()) {
          double pts = sp->second;
          if (in.max) pts = std::min(pts, in.max->to_double());
          double step = pts <= 1 ? 0.05 : 0.25;
          double v = std::floor(pts * rng.uniform(0.3, 1.0) * std::min(1.0, p.maturity) / step + 1e-9) * step;
          return json_number(std::min(v, pts), 2);
        }
        double v;
        if (in.max) {
          double hi = in.max->to_double();
          double lo = in.min ? in.min->to_double() : 0.0;
          v = lo + (hi - lo) * std::min(1.0, rng.uniform(0.3, 1.15) * p.maturity);
        } else if (node) {
          double scale = node->value->scale.is_zero() ? 1.0 : node->value->scale.to_double();
          v = draw_value(node, p.maturity, rng) / scale;
        } else {
          v = size_of(in);
        }
        return quantity(in, v, false);
      }
    }
    return nullptr;
  }

  // Evaluates a value expression over the generated values (for the `best` input).
  std::optional<double> eval(const cds::ValueExpr& e) const {
    double scale = e.scale.is_zero() ? 1.0 : e.scale.to_double();
    switch (e.kind) {
      case cds::ValueExpr::Kind::Input: {
        const cds::InputDef* in = c.input(e.input);
        auto it = vals.find(e.input);
        if (!in || it == vals.end() || it->is_null()) return std::nullopt;
        if (in->type == InputType::Ratio) {
          double num = as_double(it->value("num", Json(0)));
          double den = it->contains("den") ? as_double((*it)["den"]) : gi_value(in->den_from);
          if (den <= 0) return std::nullopt;
          return num / den * scale;
        }
        return as_double(*it) / (in->type == InputType::Percent ? 100.0 : 1.0) * scale;
      }
      case cds::ValueExpr::Kind::Ratio: {
        double n = 0, d = 0;
        for (const auto& x : e.num) n += std::max(0.0, named(x));
        for (const auto& x : e.den) d += std::max(0.0, named(x));
        if (d <= 0) return std::nullopt;
        return n / d * scale;
      }
      case cds::ValueExpr::Kind::Sum: {
        double s = 0;
        for (const auto& x : e.terms) s += std::max(0.0, named(x));
        return s;
      }
    }
    return std::nullopt;
  }

  Json run() {
    vals = Json::object();
    for (const auto& in : c.inputs) vals[in.id] = nullptr;
    for (const auto& l : ci.lates) gen_late(l);
    std::map<std::string, const cds::RuleNeeds*> node_of;  // input → the first rule node reading it directly
    for (const auto& u : ci.uses) {
      if (u.expr->kind == cds::ValueExpr::Kind::Ratio) gen_ratio_expr(u);
      else if (u.expr->kind == cds::ValueExpr::Kind::Input && !node_of.count(u.expr->input)) node_of[u.expr->input] = u.node;
    }
    std::set<std::string> best;
    for (const auto& rel : ci.relative) best.insert(rel.best);
    for (const auto& in : c.inputs) {
      if (set(in.id) || best.count(in.id)) continue;
      auto it = node_of.find(in.id);
      vals[in.id] = generic(in, it == node_of.end() ? nullptr : it->second);
    }
    // The best unit's value: usually left for the receiving office to fill in.
    for (const auto& rel : ci.relative) {
      const cds::InputDef* bi = c.input(rel.best);
      if (!bi || !rng.chance(0.12)) continue;
      auto own = eval(*rel.value);
      if (!own) continue;
      vals[bi->id] = json_number(std::max(0.01, *own * rng.uniform(1.0, 1.6)), 2);
    }
    // Inputs of a branch not taken (an `if`) stay empty, as a person would leave them.
    std::set<std::string> reach;
    reached(c.rule, vals, reach);
    for (const auto& id : ci.refs)
      if (!reach.count(id) && vals.contains(id)) vals[id] = nullptr;
    return vals;
  }
};

bool criterion_invalid(const cds::Rubric& r, size_t i, const cds::Answers& a) {
  cds::ScoreOptions o;
  o.explain = false;
  return cds::score_criterion(r, i, a, o).status == cds::Status::Invalid;
}

// Fills one criterion, re-drawing when the engine finds the values invalid; empty if it never fits.
void fill_criterion(const Gen& g, size_t i, const Json& gi, const Profile& p, Rng& rng, cds::Answers& a) {
  const cds::Criterion& c = g.r.criteria[i];
  if (c.inputs.empty()) return;
  for (int attempt = 0; attempt < 8; ++attempt) {
    CritGen cg{g, c, g.an.crit[i], gi, p, rng};
    a.inputs[c.id] = cg.run();
    if (!criterion_invalid(g.r, i, a)) return;
  }
  Json empty = Json::object();
  for (const auto& in : c.inputs) empty[in.id] = nullptr;
  a.inputs[c.id] = empty;
}

bool answered_any(const Json& obj) {
  if (!obj.is_object()) return false;
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!it->is_null()) return true;
  return false;
}

// ============================== Units ==============================

enum class Fate { Valid, TamperScore, TamperInput, BadSignature, Garbage, ScoreMismatch, Untrusted, Missing };

const char* fate_why(Fate f) {
  switch (f) {
    case Fate::TamperScore: return "tampered-score";
    case Fate::TamperInput: return "tampered-input";
    case Fate::BadSignature: return "bad-signature";
    case Fate::Garbage: return "garbage";
    case Fate::ScoreMismatch: return "score-mismatch";
    case Fate::Untrusted: return "untrusted-key";
    default: return "";
  }
}

struct UnitPlan {
  size_t index = 0;
  size_t answer_src = 0;  // units sharing an answer source give identical answers (ties)
  std::string code, name, type;
  Fate fate = Fate::Valid;
  bool superseded = false, duplicate = false, countersign = false;
  Stamp created;
};

struct FileOut {
  std::string file, unit_code, expect, why, signed_sha256, created;
};

struct UnitOut {
  std::string prep_pub, head_pub;
  std::vector<FileOut> files;
  std::string error;
};

struct Ctx {
  const cds::Rubric& r;
  std::string rubric_sha;
  const Analysis& an;
  Gen gen;
  uint64_t seed;
  Locale loc;
  std::string level;
  fs::path out;
};

std::string person_name(Rng& rng) {
  bool female = rng.chance(0.5);
  return nfc(rng.pick(kFamily) + " " + rng.pick(female ? kMiddleF : kMiddleM) + " " + rng.pick(female ? kGivenF : kGivenM));
}

std::string phone(const Locale& loc, Rng& rng) {
  char buf[40];
  if (rng.chance(0.5)) {
    std::snprintf(buf, sizeof buf, "%s 3%03d %03d", loc.area.c_str(), static_cast<int>(rng.below(1000)), static_cast<int>(rng.below(1000)));
  } else {
    static const char* kPre[] = {"090", "091", "093", "094", "096", "097", "098", "083", "088", "070", "077", "079"};
    std::snprintf(buf, sizeof buf, "%s %03d %04d", kPre[rng.below(12)], static_cast<int>(rng.below(1000)), static_cast<int>(rng.below(10000)));
  }
  return buf;
}

std::string email_for(const std::string& person, const Locale& loc, Rng& rng) {
  std::vector<std::string> parts;
  std::istringstream ss(cds::ascii_fold(person));
  for (std::string w; ss >> w;) parts.push_back(w);
  if (parts.empty()) return "";
  std::string e = parts.back();
  for (size_t i = 0; i + 1 < parts.size(); ++i) e.push_back(parts[i][0]);
  if (rng.chance(0.3)) e += std::to_string(rng.range(1, 99));
  return e + "@" + loc.domain;
}

std::string web_slug(const std::string& name) {
  std::string out;
  for (char ch : cds::ascii_fold(name))
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out.push_back(ch);
  return out;
}

std::string strip_prefix(const std::string& name) {
  for (const char* p : {"UBND ", "Tỉnh ", "Thành phố "})
    if (name.rfind(p, 0) == 0) return name.substr(std::strlen(p));
  return name;
}

const std::vector<std::string> kNotes = {
    "Số liệu trích từ Hệ thống quản lý văn bản và điều hành ngày %D.",
    "Số liệu theo báo cáo thống kê của Văn phòng HĐND và UBND.",
    "Đã đối chiếu với số liệu trên Cổng Dịch vụ công của tỉnh ngày %D.",
    "Số liệu tạm tính đến ngày %D, sẽ cập nhật khi có báo cáo chính thức.",
    "Xem tài liệu kiểm chứng kèm theo.",
    "Số liệu do bộ phận Một cửa cung cấp.",
    "Theo kết quả rà soát của Tổ công nghệ số cộng đồng."};
// Document references: the number's kind suffix matches the title.
const std::vector<std::pair<std::string, std::string>> kEvidenceDocs = {
    {"KH-UBND", "Kế hoạch chuyển đổi số năm %Y"},
    {"BC-UBND", "Báo cáo kết quả thực hiện chuyển đổi số năm %Y"},
    {"QĐ-UBND", "Quyết định kiện toàn Ban Chỉ đạo chuyển đổi số"},
    {"KH-UBND", "Kế hoạch tuyên truyền về chuyển đổi số năm %Y"},
    {"BC-VP", "Báo cáo thống kê dịch vụ công trực tuyến"},
    {"QĐ-UBND", "Quyết định phê duyệt cấp độ an toàn hệ thống thông tin"},
    {"QĐ-UBND", "Quyết định thành lập Tổ công nghệ số cộng đồng"},
    {"BB-KT", "Biên bản kiểm tra an toàn thông tin mạng"},
    {"TB-VP", "Thông báo kết luận của Ban Chỉ đạo chuyển đổi số"},
    {"CV-UBND", "Công văn đôn đốc triển khai dịch vụ công trực tuyến toàn trình"}};
const std::vector<std::string> kFileNames = {"ke-hoach-cds-%Y.pdf", "bao-cao-so-lieu.xlsx", "anh-chup-man-hinh-he-thong.png",
                                             "bien-ban-hop-bcd.pdf",  "danh-sach-to-cnscd.xlsx", "quyet-dinh-kien-toan.pdf",
                                             "thong-ke-dvctt.xlsx",   "bao-cao-attt.docx"};

std::string subst(std::string s, const std::string& date, int year) {
  for (size_t p; (p = s.find("%D")) != std::string::npos;) s.replace(p, 2, date);
  for (size_t p; (p = s.find("%Y")) != std::string::npos;) s.replace(p, 2, std::to_string(year));
  return s;
}

cds::Date random_period_date(const Gen& g, Rng& rng) {
  long long lo = g.from ? to_days(*g.from) : days_from_civil(g.year, 1, 1);
  long long hi = g.to ? to_days(*g.to) : days_from_civil(g.year, 12, 31);
  return from_days(rng.range(lo, hi));
}

// The unit's complete answers: numbers from the answer stream, everything personal from the unit stream.
// Exclusive groups ("exclusive" in the rubric): a unit claims at most one member (exactly one when
// every member is answered and the group says so). Criteria are drawn one by one, so two members
// may both come out claimed, or none; this settles each group as a real unit would answer it: one
// member kept (yes/no inputs set to yes), the others answered "no" or left empty.
void settle_exclusive(const cds::Rubric& r, Rng& rng, cds::Answers& a) {
  cds::ScoreOptions o;
  o.explain = false;
  auto claimed = [&](size_t i) {
    auto cs = cds::score_criterion(r, i, a, o);
    return cs.status == cds::Status::Answered && !cs.score.is_zero();
  };
  auto answered = [&](size_t i) { return answered_any(a.inputs[r.criteria[i].id]); };
  auto set_yesno = [&](size_t i, bool v) {
    bool any = false;
    for (const auto& in : r.criteria[i].inputs)
      if (in.type == InputType::YesNo) a.inputs[r.criteria[i].id][in.id] = v, any = true;
    return any;
  };
  auto clear = [&](size_t i) {
    for (auto it = a.inputs[r.criteria[i].id].begin(); it != a.inputs[r.criteria[i].id].end(); ++it) *it = nullptr;
  };
  for (const auto& g : r.exclusive) {
    std::vector<size_t> members;
    for (const auto& id : g.criteria)
      if (const cds::Criterion* c = r.criterion(id)) members.push_back(static_cast<size_t>(c - r.criteria.data()));
    if (members.empty()) continue;
    std::vector<size_t> on;
    for (size_t i : members)
      if (claimed(i)) on.push_back(i);
    bool all_answered = std::all_of(members.begin(), members.end(), answered);
    if (on.empty() && !(g.exactly_one && all_answered)) continue;
    size_t keep = on.empty() ? members[rng.below(members.size())] : on[rng.below(on.size())];
    if (!claimed(keep)) set_yesno(keep, true);
    if (!claimed(keep)) clear(keep);  // no yes/no to turn on: leave the group unanswered rather than refused
    for (size_t i : members) {
      if (i == keep || !answered(i)) continue;
      if (!set_yesno(i, false) || claimed(i)) clear(i);
    }
  }
}

cds::Answers make_answers(const Ctx& x, const UnitPlan& u, const Stamp& created) {
  const cds::Rubric& r = x.r;
  Rng ar = Rng::derive(x.seed, kAnswerStream, u.answer_src);
  Rng ur = Rng::derive(x.seed, kUnitStream, u.index);
  Profile p = make_profile(x.gen.lv, ar);
  cds::Answers a = cds::answers_template(r);
  a.unit = {u.name, u.code, u.type};
  if (r.period_from && r.period_to) a.period = cds::format_date(*r.period_from) + " – " + cds::format_date(*r.period_to);
  else a.period = std::to_string(r.year);
  std::string person = person_name(ur);
  a.preparer.name = person;
  a.preparer.title = nfc(ur.pick(preparer_titles(x.level)));
  a.preparer.phone = phone(x.loc, ur);
  a.preparer.email = ur.chance(0.8) ? email_for(person, x.loc, ur) : "";
  a.general_info = make_general_numbers(x.gen, u.type, p, ar);
  for (const auto& f : r.general_info) {
    if (f.type != InputType::Text) continue;
    if (!u.type.empty() && !f.applies_to.empty() && std::find(f.applies_to.begin(), f.applies_to.end(), u.type) == f.applies_to.end()) continue;
    std::string v;
    if (has(f.id, "ten")) v = u.name;
    else if (has(f.id, "dia_chi")) v = nfc("Số " + std::to_string(ur.range(1, 250)) + ", đường " + ur.pick(kCommunes) + ", " + strip_prefix(u.name));
    else if (has(f.id, "website")) v = "https://" + web_slug(strip_prefix(u.name)) + (x.gen.lv == kTinh ? ".gov.vn" : "." + x.loc.domain);
    else if (has(f.id, "dau_moi")) v = person + " - " + a.preparer.title;
    else if (has(f.id, "dien_thoai")) v = a.preparer.phone;
    else if (has(f.id, "email")) v = a.preparer.email;
    if (!v.empty()) a.general_info[f.id] = nfc(v);
  }
  // The unit answers a share of the criteria (85–95 %); the rest stay empty.
  std::vector<size_t> with_inputs;
  for (size_t i = 0; i < r.criteria.size(); ++i)
    if (!r.criteria[i].inputs.empty()) with_inputs.push_back(i);
  ar.shuffle(with_inputs);
  with_inputs.resize(std::min(with_inputs.size(), static_cast<size_t>(std::llround(p.answer_rate * static_cast<double>(with_inputs.size())))));
  std::sort(with_inputs.begin(), with_inputs.end());
  for (size_t i : with_inputs) fill_criterion(x.gen, i, a.general_info, p, ar, a);
  settle_exclusive(r, ar, a);
  // Notes and evidence for answered criteria.
  for (const auto& c : r.criteria) {
    if (!answered_any(a.inputs[c.id])) continue;
    if (ur.chance(0.08)) a.notes[c.id] = nfc(subst(ur.pick(kNotes), cds::format_date(random_period_date(x.gen, ur)), x.gen.year));
    if (ur.chance(0.35)) {
      int k = static_cast<int>(ur.range(1, 2));
      for (int j = 0; j < k; ++j) {
        cds::EvidenceItem e;
        if (ur.chance(0.6)) {
          e.kind = "ref";
          const auto& doc = ur.pick(kEvidenceDocs);
          e.number = nfc(std::to_string(ur.range(1, 480)) + "/" + doc.first);
          e.date = cds::to_iso(random_period_date(x.gen, ur));
          e.title = nfc(subst(doc.second, "", x.gen.year));
          if (ur.chance(0.3)) e.link = "https://" + x.loc.domain + "/van-ban/" + std::to_string(ur.range(1000, 99999));
        } else {
          e.kind = "file";
          e.name = subst(ur.pick(kFileNames), "", x.gen.year);
          e.size = ur.range(18000, 4500000);
          e.sha256 = ur.hex(32);
        }
        a.evidence[c.id].push_back(e);
      }
    }
  }
  a.updated = format_stamp(add_minutes(created, -ur.range(3, 240)));
  return a;
}

// An earlier draft of the same answers: a few criteria not yet answered or with other figures.
cds::Answers earlier_version(const Ctx& x, const UnitPlan& u, const cds::Answers& final_a, const Stamp& created) {
  Rng er = Rng::derive(x.seed, kEarlierStream, u.index);
  Rng ar = Rng::derive(x.seed, kAnswerStream, u.answer_src);
  Profile p = make_profile(x.gen.lv, ar);
  cds::Answers a = final_a;
  std::vector<size_t> answered;
  for (size_t i = 0; i < x.r.criteria.size(); ++i)
    if (answered_any(a.inputs[x.r.criteria[i].id])) answered.push_back(i);
  er.shuffle(answered);
  size_t k = std::min<size_t>(answered.size(), static_cast<size_t>(er.range(1, 4)));
  for (size_t j = 0; j < k; ++j) {
    const cds::Criterion& c = x.r.criteria[answered[j]];
    if (j == 0 || er.chance(0.5)) {
      for (auto it = a.inputs[c.id].begin(); it != a.inputs[c.id].end(); ++it) *it = nullptr;
      a.notes.erase(c.id);
      a.evidence.erase(c.id);
    } else {
      fill_criterion(x.gen, answered[j], a.general_info, p, er, a);
    }
  }
  settle_exclusive(x.r, er, a);
  a.updated = format_stamp(add_minutes(created, -er.range(3, 120)));
  return a;
}

std::string signed_hash(const Json& doc) {
  auto bytes = cds::jcs(doc["signed"]);
  return bytes ? cds::sha256_hex(*bytes) : std::string();
}

Json sign(const Json& part, bool countersign, const cds::KeyPair& prep, const cds::KeyPair& head) {
  Json doc = *cds::make_submission(part, prep);
  if (countersign) cds::add_signature(doc, "head", head);
  return doc;
}

Json score_json(const Num& n) {
  if (n.is_integer()) return static_cast<long long>(n.num());
  return n.to_double();
}

// Raises (or lowers) one claimed criterion score, with the section and total figures changed to
// match, as someone editing the file by hand would.
void edit_claimed_score(const Ctx& x, Json& part, Rng& rng) {
  Json& scores = part["scores"];
  Json& crit = scores["criteria"];
  std::vector<size_t> cand, any;
  for (size_t i = 0; i < crit.size(); ++i) {
    if (crit[i]["score"] != crit[i]["max"]) {
      any.push_back(i);
      if (crit[i]["status"] == "answered") cand.push_back(i);
    }
  }
  if (cand.empty()) cand = any;
  if (cand.empty()) {  // every criterion at its maximum: claim one point more in total
    scores["total"] = score_json(*cds::json_num(scores["total"]) + Num(1));
    return;
  }
  size_t i = cand[rng.below(cand.size())];
  Num old = cds::json_num(crit[i]["score"]).value_or(Num(0));
  Num mx = cds::json_num(crit[i]["max"]).value_or(Num(0));
  Num delta = mx - old;
  crit[i]["score"] = crit[i]["max"];
  crit[i]["status"] = "answered";
  auto bump = [&](Json& j, const char* key) { j[key] = score_json(cds::json_num(j[key]).value_or(Num(0)) + delta); };
  bump(scores, "total");
  switch (x.r.criteria[i].category) {
    case cds::Category::Regular: bump(scores, "regular"); break;
    case cds::Category::Bonus: bump(scores, "bonus"); break;
    case cds::Category::Penalty: bump(scores, "penalty"); break;
  }
  Json& secs = scores["sections"];
  for (size_t s = 0; s < x.an.section_criteria.size() && s < secs.size(); ++s) {
    const auto& members = x.an.section_criteria[s];
    if (std::find(members.begin(), members.end(), i) != members.end()) bump(secs[s], "score");
  }
}

// Changes one entered figure inside the signed answers.
void edit_input(const Ctx& x, Json& part, Rng& rng) {
  Json& inputs = part["answers"]["inputs"];
  std::vector<std::pair<std::string, std::string>> cand;
  for (const auto& c : x.r.criteria) {
    auto it = inputs.find(c.id);
    if (it == inputs.end() || !it->is_object()) continue;
    for (const auto& in : c.inputs) {
      auto v = it->find(in.id);
      if (v != it->end() && !v->is_null() && in.type != InputType::Text) cand.emplace_back(c.id, in.id);
    }
  }
  if (cand.empty()) {  // nothing entered: add a remark after signing
    part["answers"]["notes"][x.r.criteria.front().id] = "Đã bổ sung số liệu";
    return;
  }
  auto [cid, iid] = cand[rng.below(cand.size())];
  const cds::InputDef* in = x.r.criterion(cid)->input(iid);
  Json& v = inputs[cid][iid];
  switch (in->type) {
    case InputType::YesNo: v = !v.get<bool>(); break;
    case InputType::Choice: {
      for (const auto& o : in->options)
        if (o.value != v.get<std::string>()) {
          v = o.value;
          break;
        }
      if (in->options.size() < 2) v = v.get<std::string>() + " ";
      break;
    }
    case InputType::Date: {
      auto d = cds::parse_iso_date(v.get<std::string>());
      v = d ? cds::to_iso(from_days(to_days(*d) - 30)) : "2000-01-01";
      break;
    }
    case InputType::Ratio: {
      long long n = v.value("num", Json(0)).is_number_integer() ? v["num"].get<long long>() : 0;
      v["num"] = n > 0 ? n - 1 : n + 1;
      break;
    }
    case InputType::FrequencyCounts: {
      std::string k = in->frequencies.empty() ? "monthly" : in->frequencies.front();
      long long was = v.value(k, Json(0)).is_number_integer() ? v[k].get<long long>() : 0;
      v[k] = was > 0 ? was - 1 : was + 1;
      break;
    }
    case InputType::Percent: {
      double d = v.get<double>();
      v = json_number(d >= 90 ? d - 10 : d + 10, 1);
      break;
    }
    default: {
      double d = v.get<double>();
      if (v.is_number_integer() || v.is_number_unsigned()) v = static_cast<long long>(d) + (d >= 1 ? -1 : 1);
      else v = json_number(d > 0.05 ? d * 0.9 : d + 0.1, 2);
      break;
    }
  }
}

void flip_signature_byte(Json& doc, Rng& rng) {
  Json& s = doc["signatures"][0];
  auto raw = cds::from_base64(s["sig"].get<std::string>());
  std::string sig = raw ? *raw : std::string(64, '\0');
  sig[rng.below(sig.size())] ^= static_cast<char>(1u << rng.below(8));
  s["sig"] = cds::to_base64(sig);
}

bool write_bytes(const fs::path& p, const std::string& bytes, std::string* err) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  if (f) f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) {
    *err = "không ghi được tệp / cannot write the file " + p.string();
    return false;
  }
  return true;
}

UnitOut run_unit(const Ctx& x, const UnitPlan& u) {
  UnitOut out;
  Rng kr = Rng::derive(x.seed, kKeyStream, u.index);
  cds::KeyPair prep = cds::keypair_from_seed(kr.bytes(32));
  cds::KeyPair head = cds::keypair_from_seed(kr.bytes(32));
  cds::KeyPair rogue = cds::keypair_from_seed(kr.bytes(32));
  out.prep_pub = prep.public_key;
  out.head_pub = head.public_key;
  if (u.fate == Fate::Missing) return out;

  Rng tr = Rng::derive(x.seed, kTamperStream, u.index);  // times and tampering choices
  std::set<std::string> names;
  auto emit = [&](const Json& doc, const std::string& text, const std::string& expect, const std::string& why, const std::string& hash) {
    std::string name = cds::submission_file_name(doc);
    if (names.count(name)) {
      std::string stem = name.substr(0, name.size() - 5);
      for (int k = 2; names.count(name); ++k) name = stem + "-" + std::to_string(k) + ".json";
    }
    names.insert(name);
    if (!write_bytes(x.out / name, text, &out.error)) return;
    out.files.push_back({name, u.code, expect, why, hash, doc["signed"].value("created", "")});
  };

  cds::Answers a = make_answers(x, u, u.created);
  std::string created = format_stamp(u.created);

  if (u.superseded) {
    Stamp early = add_minutes(u.created, -(60 * tr.range(2, 96) + tr.range(0, 59)));
    cds::Answers ea = earlier_version(x, u, a, early);
    Json part = cds::build_signed_part(x.r, x.rubric_sha, ea, format_stamp(early), cds::kVersion);
    Json doc = sign(part, u.countersign, prep, head);
    emit(doc, cds::submission_to_text(doc), "superseded", "earlier-version", signed_hash(doc));
  }

  Json part = cds::build_signed_part(x.r, x.rubric_sha, a, created, cds::kVersion);
  for (const auto& c : part["scores"]["criteria"])
    if (c["status"] == "invalid")
      out.error = "lỗi nội bộ / internal error: " + u.code + ", " + c["id"].get<std::string>() + ": invalid";

  switch (u.fate) {
    case Fate::Valid: {
      Json doc = sign(part, u.countersign, prep, head);
      std::string text = cds::submission_to_text(doc);
      std::string hash = signed_hash(doc);
      emit(doc, text, "valid", "", hash);
      if (u.duplicate) emit(doc, text, "duplicate", "copy", hash);
      break;
    }
    case Fate::Untrusted: {
      Json doc = *cds::make_submission(part, rogue);
      emit(doc, cds::submission_to_text(doc), "invalid", fate_why(u.fate), signed_hash(doc));
      break;
    }
    case Fate::TamperScore: {
      Json doc = sign(part, u.countersign, prep, head);
      edit_claimed_score(x, doc["signed"], tr);
      emit(doc, cds::submission_to_text(doc), "invalid", fate_why(u.fate), signed_hash(doc));
      break;
    }
    case Fate::TamperInput: {
      Json doc = sign(part, u.countersign, prep, head);
      edit_input(x, doc["signed"], tr);
      emit(doc, cds::submission_to_text(doc), "invalid", fate_why(u.fate), signed_hash(doc));
      break;
    }
    case Fate::BadSignature: {
      Json doc = sign(part, u.countersign, prep, head);
      flip_signature_byte(doc, tr);
      emit(doc, cds::submission_to_text(doc), "invalid", fate_why(u.fate), signed_hash(doc));
      break;
    }
    case Fate::Garbage: {
      Json doc = sign(part, u.countersign, prep, head);
      std::string text = cds::submission_to_text(doc);
      size_t cut = static_cast<size_t>(static_cast<double>(text.size()) * tr.uniform(0.3, 0.7));
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a whole character
      emit(doc, text.substr(0, cut), "invalid", fate_why(u.fate), "");
      break;
    }
    case Fate::ScoreMismatch: {
      Json edited = part;
      edit_claimed_score(x, edited, tr);
      Json doc = sign(edited, u.countersign, prep, head);
      emit(doc, cds::submission_to_text(doc), "invalid", fate_why(u.fate), signed_hash(doc));
      break;
    }
    case Fate::Missing: break;
  }
  return out;
}

// ============================== Command line ==============================

struct Options {
  std::string rubric, out;
  long long n = -1;
  uint64_t seed = 1;
  double tampered = 0.03, duplicates = 0.03, superseded = 0.05, missing = 0.02, untrusted = 0.01, countersign = 0.5;
  std::string created = "2026-11-20T08:00:00+07:00";
  int threads = 2;
  bool quiet = false;
};

bool parse_fraction(const std::string& name, const std::string& v, double* out) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(d >= 0 && d <= 1)) {
    fail_usage(name + " cần một tỷ lệ từ 0 đến 1 (ví dụ 0.03), không phải \"" + v + "\"",
               name + " needs a fraction between 0 and 1 (e.g. 0.03), not \"" + v + "\"");
    return false;
  }
  *out = d;
  return true;
}

bool parse_integer(const std::string& name, const std::string& v, long long lo, long long hi, long long* out) {
  char* end = nullptr;
  errno = 0;
  long long d = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno || d < lo || d > hi) {
    fail_usage(name + " cần một số nguyên từ " + std::to_string(lo) + " đến " + std::to_string(hi) + ", không phải \"" + v + "\"",
               name + " needs a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not \"" + v + "\"");
    return false;
  }
  *out = d;
  return true;
}

// 0 = parsed, 1 = --help printed, 2 = usage error (message printed).
int parse_options(int argc, char** argv, Options* o) {
  static const std::set<std::string> kValued = {"--rubric", "--n", "--out", "--seed", "--tampered", "--duplicates", "--superseded",
                                                "--missing", "--untrusted", "--countersign", "--created", "--threads"};
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      std::fputs(kUsage, stdout);
      return 1;
    }
    if (s == "--quiet") {
      o->quiet = true;
      continue;
    }
    std::string name = s, value;
    auto eq = s.find('=');
    if (s.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = s.substr(0, eq);
      value = s.substr(eq + 1);
    }
    if (!kValued.count(name)) {
      fail_usage("Tùy chọn không hợp lệ: " + s, "Unknown option: " + s);
      return 2;
    }
    if (eq == std::string::npos) {
      if (i + 1 >= argc) {
        fail_usage("Tùy chọn " + name + " cần một giá trị", "Option " + name + " needs a value");
        return 2;
      }
      value = argv[++i];
    }
    long long iv = 0;
    if (name == "--rubric") o->rubric = value;
    else if (name == "--out") o->out = value;
    else if (name == "--created") o->created = value;
    else if (name == "--n") {
      if (!parse_integer(name, value, 1, 10000000, &iv)) return 2;
      o->n = iv;
    } else if (name == "--threads") {
      if (!parse_integer(name, value, 1, 256, &iv)) return 2;
      o->threads = static_cast<int>(iv);
    } else if (name == "--seed") {
      char* end = nullptr;
      errno = 0;
      unsigned long long sv = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || value[0] == '-' || *end != '\0' || errno) {
        fail_usage("--seed cần một số nguyên không âm, không phải \"" + value + "\"", "--seed needs a non-negative whole number, not \"" + value + "\"");
        return 2;
      }
      o->seed = sv;
    } else {
      double* target = name == "--tampered"     ? &o->tampered
                       : name == "--duplicates" ? &o->duplicates
                       : name == "--superseded" ? &o->superseded
                       : name == "--missing"    ? &o->missing
                       : name == "--untrusted"  ? &o->untrusted
                                                : &o->countersign;
      if (!parse_fraction(name, value, target)) return 2;
    }
  }
  if (o->rubric.empty() || o->out.empty() || o->n < 0) {
    std::fputs(kUsage, stderr);
    fail_usage("Cần --rubric, --n và --out", "--rubric, --n and --out are required");
    return 2;
  }
  if (o->tampered + o->untrusted > 1.0) {
    fail_usage("--tampered cộng --untrusted không được vượt 1", "--tampered plus --untrusted must not exceed 1");
    return 2;
  }
  if (!parse_stamp(o->created)) {
    fail_usage("--created cần dạng 2026-11-20T08:00:00+07:00, không phải \"" + o->created + "\"",
               "--created needs the form 2026-11-20T08:00:00+07:00, not \"" + o->created + "\"");
    return 2;
  }
  return 0;
}

size_t share(double p, size_t n) { return static_cast<size_t>(std::llround(p * static_cast<double>(n))); }

// ============================== The run ==============================

// The rubric file's exact bytes (their SHA-256 goes into every submission); false after a message.
bool read_rubric_file(const std::string& path, std::string* bytes) {
  std::error_code ec;
  std::ifstream f(path, std::ios::binary);
  if (fs::is_directory(path, ec) || !f) {
    fail(path + ": không mở được tệp tiêu chí", path + ": cannot open the rubric file");
    return false;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  *bytes = ss.str();
  return true;
}

// Units: codes, names, types; the first n submit, the rest only appear in the trust list.
std::vector<UnitPlan> plan_units(const cds::Rubric& r, size_t n, size_t total_units, Rng& plan) {
  std::vector<std::string> names = build_unit_names(r.unit_level, total_units, plan);
  size_t width = std::max<size_t>(4, std::to_string(total_units).size());
  std::string type;
  for (const auto& [id, label] : r.unit_types)
    if (id == r.unit_level) type = id;
  if (type.empty() && r.unit_types.size() == 1) type = r.unit_types[0].first;
  std::vector<UnitPlan> units(total_units);
  for (size_t i = 0; i < total_units; ++i) {
    UnitPlan& u = units[i];
    u.index = i;
    u.answer_src = i;
    std::string num = std::to_string(i + 1);
    u.code = code_prefix(r.unit_level) + "-" + std::string(width - num.size(), '0') + num;
    u.name = names[i];
    u.type = type.empty() && !r.unit_types.empty() ? r.unit_types[plan.below(r.unit_types.size())].first : type;
    if (i >= n) u.fate = Fate::Missing;
  }
  return units;
}

// Who submits what: tampered and untrusted units, superseded and duplicate files, countersigning,
// shared answers (ties) and the order of submission times.
void plan_fates(const Options& o, size_t n, std::vector<UnitPlan>& units, Rng& plan) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  plan.shuffle(order);
  size_t n_tampered = std::min(share(o.tampered, n), n);
  size_t n_untrusted = std::min(share(o.untrusted, n), n - n_tampered);
  std::vector<size_t> tampered(order.begin(), order.begin() + static_cast<long>(n_tampered));
  std::sort(tampered.begin(), tampered.end());
  static const Fate kKinds[] = {Fate::TamperScore, Fate::TamperInput, Fate::BadSignature, Fate::Garbage, Fate::ScoreMismatch};
  for (size_t k = 0; k < tampered.size(); ++k) units[tampered[k]].fate = kKinds[k % 5];
  for (size_t k = n_tampered; k < n_tampered + n_untrusted; ++k) units[order[k]].fate = Fate::Untrusted;
  std::vector<size_t> valid(order.begin() + static_cast<long>(n_tampered + n_untrusted), order.end());
  std::sort(valid.begin(), valid.end());
  {
    std::vector<size_t> pool = valid;
    plan.shuffle(pool);
    size_t k = std::min(share(o.superseded, n), pool.size());
    for (size_t j = 0; j < k; ++j) units[pool[j]].superseded = true;
    plan.shuffle(pool);
    k = std::min(share(o.duplicates, n), pool.size());
    for (size_t j = 0; j < k; ++j) units[pool[j]].duplicate = true;
  }
  for (size_t i = 0; i < n; ++i) {
    units[i].countersign = plan.chance(o.countersign);
    // About 3 % of units enter exactly the same figures as an earlier unit: ties in the ranking.
    if (i > 0 && plan.chance(0.03)) units[i].answer_src = units[plan.below(i)].answer_src;
  }
  std::vector<size_t> when(n);
  for (size_t i = 0; i < n; ++i) when[i] = i;
  plan.shuffle(when);
  Stamp t = *parse_stamp(o.created);
  for (size_t i : when) {
    t = add_minutes(t, plan.range(1, 4));
    units[i].created = t;
  }
}

// The work: one unit at a time, any thread (the output does not depend on which).
std::vector<UnitOut> run_units(const Ctx& x, const std::vector<UnitPlan>& units, int threads) {
  std::vector<UnitOut> results(units.size());
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    for (size_t i; (i = next.fetch_add(1)) < units.size();) {
      try {
        results[i] = run_unit(x, units[i]);
      } catch (const std::exception& e) {
        results[i].error = std::string("lỗi không mong đợi / unexpected error: ") + e.what();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return results;
}

// trust.json and manifest.json; counts what each file is expected to be. False after a message.
bool write_trust_and_manifest(const Ctx& x, const Options& o, size_t n, const std::vector<UnitPlan>& units,
                              const std::vector<UnitOut>& results, size_t* file_count, std::map<std::string, size_t>* counts) {
  Json trust = {{"format", cds::kTrustFormat}, {"units", Json::array()}};
  Json manifest = Json::object();
  manifest["format"] = kManifestFormat;
  manifest["rubric"] = {{"id", x.r.id}, {"version", x.r.version}, {"sha256", x.rubric_sha}};
  manifest["seed"] = o.seed;
  manifest["units"] = n;
  Json files = Json::array();
  Json missing = Json::array();
  for (size_t i = 0; i < units.size(); ++i) {
    const UnitPlan& u = units[i];
    const UnitOut& res = results[i];
    Json keys = Json::array();
    keys.push_back({{"key_id", cds::key_id(res.prep_pub)}, {"public_key", cds::to_base64(res.prep_pub)}});
    if (u.countersign && u.fate != Fate::Missing) keys.push_back({{"key_id", cds::key_id(res.head_pub)}, {"public_key", cds::to_base64(res.head_pub)}});
    trust["units"].push_back({{"code", u.code}, {"name", u.name}, {"keys", keys}});
    if (u.fate == Fate::Missing) missing.push_back(u.code);
    for (const auto& f : res.files) {
      files.push_back({{"file", f.file}, {"unit_code", f.unit_code}, {"expect", f.expect}, {"why", f.why}, {"signed_sha256", f.signed_sha256},
                       {"created", f.created}});
      ++(*counts)[f.expect];
      if (!f.why.empty() && f.expect == "invalid") ++(*counts)[f.why];
    }
  }
  *file_count = files.size();
  manifest["files"] = files;
  manifest["missing"] = missing;
  std::string err;
  if (!write_bytes(x.out / "trust.json", trust.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", &err) ||
      !write_bytes(x.out / "manifest.json", manifest.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", &err)) {
    std::fprintf(stderr, "cds-gen: %s\n", err.c_str());
    return false;
  }
  return true;
}

// Files from an earlier run with other arguments would mislead whoever reads the folder.
void warn_stale_files(const Ctx& x, const std::vector<UnitOut>& results) {
  std::error_code ec;
  std::set<std::string> ours = {"trust.json", "manifest.json"};
  for (const auto& res : results)
    for (const auto& f : res.files) ours.insert(f.file);
  size_t stale = 0;
  for (const auto& e : fs::directory_iterator(x.out, ec))
    if (e.path().extension() == ".json" && !ours.count(e.path().filename().string())) ++stale;
  if (stale)
    fail("cảnh báo: thư mục còn " + std::to_string(stale) + " tệp .json không thuộc lần tạo này (không có trong manifest.json)",
         "warning: the folder holds " + std::to_string(stale) + " other .json files that are not in manifest.json");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (int rc = parse_options(argc, argv, &o)) return rc == 1 ? 0 : 2;
  auto t0 = std::chrono::steady_clock::now();

  if (!cds::crypto_init()) {
    std::fprintf(stderr, "cds-gen: không khởi tạo được libsodium / cannot initialise libsodium\n");
    return 2;
  }
  std::string rubric_bytes;
  if (!read_rubric_file(o.rubric, &rubric_bytes)) return 2;
  auto loaded = cds::load_rubric(rubric_bytes);
  if (!loaded.rubric) {
    for (const auto& m : loaded.messages)
      if (m.severity == cds::Severity::Error)
        std::fprintf(stderr, "%s: lỗi/error [%s]: %s\n    %s\n", o.rubric.c_str(), m.code.c_str(), m.text_vi().c_str(), m.en.c_str());
    fail(o.rubric + ": không đọc được tệp tiêu chí", o.rubric + ": the rubric file cannot be read");
    return 2;
  }
  const cds::Rubric& r = *loaded.rubric;
  Analysis an = analyse(r);

  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (!fs::is_directory(o.out, ec)) {
    fail(o.out + ": không tạo được thư mục", o.out + ": cannot create the folder");
    return 2;
  }

  // Streams depend on the seed and the rubric id, so two rubrics with the same seed get other people.
  uint64_t stream_seed = o.seed;
  for (unsigned char ch : r.id) stream_seed = splitmix(stream_seed ^ ch);
  Ctx x{r, cds::sha256_hex(rubric_bytes), an, Gen{r, an, level_of(r.unit_level), r.period_from, r.period_to, r.year}, stream_seed,
        locale_for(r.id), r.unit_level, fs::path(o.out)};
  if (x.gen.from && !x.gen.to) x.gen.to = cds::Date{x.gen.from->year, 12, 31};
  if (x.gen.year == 0) x.gen.year = x.gen.from ? x.gen.from->year : 2025;

  // The plan (master stream, main thread), then the work.
  const size_t n = static_cast<size_t>(o.n);
  const size_t n_missing = share(o.missing, n);
  const size_t total_units = n + n_missing;
  Rng plan = Rng::derive(stream_seed, kPlanStream, 0);
  std::vector<UnitPlan> units = plan_units(r, n, total_units, plan);
  plan_fates(o, n, units, plan);
  int threads = std::max(1, std::min<int>(o.threads, static_cast<int>(std::max<size_t>(1, total_units))));
  std::vector<UnitOut> results = run_units(x, units, threads);
  for (const auto& res : results)
    if (!res.error.empty()) {
      std::fprintf(stderr, "cds-gen: %s\n", res.error.c_str());
      return 2;
    }

  size_t file_count = 0;
  std::map<std::string, size_t> counts;
  if (!write_trust_and_manifest(x, o, n, units, results, &file_count, &counts)) return 2;
  warn_stale_files(x, results);

  if (!o.quiet) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string inv;
    for (const char* w : {"tampered-score", "tampered-input", "bad-signature", "garbage", "score-mismatch", "untrusted-key"})
      if (counts[w]) inv += std::string(inv.empty() ? "" : ", ") + w + " " + std::to_string(counts[w]);
    std::printf("cds-gen: %zu tệp / files for %zu units (+%zu missing) → %s: valid %zu, superseded %zu, duplicate %zu, invalid %zu%s%s%s; %.2f s, %d threads\n",
                file_count, n, n_missing, o.out.c_str(), counts["valid"], counts["superseded"], counts["duplicate"], counts["invalid"],
                inv.empty() ? "" : " (", inv.c_str(), inv.empty() ? "" : ")", secs, threads);
  }
  return 0;
}
