// `cds aggregate` and `cds appraise`: the receiving office.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

#include <sys/stat.h>
#include <time.h>

#include "cds/office/aggregate.hpp"
#include "cds/office/aggregate_workbook.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/version.hpp"
#include "cds/zip/zip.hpp"
#include "commands.hpp"
#include "dossier_cli.hpp"
#include "intake.hpp"
#include "common.hpp"
#include "rubric_set.hpp"
#include "xlsx_out.hpp"

namespace fs = std::filesystem;

namespace cli {

namespace {

// One file checked: a submission, an appraisal, or a dossier (its submission, then its evidence).
cds::CheckedFile check_one(const cds::Aggregator& agg, const std::string& path, std::error_code ec, uintmax_t size) {
  const bool dossier = has_extension(path, ".zip");
  const size_t limit = dossier ? cds::DossierLimits{}.file_bytes : cds::kMaxIntakeBytes;
  if (ec || size > limit) {
    cds::CheckedFile f;
    f.record.file = path;
    auto [vi, en] = explain_fs_error(ec);
    f.record.problems.push_back(ec ? cds::error("intake.unreadable", "Không đọc được tệp: " + vi, "Cannot read the file: " + en)
                                   : cds::error("intake.too_big", "Tệp lớn hơn 16 MiB, không phải bài nộp", "The file is larger than 16 MiB, not a submission"));
    return f;
  }
  auto bytes = read_file(path, limit);
  if (!bytes) {
    cds::CheckedFile f;
    f.record.file = path;
    f.record.problems.push_back(cds::error("intake.unreadable", "Không đọc được tệp", "Cannot read the file"));
    return f;
  }
  if (!cds::zip::looks_like_zip(*bytes)) return agg.check_file(path, *bytes);
  // A dossier: its submission is checked like a plain file, then its evidence counted.
  cds::Messages problems;
  auto in = read_dossier_input(*bytes, &problems);
  if (!in) {
    cds::CheckedFile f;
    f.record.file = path;
    f.record.file_sha256 = cds::sha256_hex(*bytes);
    f.record.problems = std::move(problems);
    return f;
  }
  cds::CheckedFile f = agg.check_file(path, in->submission);
  if (f.record.kind == cds::FileKind::Submission) {
    if (auto a = cds::signed_answers(in->submission)) {
      f.record.evidence = cds::check_evidence(*a, in->evidence).tally();
      // A merged provincial submission: its agencies' parts (parts/) checked again, as cds verify does.
      if (a->extra.contains("provenance")) f.record.chain = cds::dossier_chain(in->submission, in->evidence, agg.lookup(), agg.trust());
    }
  }
  return f;
}

}  // namespace

void check_each(const cds::Aggregator& agg, const std::vector<std::string>& paths, unsigned threads,
                const std::function<void(size_t, cds::CheckedFile&&)>& take, const CheckWindow& window) {
  const size_t n = paths.size();
  const size_t slots = std::max<size_t>(1, window.files);
  const size_t workers = std::max(1u, threads);
  // The calling thread hands files over when this many are ready at the front (or sooner when it
  // must: a thread waits for room, none is left checking, or the files are large), not once a file: a wake-up per file cost
  // 0.2 s of system time on the 10,800 files. It checks none itself, so what the roll-up keeps is
  // allocated on one thread, not scattered among the checking threads' short-lived allocations
  // (about 2 MB more at the peak when the checking threads handed files over themselves).
  constexpr size_t kHandOver = 16;
  std::mutex m;
  std::condition_variable admit, hand_over;  // the checking threads wait on the first, the caller on the second
  // Checked files waiting for their turn, and the sizes of the files started: a ring, since only
  // files [taken, taken + slots) are ever started and not yet taken.
  std::vector<std::optional<cds::CheckedFile>> done(std::min(n, slots));
  std::vector<uintmax_t> sizes(std::min(n, slots), 0);
  size_t next = 0;             // the next file a thread claims
  size_t taken = 0;            // files handed to `take`
  uintmax_t in_flight = 0;     // bytes of the files started and not yet taken
  size_t in_flight_files = 0;  // and their number
  size_t waiting = 0;          // threads waiting to start a file
  size_t running = workers;    // threads not yet finished
  bool stop = false;
  // Whether the caller should hand files over now (under the lock).
  auto due = [&] {
    if (taken >= n || !done[taken % slots]) return false;
    if (waiting > 0 || running == 0 || in_flight >= window.bytes / 2) return true;  // large files: at once
    size_t run = 0;
    while (run < kHandOver && taken + run < n && done[(taken + run) % slots]) ++run;
    return run == kHandOver;
  };
  auto work = [&] {
    for (;;) {
      size_t i;
      {
        std::lock_guard<std::mutex> lock(m);
        if (next >= n || stop) {
          if (--running == 0) hand_over.notify_one();
          return;
        }
        i = next++;
      }
      std::error_code ec;
      uintmax_t size = fs::file_size(paths[i], ec);
      if (ec) size = 0;
      {
        // The file at the front always starts; the others only within the window of files, and of
        // bytes once each thread has a file of its own (large dossiers are still checked on every
        // thread), so that checked files never pile up behind a slow one.
        std::unique_lock<std::mutex> lock(m);
        auto may_start = [&] {
          return stop || i == taken || (i < taken + slots && (in_flight + size <= window.bytes || in_flight_files < workers));
        };
        if (!may_start()) {
          ++waiting;
          if (due()) hand_over.notify_one();
          admit.wait(lock, may_start);
          --waiting;
        }
        if (stop) {
          if (--running == 0) hand_over.notify_one();
          return;
        }
        sizes[i % slots] = size;
        in_flight += size;
        ++in_flight_files;
      }
      cds::CheckedFile f = check_one(agg, paths[i], ec, size);
      bool wake;
      {
        std::lock_guard<std::mutex> lock(m);
        done[i % slots] = std::move(f);
        wake = due();
      }
      if (wake) hand_over.notify_one();
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < workers; ++t) pool.emplace_back(work);
  std::exception_ptr failed;
  {
    std::unique_lock<std::mutex> lock(m);
    while (taken < n && !failed) {
      hand_over.wait(lock, [&] { return due(); });
      while (taken < n && done[taken % slots]) {
        size_t k = taken;
        cds::CheckedFile f = std::move(*done[k % slots]);
        done[k % slots].reset();
        lock.unlock();
        try {
          take(k, std::move(f));
        } catch (...) {
          failed = std::current_exception();
        }
        lock.lock();
        if (failed) {
          stop = true;
          admit.notify_all();
          break;
        }
        ++taken;
        in_flight -= sizes[k % slots];
        --in_flight_files;
        if (waiting > 0) admit.notify_all();
      }
    }
  }
  for (auto& t : pool) t.join();
  if (failed) std::rethrow_exception(failed);
}

namespace {

// When the office received a file, as far as cds can see: its modification time on this disk (a
// copy that keeps times — USB, unzip — carries the sender's; --received-at says it instead).
std::string file_mtime_iso(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return {};
  return cds::iso_at_offset(static_cast<long long>(st.st_mtime), system_clock().utc_offset_minutes);
}

}  // namespace

// The files to read: every *.json (and *.zip dossier) under the given files and folders and under --appraisals, once
// each. nullopt (after a usage message) when one of them does not exist.
std::optional<std::vector<std::string>> intake_paths(const Args& args, size_t first) {
  std::vector<std::string> paths;
  std::vector<std::pair<std::string, bool>> roots;  // path, is the appraisal folder
  for (size_t i = first; i < args.positional.size(); ++i) roots.emplace_back(args.positional[i], false);
  if (auto ap = args.get("--appraisals")) roots.emplace_back(*ap, true);
  for (const auto& [p, appraisals] : roots) {
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      if (appraisals) usage_error("Không có thư mục thẩm định: " + p, "No such appraisal folder: " + p);
      else usage_error("Không có tệp hoặc thư mục: " + p, "No such file or folder: " + p);
      return std::nullopt;
    }
    for (auto& f : list_json(p, true, /*dossiers=*/true)) paths.push_back(std::move(f));
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

namespace {

// A whole-number option within [lo, hi]; nullopt (after a usage message) when it is not a number.
std::optional<int> int_option(const Args& args, const char* name, int dflt, int lo, int hi) {
  auto v = args.get(name);
  if (!v) return dflt;
  try {
    return std::clamp(std::stoi(*v), lo, hi);
  } catch (...) {
    usage_error(std::string(name) + " phải là một số", std::string(name) + " must be a number");
    return std::nullopt;
  }
}

// CPU seconds of this thread (what = CLOCK_THREAD_CPUTIME_ID) or of the whole process, for
// CDS_TIMING: on a shared machine a job's wall time says little about its own cost.
double cpu_seconds(clockid_t what) {
  timespec ts{};
  clock_gettime(what, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The six reports, the text ones streamed to their files in 64 KiB pieces, report.xlsx rendered
// (constant memory for a large intake), into a new folder swapped in whole.
bool write_reports(const cds::AggregateResult& res, cds::Lang lang, const cds::AggregateReportInfo& info, const std::string& out_dir, bool json_to_stdout,
                   unsigned jobs, size_t xlsx_criteria_rows, const std::function<void(const char*)>& phase) {
  auto folder = OutputFolder::create(out_dir, {"report.json", "report.csv", "criteria.csv", "info.csv", "intake.csv", "report.html", "report.xlsx"});
  if (!folder) return false;
  auto stream = [&](const char* name, const std::function<void(cds::StrBuf&)>& writer, bool to_stdout) {
    auto f = OutputFile::create(folder->path(name));
    if (!f) return false;
    bool written = true;
    {
      cds::StrBuf buf([&](std::string_view s) {
        written = f->write(s) && written;
        if (to_stdout) std::fwrite(s.data(), 1, s.size(), stdout);
      });
      writer(buf);
    }
    return written && f->commit();
  };
  // One workbook: summary, ranking per rubric, missing units, criteria, intake.
  cds::AggregateReportInfo winfo = info;
  long long created = xlsx_created();
  winfo.generated = local_time_text(created);
  std::string xlsx_path = folder->path("report.xlsx");
  auto workbook = [&] {
    return write_xlsx(xlsx_path, cds::aggregate_workbook(res, lang, winfo, created, cds::kXlsxMaxRows, xlsx_criteria_rows, cds::XlsxCriteriaHint::Cli));
  };
  // The seven reports are independent: each only reads `res` and writes its own file (report.json
  // also stdout with --json), so they run on `jobs` threads, longest first (by their CPU time on
  // 10,800 files: xlsx 0.9 s, json 0.5, criteria 0.3, info 0.1, the others less), and the bytes are
  // those of one job. CDS_TIMING=1 prints each one's own time.
  struct Job {
    const char* name;
    std::function<bool()> run;
    bool ok = false;
    double seconds = 0, cpu = 0;
  };
  std::vector<Job> todo;
  todo.push_back({"xlsx", workbook});
  todo.push_back({"json", [&] { return stream("report.json", [&](cds::StrBuf& o) { cds::aggregate_json_text(res, info, o); }, json_to_stdout); }});
  todo.push_back({"criteria", [&] { return stream("criteria.csv", [&](cds::StrBuf& o) { cds::aggregate_criteria_csv(res, lang, o); }, false); }});
  todo.push_back({"info", [&] { return stream("info.csv", [&](cds::StrBuf& o) { cds::aggregate_info_csv(res, lang, o); }, false); }});
  todo.push_back({"html", [&] { return stream("report.html", [&](cds::StrBuf& o) { cds::aggregate_html(res, lang, info, o); }, false); }});
  todo.push_back({"intake", [&] { return stream("intake.csv", [&](cds::StrBuf& o) { cds::aggregate_intake_csv(res, lang, o); }, false); }});
  todo.push_back({"ranking", [&] { return stream("report.csv", [&](cds::StrBuf& o) { cds::aggregate_ranking_csv(res, lang, o); }, false); }});
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < todo.size();) {
      auto t = std::chrono::steady_clock::now();
      double c = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
      todo[i].ok = todo[i].run();
      todo[i].seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
      todo[i].cpu = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - c;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned k = 1; k < std::min<unsigned>(jobs, static_cast<unsigned>(todo.size())); ++k) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  phase("reports");
  bool ok = true;
  for (const auto& j : todo) {
    ok = ok && j.ok;
    if (std::getenv("CDS_TIMING")) std::fprintf(stderr, "timing   %-8s %6.3f s (own), %6.3f s CPU\n", j.name, j.seconds, j.cpu);
  }
  return ok && folder->commit();
}

// What a person reads on the terminal: counts, the first invalid files, the top of each ranking.
void print_summary(const cds::AggregateResult& res, cds::Lang lang, const std::string& out_dir) {
  const auto& c = res.counts;
  std::printf("%s\n", cds::aggregate_summary(res, lang).c_str());
  std::printf("hợp lệ/valid %d · không hợp lệ/invalid %d · bị thay thế/superseded %d · trùng lặp/duplicates %d · chưa nộp/missing %d", c.valid,
              c.invalid, c.superseded, c.duplicate, c.missing);
  if (c.appraisals) std::printf(" · thẩm định/appraisals %d/%d", c.appraisals_applied, c.appraisals);
  if (c.no_unit) std::printf(" · không rõ của đơn vị nào/naming no unit %d", c.no_unit);
  std::printf("\n");
  int shown = 0;
  for (const auto& rec : res.records) {
    if (rec.status != cds::IntakeStatus::Invalid) continue;
    if (++shown > 20) break;
    std::printf("  KHÔNG HỢP LỆ/INVALID %s: %s\n", rec.file.c_str(), rec.problems.empty() ? "" : rec.problems[0].text(lang).c_str());
  }
  if (c.invalid > 20) std::printf("  … (%d tệp nữa, xem intake.csv / %d more, see intake.csv)\n", c.invalid - 20, c.invalid - 20);
  for (const auto& a : res.appraisals)
    if (!a.applied)
      std::printf("  THẨM ĐỊNH KHÔNG ÁP DỤNG/APPRAISAL NOT APPLIED %s: %s\n", a.file.c_str(), a.problems.empty() ? "" : a.problems[0].text(lang).c_str());
  for (const auto& g : res.rubrics) {
    std::printf("%s %s: %zu đơn vị/units\n", g.rubric->id.c_str(), g.rubric->version.c_str(), g.ranking.size());
    for (size_t i = 0; i < g.ranking.size() && i < 5; ++i) {
      const auto& u = res.units[g.ranking[i]];
      std::printf("  %d%s %s — %s\n", u.rank, u.tied ? "=" : "", u.unit_name.c_str(), cds::fmt_points(u.total_final_rounded, lang, g.rubric->decimals).c_str());
    }
  }
  std::printf("→ %s/{report.csv, report.json, report.html, report.xlsx, criteria.csv, info.csv, intake.csv}\n", out_dir.c_str());
}

}  // namespace

int cmd_aggregate(int argc, char** argv) {
  // CDS_TIMING=1 prints how long each phase took (benchmarks).
  bool timing = std::getenv("CDS_TIMING") != nullptr;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  std::function<void(const char*)> phase = [&](const char* what) {
    if (!timing) return;
    auto t = std::chrono::steady_clock::now();
    double c = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
    std::fprintf(stderr, "timing %-8s %8.3f s, %6.3f s CPU\n", what, std::chrono::duration<double>(t - t0).count(), c - c0);
    t0 = t;
    c0 = c;
  };
  auto args = parse_args(argc, argv, 2, {"--json"},
                         {"--rubrics", "--trust", "--appraisals", "--out", "--lang", "--jobs", "--threads", "--title", "--unit-pages", "--references",
                          "--xlsx-criteria-rows", "--received-at"});
  if (!args) return kUsage;
  auto out_dir = args->get("--out");
  if (args->positional.empty() || !out_dir) {
    usage_error("Cách dùng: cds aggregate <tệp hoặc thư mục…> [--rubrics THU_MUC] [--trust tin-cay.json] [--appraisals THU_MUC] [--received-at THOI_DIEM] --out THU_MUC",
                "Usage: cds aggregate <files or folders…> [--rubrics DIR] [--trust trust.json] [--appraisals DIR] [--received-at TIME] --out DIR");
    return kUsage;
  }
  bool trust_failed = false;
  auto trust = load_trust_option(*args, &trust_failed);
  if (trust_failed) return kUsage;
  cds::RubricCatalogue set = load_rubric_dir(args->get("--rubrics").value_or(default_rubric_dir()));
  if (set.empty()) {
    usage_error("Không có tệp bộ tiêu chí nào để đối chiếu", "No rubric files to check against");
    return kUsage;
  }
  auto paths = intake_paths(*args, 0);
  // --jobs N: files checked (and reports written) on N threads; the reports are the same bytes
  // for any N. --threads is its older name.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto threads = args->get("--jobs") ? int_option(*args, "--jobs", cores, 1, 64) : int_option(*args, "--threads", cores, 1, 64);
  auto unit_pages = int_option(*args, "--unit-pages", 500, 0, 1 << 30);
  // --xlsx-criteria-rows N|all: report.xlsx's criteria sheet up to N rows (default 200,000, as in
  // the app); above, one line pointing to criteria.csv, which always has every row.
  const bool all_criteria = args->get("--xlsx-criteria-rows").value_or("") == "all";
  auto xlsx_criteria_rows = all_criteria ? std::optional<int>(1 << 30)
                                         : int_option(*args, "--xlsx-criteria-rows", static_cast<int>(cds::kXlsxCriteriaRows), 0, 1 << 30);
  if (!paths || !threads || !unit_pages || !xlsx_criteria_rows) return kUsage;
  // --received-at TIME: when the office received this batch (as for deadlines: without an offset,
  // Vietnam time); otherwise each file's modification time.
  std::optional<std::string> received_at;
  if (auto ra = args->get("--received-at")) {
    received_at = cds::parse_instant(*ra) ? *ra : *ra + "+07:00";
    if (!cds::parse_instant(*received_at)) {
      usage_error("--received-at cần một thời điểm ISO 8601, ví dụ 2026-06-19T10:30 (giờ Việt Nam) hoặc 2026-06-19T03:30Z",
                  "--received-at needs an ISO 8601 time, e.g. 2026-06-19T10:30 (Vietnam time) or 2026-06-19T03:30Z");
      return kUsage;
    }
  }
  cds::crypto_init();
  phase("setup");
  cds::Aggregator agg(set, std::move(trust));
  if (auto rf = args->get("--references")) {  // authoritative references for cross-unit criteria
    auto bytes = read_file(*rf);
    if (!bytes) return kUsage;
    auto lr = cds::load_references(*bytes);
    if (!lr.references) {
      print_messages(lr.messages, *rf);
      return kUsage;
    }
    agg.set_references(std::move(*lr.references));
  }
  // Each file added as soon as it and those before it are checked: what is held besides what the
  // roll-up keeps per file is a window of a few files (CheckWindow), whatever their number.
  agg.reserve(paths->size());
  check_each(agg, *paths, static_cast<unsigned>(*threads), [&](size_t i, cds::CheckedFile&& f) {
    if (received_at) f.record.set_received(*received_at, cds::ReceiptSource::Given);
    else f.record.set_received(file_mtime_iso((*paths)[i]), cds::ReceiptSource::FileTime);
    agg.add(std::move(f));
  });
  phase("check");
  cds::AggregateResult res = std::move(agg).finish();
  if (auto tf = args->get("--trust")) res.trust_source = *tf;
  phase("finish");

  cds::Lang lang = lang_from(*args);
  cds::AggregateReportInfo info;
  info.generated = local_time_text(xlsx_created());  // SOURCE_DATE_EPOCH when set, as in report.xlsx
  info.clock = system_clock();  // times in report.html at this machine's offset
  info.app_version = cds::kVersion;
  info.title = args->get("--title").value_or("");
  info.max_unit_pages = static_cast<size_t>(*unit_pages);
  bool as_json = args->has("--json");
  if (!write_reports(res, lang, info, *out_dir, as_json, static_cast<unsigned>(*threads),
                     all_criteria ? static_cast<size_t>(-1) : static_cast<size_t>(*xlsx_criteria_rows), phase))
    return kUsage;
  if (!as_json) print_summary(res, lang, *out_dir);
  // 1 when a file failed its checks (an appraisal replaced by a newer one did not fail).
  int rejected = 0;
  for (const auto& a : res.appraisals)
    if (!a.valid) ++rejected;
  return (res.counts.invalid > 0 || rejected > 0) ? kInvalid : kOk;
}

int cmd_appraise(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {}, {"--changes", "--key", "--passphrase-file", "--out", "--rubrics", "--trust", "--time", "--lang", "--on"});
  if (!args) return kUsage;
  auto out = args->get("--out");
  auto changes_file = args->get("--changes");
  if (args->positional.size() != 1 || !out || !changes_file) {
    usage_error("Cách dùng: cds appraise bai-nop.json --changes thay-doi.json --key khoa.json --passphrase-file F --out tham-dinh.json",
                "Usage: cds appraise sub.json --changes changes.json --key key.json --passphrase-file F --out appraisal.json");
    return kUsage;
  }
  auto sub = read_file(args->positional[0]);
  if (!sub) return kUsage;
  auto ch = read_file(*changes_file);
  if (!ch) return kUsage;
  bool trust_failed = false;
  auto trust = load_trust_option(*args, &trust_failed);
  if (trust_failed) return kUsage;
  cds::RubricCatalogue set = load_rubric_dir(args->get("--rubrics").value_or(default_rubric_dir()));
  cds::Lang lang = lang_from(*args);

  auto v = cds::verify_submission(*sub, set.lookup(), trust ? &*trust : nullptr);
  if (!v.ok()) {
    print_verdict(v.verdict(lang), v.verdict(lang == cds::Lang::Vi ? cds::Lang::En : cds::Lang::Vi), v.problems, stderr);
    std::fprintf(stderr, "cds: chỉ thẩm định được bài nộp hợp lệ / only a valid submission can be appraised\n");
    return kInvalid;
  }
  auto lc = cds::load_appraisal_changes(*ch);
  if (!lc.appraisal) {
    print_messages(lc.messages, *changes_file);
    return kInvalid;
  }
  cds::Appraisal a = std::move(*lc.appraisal);
  cds::refer_to(a, v);
  // --on previous.json: the next level of a chain (district → department), built on that appraisal.
  std::optional<std::string> prev_bytes;
  if (auto on = args->get("--on")) {
    prev_bytes = read_file(*on);
    if (!prev_bytes) return kUsage;
    auto pv = cds::verify_appraisal(*prev_bytes, trust ? &*trust : nullptr);
    cds::Messages why;
    if (pv.ok() && pv.appraisal && pv.appraisal->submission_sha256 != v.signed_hash)
      why.push_back(cds::error("appraisal.other_submission", "Bản thẩm định " + *on + " là của một bài nộp khác, không phải " + args->positional[0],
                               "The appraisal " + *on + " judges another submission, not " + args->positional[0]));
    else if (!pv.ok())
      print_verdict(pv.verdict(lang), pv.verdict(lang == cds::Lang::Vi ? cds::Lang::En : cds::Lang::Vi), pv.problems, stderr);
    if (why.empty()) cds::build_on(a, pv, *prev_bytes, &why);
    if (!why.empty()) {
      print_messages(why, *on);
      return kInvalid;
    }
  }
  a.created = args->get("--time").value_or(now_iso());
  if (args->get("--time"))
    if (auto m = cds::appraisal_time_problem(a)) {
      print_messages({*m}, "--time");
      return kUsage;
    }
  auto ref = set.lookup()(v.rubric_id, v.rubric_version);
  cds::Messages fit = cds::check_appraisal(a, *ref->rubric);
  if (!fit.empty()) print_messages(fit, *changes_file);
  if (cds::has_errors(fit)) return kInvalid;

  int code = kOk;
  auto key = open_key(*args, &code);
  if (!key) return code;
  cds::Messages why;
  auto sealed = cds::make_appraisal(a, *key, &why);
  if (!sealed) {
    print_messages(why, "--time");
    return kUsage;
  }
  const cds::Json& doc = *sealed;
  std::string text = cds::appraisal_to_text(doc);
  if (!write_file(*out, text)) return kUsage;

  // What it does to the unit's scores: the submission and the appraisal through the aggregator.
  cds::Aggregator agg(set, std::nullopt);
  agg.add_file(args->positional[0], *sub);
  agg.add_file(*out, text);  // its earlier levels are inside it
  auto res = agg.finish();
  auto vi = lang == cds::Lang::Vi;
  auto av = cds::verify_appraisal(text, nullptr);
  std::printf("%s %s\n", vi ? "Đã ký thẩm định:" : "Appraisal signed:", out->c_str());
  std::printf("  %s %s · SHA-256 %s\n", vi ? "khóa" : "key", av.signatures.empty() ? "" : av.signatures[0].key_id.c_str(), av.signed_hash.c_str());
  for (const auto& line : av.level_lines(lang, system_clock())) std::printf("  %s\n", line.c_str());
  if (!res.units.empty()) {
    const auto& u = res.units[0];
    int d = ref->rubric->decimals;
    std::printf("  %s %s: %s %s → %s %s → %s %s\n", vi ? "Đơn vị" : "Unit", u.unit_name.c_str(), vi ? "tự chấm" : "self-assessed",
                cds::fmt_points(u.total_self, lang, d).c_str(), vi ? "thẩm định" : "appraised", cds::fmt_points(u.total_appraised, lang, d).c_str(),
                vi ? "kết quả" : "final", cds::fmt_points(u.total_final_rounded, lang, d).c_str());
    for (size_t i = 0; i < u.self.size(); ++i)
      if (u.changed(i))
        std::printf("    %s: %s → %s (%s)\n", ref->rubric->criteria[i].code.c_str(), cds::fmt_points(u.self[i], lang, d).c_str(),
                    cds::fmt_points(u.appraised(i), lang, d).c_str(), u.reason(i).c_str());
  }
  return kOk;
}

}  // namespace cli
