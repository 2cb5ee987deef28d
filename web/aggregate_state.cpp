// The receiving office's intake: files, the checking queue run a few milliseconds per frame, the
// trust list, and the rows the screen shows. See aggregate_state.hpp.
#include "aggregate_state.hpp"

#include <emscripten/emscripten.h>

#include <algorithm>
#include <cmath>

#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/model/answers.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/zip/zip.hpp"
#include "i18n.hpp"
#include "requests.hpp"

// Asks for a task that calls cds_aggregate_work (one MessageChannel, made on first use).
EM_JS(void, cds_js_work_soon, (), {
  if (!Module.cdsWork) {
    var ch = new MessageChannel();
    ch.port1.onmessage = function () {
      try { _cds_aggregate_work(); } catch (e) { if (typeof CDS !== 'undefined') CDS.stop(e); else throw e; }
    };
    Module.cdsWork = ch.port2;
  }
  Module.cdsWork.postMessage(0);
});

// Keeps the WebGL state ImGui's renderer reads back every frame (glGetIntegerv: the blend
// functions and equations, the viewport, the scissor box) on the page's side. The browser answers
// those from its GPU process, a synchronous round trip per value, which waits for every command
// before it: while the intake keeps both cores busy, one frame's reads waited 35-110 ms. Each value
// is read for real once, then kept from the calls that set it; a call whose effect is not certain
// (values outside the few ImGui sets) makes the next read ask the browser again, and so does a
// restored context (its state is the default again). cds.glState() gives both, for the tests.
EM_JS(void, cds_js_cache_gl_state, (), {
  var gl = typeof GLctx !== 'undefined' && GLctx;
  if (!gl || gl.cdsKnown) return;
  var get = gl.getParameter.bind(gl), known = gl.cdsKnown = {};
  var blends = [gl.ZERO, gl.ONE, gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA], modes = [gl.FUNC_ADD, gl.FUNC_SUBTRACT, gl.FUNC_REVERSE_SUBTRACT];
  var isBlend = function (v) { return blends.indexOf(v) >= 0; };
  var isMode = function (v) { return modes.indexOf(v) >= 0; };
  // A setter whose argument k is the value of names[k] (a blend function or equation).
  var on = function (name, names, ok) {
    var set = gl[name].bind(gl);
    gl[name] = function () {
      var a = arguments;
      set.apply(null, a);
      names.forEach(function (es, k) { es.forEach(function (e) { if (ok(a[k])) known[e] = a[k]; else delete known[e]; }); });
    };
  };
  on('blendFunc', [[gl.BLEND_SRC_RGB, gl.BLEND_SRC_ALPHA], [gl.BLEND_DST_RGB, gl.BLEND_DST_ALPHA]], isBlend);
  on('blendFuncSeparate', [[gl.BLEND_SRC_RGB], [gl.BLEND_DST_RGB], [gl.BLEND_SRC_ALPHA], [gl.BLEND_DST_ALPHA]], isBlend);
  on('blendEquation', [[gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA]], isMode);
  on('blendEquationSeparate', [[gl.BLEND_EQUATION_RGB], [gl.BLEND_EQUATION_ALPHA]], isMode);
  // A box (x, y, width, height); a viewport larger than the smallest maximum any device allows
  // would be clamped by the browser: asked again.
  var box = function (name, e, limit) {
    var set = gl[name].bind(gl);
    gl[name] = function (x, y, w, h) {
      set(x, y, w, h);
      var v = [x, y, w, h];
      if (v.every(function (n) { return n === (n | 0); }) && w >= 0 && h >= 0 && w <= limit && h <= limit) known[e] = new Int32Array(v);
      else delete known[e];
    };
  };
  box('viewport', gl.VIEWPORT, 4096);
  box('scissor', gl.SCISSOR_BOX, 0x7fffffff);
  var names = [gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA, gl.BLEND_EQUATION_RGB,
               gl.BLEND_EQUATION_ALPHA, gl.VIEWPORT, gl.SCISSOR_BOX];
  gl.getParameter = function (e) {
    if (names.indexOf(e) < 0) return get(e);
    var v = known[e];
    if (v === undefined) {
      v = get(e);
      if (v !== null && v !== undefined) known[e] = v;
    }
    return v instanceof Int32Array ? new Int32Array(v) : v;
  };
  var forget = function () { names.forEach(function (e) { delete known[e]; }); };
  gl.canvas.addEventListener('webglcontextlost', forget);
  gl.canvas.addEventListener('webglcontextrestored', forget);
  var list = function (v) { return v === null || v === undefined ? null : Array.from(v.length ? v : [v]); };
  window.cds.glState = function () { return names.map(function (e) { return {name: e, kept: list(known[e]), real: list(get(e))}; }); };
});

namespace {
ui::AggregateState* g_working = nullptr;  // the intake whose queue the next task checks
}

extern "C" EMSCRIPTEN_KEEPALIVE void cds_aggregate_work() {
  if (g_working) g_working->work();
}

namespace ui {
namespace {

// Checking work per task. The files are checked in tasks of their own between the frames (a
// MessageChannel message, cds_js_work_soon), not inside them: input is handled between tasks, the
// frames draw the progress, and a tab in the background (which gets no frames) goes on checking.
const double kWorkSliceMs = 10.0;

// Files kept for a later check (a new trust list or rubric) or the unit page are kept whole up to
// this many bytes — a province's few hundred submissions of 5–20 KB — and deflated beyond (about
// 4 × smaller), so that a national intake of ten thousand holds about a quarter of their bytes.
const size_t kKeepWholeBytes = 4u << 20;

cds::CheckedFile too_big(const std::string& name, double size) {
  cds::CheckedFile f;
  f.record.file = name;
  f.record.kind = cds::FileKind::Unknown;
  f.record.status = cds::IntakeStatus::Invalid;
  // In MiB to one decimal, or in bytes when that would read as the limit itself ("16 MiB").
  auto mib = [&](cds::Lang l) {
    double m = size / 1048576.0;
    if (std::round(m * 10) <= std::round(static_cast<double>(cds::kMaxIntakeBytes) / 1048576.0 * 10))
      return cds::format_number(cds::Num::from_double(size).value_or(0), l, 0) + (l == cds::Lang::Vi ? " byte" : " bytes");
    return cds::format_number(cds::Num::from_double(m).value_or(0), l, 1) + " MiB";
  };
  f.record.problems.push_back(cds::error("intake.too_big",
                                         "Tệp lớn hơn " + intake_limit_text() + " (" + mib(cds::Lang::Vi) + "), không phải bài nộp; không đọc",
                                         "The file is larger than " + intake_limit_text() + " (" + mib(cds::Lang::En) + "), not a submission; not read"));
  return f;
}

// A file chosen that the browser could not read (deleted, moved or no longer permitted since): told
// in the intake as the CLI tells a file it cannot read.
cds::CheckedFile unreadable(const std::string& name) {
  cds::CheckedFile f;
  f.record.file = name;
  f.record.kind = cds::FileKind::Unknown;
  f.record.status = cds::IntakeStatus::Invalid;
  f.record.problems.push_back(cds::error("intake.unreadable", "Không đọc được tệp (đã xóa, chuyển đi hay đổi quyền sau khi chọn?); hãy chọn lại",
                                         "Cannot read the file (deleted, moved or its permissions changed after it was chosen?); choose it again"));
  return f;
}

// Could another trust list or another rubric set change this file's classification?
bool may_change(const cds::CheckedFile& f) {
  if (f.record.kind == cds::FileKind::Unknown) return false;
  if (f.record.status == cds::IntakeStatus::Valid) return true;
  bool any = false;
  for (const auto& m : f.record.problems) {
    if (m.severity != cds::Severity::Error) continue;
    any = true;
    bool fixable = m.code.rfind("trust.", 0) == 0 || m.code == "rubric.not_found" || m.code == "rubric.hash";
    if (!fixable) return false;
  }
  return any;
}

std::string unit_text(const std::string& name, const std::string& code) {
  if (name.empty() && code.empty()) return "—";
  if (name.empty()) return code;
  return code.empty() ? name : name + " (" + code + ")";
}

std::string rubric_title(const cds::AggregateResult& res, const std::string& id, const std::string& version) {
  for (const auto& g : res.rubrics)
    if (g.rubric->id == id && g.rubric->version == version) return g.rubric->title + (g.rubric->subtitle.empty() ? "" : " — " + g.rubric->subtitle);
  return "";
}

void add_problem_lines(IntakeRow& row, const cds::Messages& problems) {
  for (const auto& m : problems) {
    if (!row.reason_full.empty()) row.reason_full += "\n";
    row.reason_full += "• " + m.line(lang());
  }
}

void finish_row(IntakeRow& row) {
  row.file_key = cds::ascii_fold(row.file);
  row.unit_key = cds::ascii_fold(row.unit);
}

RowClass row_class(cds::IntakeStatus s) {
  switch (s) {
    case cds::IntakeStatus::Valid: return RowClass::Valid;
    case cds::IntakeStatus::Invalid: return RowClass::Invalid;
    case cds::IntakeStatus::Superseded: return RowClass::Superseded;
    case cds::IntakeStatus::Duplicate: return RowClass::Duplicate;
  }
  return RowClass::Invalid;
}

// A submission (or a file that is not one).
IntakeRow record_row(const cds::AggregateResult& res, size_t i) {
  const cds::IntakeRecord& rec = res.records[i];
  IntakeRow row;
  row.kind = IntakeRow::Kind::Record;
  row.index = i;
  row.cls = row_class(rec.status);
  row.file = rec.file;
  row.unit = unit_text(rec.unit_name, rec.unit_code);
  row.rubric = rec.rubric_id.empty() ? "—" : rec.rubric_id + " " + rec.rubric_version;
  row.rubric_title = rubric_title(res, rec.rubric_id, rec.rubric_version);
  row.created = rec.created.empty() ? "—" : display_time(rec.created);
  row.created_key = rec.created_at.value_or(0);
  row.status = cds::intake_status_label(rec.status, lang());
  for (const auto& m : rec.problems)
    if (m.code == "rubric.not_found") row.rubric_missing = true;
  add_problem_lines(row, rec.problems);
  const cds::Message* first = cds::first_error(rec.problems);
  if (!first && !rec.problems.empty()) first = &rec.problems.front();
  if (first) row.reason = first->text(lang());
  if (row.rubric_missing) {
    const std::string hint = T("Hãy mở tệp bộ tiêu chí đó (nút \"Mở tệp tiêu chí…\") rồi các tệp được kiểm tra lại.",
                               "Open that rubric file (\"Open a rubric file…\") and the files are checked again.");
    row.reason += " — " + hint;
    row.reason_full += "\n" + hint;
  }
  if (rec.status == cds::IntakeStatus::Valid && row.reason.empty())
    row.reason = std::string(T("Được tính · tự chấm ", "Counted · self-assessed ")) + cds::format_number(rec.total, lang(), 2) + " / " +
                 cds::format_number(rec.scale, lang(), 2);
  if (rec.kind == cds::FileKind::Unknown && row.reason.empty()) row.reason = T("Không phải tệp bài nộp cds", "Not a cds submission file");
  // A dossier: its evidence against the signed list, first in the reason (an incomplete one stands out).
  if (rec.evidence) {
    std::string ev = std::string(T("Hồ sơ .zip: ", "Dossier (.zip): ")) + cds::intake_dossier_text(rec, lang());
    row.evidence_incomplete = !rec.evidence->complete();
    row.chain_broken = rec.chain && !rec.chain->ok();
    row.reason = ev + " · " + row.reason;
    if (rec.chain)  // why the agencies' parts do not hold, a few reasons (cds verify lists them all)
      for (const auto& why : rec.chain->reasons(lang(), 5)) ev += "\n  - " + why;
    row.reason_full = ev + "\n" + row.reason_full;
  }
  // After the rubric's deadline, by the signed time or by the time it was opened here: still
  // counted (the office decides); both times shown.
  row.late = rec.kind == cds::FileKind::Submission && (rec.late_signed().value_or(false) || rec.late_received().value_or(false));
  if (row.late) {
    auto cells = cds::intake_deadline_cells(rec, lang());
    std::string why = std::string(T("Nộp muộn (hạn ", "Late (deadline ")) + cds::deadline_when(*rec.deadline, display_clock(), lang()) +
                      T("): theo giờ ký ", "): by signed time ") + cells[4] +
                      (cells[5].empty() ? "" : std::string(T("; theo giờ nhận (", "; by receipt time (")) + cells[2] + ") " + cells[5]);
    row.reason = why + " · " + row.reason;
    row.reason_full = why + "\n" + row.reason_full;
  }
  finish_row(row);
  return row;
}

IntakeRow appraisal_row(const cds::AggregateResult& res, size_t i) {
  const cds::AppraisalRecord& ar = res.appraisals[i];
  IntakeRow row;
  row.kind = IntakeRow::Kind::Appraisal;
  row.index = i;
  row.cls = ar.applied ? RowClass::Valid : (ar.valid ? RowClass::Superseded : RowClass::Invalid);
  row.file = ar.file;
  row.unit = row.rubric = row.created = "—";
  if (ar.appraisal) {
    const cds::Appraisal& ap = *ar.appraisal;
    row.unit = unit_text(ap.unit_name, ap.unit_code);
    row.rubric = ap.rubric_id.empty() ? "—" : ap.rubric_id + " " + ap.rubric_version;
    row.rubric_title = rubric_title(res, ap.rubric_id, ap.rubric_version);
    row.created = ap.created.empty() ? "—" : display_time(ap.created);
    row.created_key = cds::parse_instant(ap.created).value_or(0);
  }
  row.status = ar.applied ? T("Thẩm định · đã áp dụng", "Appraisal · applied")
                          : (ar.valid ? T("Thẩm định · bị thay thế", "Appraisal · replaced") : T("Thẩm định · không áp dụng", "Appraisal · not applied"));
  add_problem_lines(row, ar.problems);
  for (const auto& m : ar.problems)
    if (m.severity == cds::Severity::Error || !ar.applied) {
      row.reason = m.text(lang());
      break;
    }
  if (ar.applied && ar.appraisal) {
    std::string s = std::to_string(ar.appraisal->changes.size()) + T(" tiêu chí điều chỉnh", " criteria changed");
    if (ar.appraisal->sampled)
      s += std::string(T("; kiểm tra xác suất ", "; sampled check ")) + std::to_string(ar.appraisal->sampled->verified) + "/" +
           std::to_string(ar.appraisal->sampled->checked);
    row.reason = s + (row.reason.empty() ? "" : " · " + row.reason);
  }
  finish_row(row);
  return row;
}

IntakeRow missing_row(const cds::AggregateResult& res, size_t i) {
  const cds::MissingUnit& mu = res.missing[i];
  IntakeRow row;
  row.kind = IntakeRow::Kind::Missing;
  row.index = i;
  row.cls = RowClass::Missing;
  row.file = row.rubric = row.created = "—";
  row.unit = unit_text(mu.name, mu.code);
  row.status = T("Chưa nộp", "Missing");
  const int no_unit = res.counts.no_unit;
  if (mu.has_invalid) {
    row.reason = T("Có tệp gửi đến nhưng không có bài nộp hợp lệ", "Files came, none of them valid");
  } else if (no_unit > 0) {
    // The cell is one line: what matters first; the tooltip has the whole note.
    const std::string n = cds::format_number(cds::Num(no_unit), lang(), 0);
    row.reason = n + (no_unit == 1 ? T(" tệp không rõ đơn vị — có thể là của đơn vị này", " file names no unit — it may be this one's")
                                   : T(" tệp không rõ đơn vị — có thể có tệp của đơn vị này", " files name no unit — one may be this one's"));
    row.reason_full = cds::missing_unit_note(res, mu, lang());
  } else {
    row.reason = T("Chưa có bài nộp nào của đơn vị trong danh sách tin cậy", "No submission yet from this listed unit");
  }
  finish_row(row);
  return row;
}

}  // namespace

std::string draft_key(const std::string& rubric_id, const std::string& version, const std::string& unit_code) {
  return rubric_id + "|" + version + "|" + unit_code;
}

std::string AppraisalDraft::snapshot() const {
  cds::Json j = cds::Json::object();
  cds::Json ch = cds::Json::object();
  for (const auto& [id, e] : changes)
    if (!e.score.empty() || !e.reason.empty()) ch[id] = {e.score, e.reason};
  j["c"] = ch;
  j["s"] = sampled ? cds::Json::array({checked, verified, sampled_reason}) : cds::Json();
  j["n"] = note;
  return j.dump(-1, ' ', false, cds::Json::error_handler_t::replace);
}

bool AppraisalDraft::empty() const {
  for (const auto& [id, e] : changes)
    if (!e.score.empty() || !e.reason.empty()) return false;
  return !sampled && std::string(cds::trim(note)).empty();
}

// ---- The checking queue ----

void AggregateState::start_batch() {
  batch_total = 0;
  batch_done = 0;
  batch_started = platform::perf_ms();
  frame_ms_max = 0;
  check_ms_max = 0;
  check_ms_sum = 0;
  check_tasks = 0;
}

// The catalogue's rubrics are shared (never copied) by the aggregator and its results, so the
// app's list may grow while a result is on screen.
void AggregateState::ensure_aggregator(const cds::RubricCatalogue& rubrics) {
  if (agg_) return;
  agg_ = std::make_unique<cds::Aggregator>(rubrics, trust);
  rubric_count_ = rubrics.entries().size();
  added_ = 0;
}

std::string_view file_name_of(std::string_view path) { return path.substr(path.rfind('/') + 1); }

std::string IntakeFile::raw() const {
  if (packed.empty()) return bytes;
  auto b = cds::zip::inflate_exact(packed, packed_size);
  return b ? std::move(*b) : std::string();
}

void AggregateState::keep(IntakeFile& f) {
  if (f.bytes.empty()) return;
  if (whole_bytes_ + f.bytes.size() > kKeepWholeBytes) {
    std::string p = cds::zip::deflate_fast(f.bytes);
    if (!p.empty()) {
      f.packed_size = f.bytes.size();
      f.packed = std::move(p);
      std::string().swap(f.bytes);
      return;
    }
  }
  whole_bytes_ += f.bytes.size();
}

// A repeat was never added to the aggregator, so dropping it changes no result.
void AggregateState::drop_repeats() {
  files.erase(std::remove_if(files.begin(), files.end(), [](const IntakeFile& f) { return f.repeat; }), files.end());
}

// Everything again through a new aggregator (trust list or rubrics changed).
void AggregateState::rebuild(const cds::RubricCatalogue& rubrics) {
  stop_finishing();
  agg_.reset();
  whole_bytes_ = 0;  // every file is checked and kept again
  queue.clear();
  queue_at = 0;
  finishing = false;
  drop_repeats();
  if (files.empty()) {
    res.reset();
    rows_.clear();
    ++generation;
    return;
  }
  start_batch();
  for (size_t i = 0; i < files.size(); ++i) queue.push_back(i);
  batch_total = files.size();
  ensure_aggregator(rubrics);
  post_work();
  platform::request_frames(2);
}

void AggregateState::check_one(IntakeFile& f) {
  if (f.repeat) return;
  if (!f.packed.empty()) {  // checked again (a new trust list or rubric): whole while it is
    f.bytes = f.raw();
    std::string().swap(f.packed);
    f.packed_size = 0;
  }
  // The same file given again (a folder or file chosen twice, a file picked and then its folder)
  // is one receipt, the first, and is not checked again: the same file name (its folder aside) and
  // the same bytes (a dossier's whole ZIP; a file refused unread for its size: the same size). A
  // copy under another name is a duplicate the intake shows, as `cds aggregate` does for two
  // paths. Bytes are hashed ahead of the check only when the name came before (a dossier's always
  // are: the check needs that hash too); otherwise the check's own hash of the file is the key.
  const bool first_check = !f.seen;
  const bool zip = !f.frozen && cds::zip::looks_like_zip(f.bytes);  // a dossier not yet opened
  const std::string zip_sha = zip ? cds::sha256_hex(f.bytes) : std::string();
  const std::string base(file_name_of(f.name));
  std::string key;
  if (first_check) {
    if (f.frozen) key = base + "\nunread " + std::to_string(f.unread_bytes);
    else if (zip) key = base + "\n" + zip_sha;
    else if (names_seen_.count(base)) key = base + "\n" + cds::sha256_hex(f.bytes);
    if (!key.empty() && seen_.count(key)) {
      f.repeat = true;
      f.frozen.reset();
      f.parts.clear();
      std::string().swap(f.bytes);
      ++repeats_untold;
      return;
    }
  }
  cds::CheckedFile cf;
  if (f.frozen) {
    cf = *f.frozen;
    // What an earlier trust list said no longer applies; the file is refused for its own reasons.
    auto& ps = cf.record.problems;
    ps.erase(std::remove_if(ps.begin(), ps.end(), [](const cds::Message& m) { return m.code.rfind("trust.", 0) == 0; }), ps.end());
  } else {
    if (zip) open_dossier(f, zip_sha);
    if (f.frozen) {
      cf = *f.frozen;
    } else {
      cf = agg_->check_file(f.name, f.bytes);
      cf.record.evidence = f.evidence;
      if (f.evidence && cf.record.kind == cds::FileKind::Submission)  // a dossier: even one whose parts/ were all taken out
        cf.record.chain = cds::dossier_chain(f.bytes, f.parts, agg_->lookup(), agg_->trust());
    }
  }
  if (first_check) {
    f.seen = true;
    if (key.empty() && !cf.record.file_sha256.empty()) key = base + "\n" + cf.record.file_sha256;  // the bytes' hash
    if (!key.empty()) seen_.insert(std::move(key));
    names_seen_.insert(base);
  }
  cf.record.set_received(f.received, cds::ReceiptSource::Opened);
  if (!cf.record.file_sha256.empty()) f.sha256 = cf.record.file_sha256;
  if (!f.frozen && !may_change(cf)) {
    f.frozen = cf;
    std::string().swap(f.bytes);  // released: nothing can make this file valid
  } else {
    keep(f);
  }
  agg_->add(std::move(cf));
  ++added_;
}

// A dossier: its submission kept in place of the ZIP, its evidence counted (the files themselves
// are not kept: an appraiser opens them from the dossier with any ZIP tool or `cds verify`); a
// dossier that cannot be opened is refused for good with the reason.
void AggregateState::open_dossier(IntakeFile& f, const std::string& sha) {
  cds::OpenedDossier d = cds::zip::read_dossier(f.bytes);
  if (cds::has_errors(d.problems) || !d.submission) {
    cds::CheckedFile cf;
    cf.record.file = f.name;
    cf.record.file_sha256 = sha;
    cf.record.kind = cds::FileKind::Unknown;
    cf.record.status = cds::IntakeStatus::Invalid;
    for (const auto& m : d.problems)
      if (m.severity == cds::Severity::Error) cf.record.problems.push_back(m);
    f.frozen = std::move(cf);
    std::string().swap(f.bytes);
    return;
  }
  if (d.submission->size() > cds::kMaxIntakeBytes) {
    f.frozen = too_big(f.name, static_cast<double>(d.submission->size()));
    std::string().swap(f.bytes);
    return;
  }
  if (auto a = cds::signed_answers(*d.submission)) f.evidence = cds::check_evidence(*a, d.others).tally();
  for (auto& o : d.others)
    if (cds::is_dossier_part(o.name)) f.parts.push_back(std::move(o));
  f.bytes = std::move(*d.submission);
}

// The finish under way, its result and rows, let go: the aggregator changed.
void AggregateState::stop_finishing() {
  finisher_.reset();
  next_res_.reset();
  next_rows_.clear();
}

// The intake table's rows of `r` after those already in `into`, until `budget_ms` from `t0` has
// passed (a negative budget: all); true once every row is there.
bool AggregateState::build_rows(const cds::AggregateResult& r, std::vector<IntakeRow>& into, double t0,
                                double budget_ms) const {
  const size_t records = r.records.size(), appraisals = r.appraisals.size(),
               total = records + appraisals + r.missing.size();
  while (into.size() < total) {
    const size_t i = into.size();
    into.push_back(i < records                ? record_row(r, i)
                   : i < records + appraisals ? appraisal_row(r, i - records)
                                              : missing_row(r, i - records - appraisals));
    if (budget_ms >= 0 && (i & 15) == 15 && platform::perf_ms() - t0 >= budget_ms) break;
  }
  return into.size() == total;
}

// core's finish(), a few milliseconds per frame (AggregateFinishSteps; a national intake's took
// 0.3-0.6 s in one frame), then the intake table's rows of its result, then that result shown.
// False while steps remain for the next frames; `budget_ms` < 0: all now.
bool AggregateState::finish_batch(double budget_ms) {
  double t0 = platform::perf_ms();
  // A batch of repeats only (a folder given again) changed nothing: the result stands.
  if (will_rank()) {
    if (!finisher_ && !next_res_) {
      finisher_ = std::make_unique<cds::AggregateFinishSteps>(*agg_);
      finish_core_ms = finish_slice_ms_max = 0;
      finish_frames = 0;
    }
    bool done = false;
    if (finisher_) {
      while (!finisher_->step() && (budget_ms < 0 || platform::perf_ms() - t0 < budget_ms)) {
      }
      if (finisher_->finished()) {
        next_res_ = finisher_->take();
        finisher_.reset();
        next_rows_.clear();
        next_rows_.reserve(next_res_->records.size() + next_res_->appraisals.size() + next_res_->missing.size());
      }
    }
    // The rows too: 10,800 of them were most of the first frame that showed the result. In one
    // language: those made before the language was switched are made again.
    if (next_res_ && next_rows_lang_ != lang()) {
      next_rows_.clear();
      next_rows_lang_ = lang();
    }
    if (next_res_ && (budget_ms < 0 || platform::perf_ms() - t0 < budget_ms))
      done = build_rows(*next_res_, next_rows_, t0, budget_ms);
    const double ms = platform::perf_ms() - t0;
    finish_core_ms += ms;
    finish_slice_ms_max = std::max(finish_slice_ms_max, ms);
    ++finish_frames;
    if (!done) return false;
    res = std::move(next_res_);
    next_res_.reset();
  } else {
    finish_core_ms = finish_slice_ms_max = 0;
    finish_frames = 0;
  }
  finishing = false;
  added_ = 0;
  t0 = platform::perf_ms() - finish_core_ms;  // finish_ms: the steps and what follows
  res->trust_source = trust_name;
  ++generation;
  if (!next_rows_.empty() || (res->records.empty() && res->appraisals.empty() && res->missing.empty())) {
    rows_ = std::move(next_rows_);
    next_rows_.clear();
    rows_generation = generation;
    rows_lang_ = lang();
    index_units();
  }
  last_batch_ms = platform::perf_ms() - batch_started;
  queue.clear();
  queue_at = 0;
  drop_repeats();
  platform::announce(cds::aggregate_summary(*res, lang()));
  finish_ms = platform::perf_ms() - t0;
  return true;
}

void AggregateState::add_files(const cds::RubricCatalogue& rubrics, std::vector<platform::OpenedFile> in, bool more) {
  if (!busy()) start_batch();
  finishing = false;  // more to check first
  stop_finishing();   // the aggregator will change
  ensure_aggregator(rubrics);
  // The files of one request are received together, whatever slices they come in.
  const std::string now = arriving ? arriving_received_ : platform::local_time_iso();
  // A slice the app held back (its rubrics were still being read) may come after its request's
  // end: only a request still being handed over has more to come.
  arriving = more && platform::files_arriving() > 0;
  arriving_received_ = more ? now : std::string();
  for (auto& f : in) {
    IntakeFile x;
    x.name = std::move(f.name);
    x.received = now;
    bool skipped = f.skipped != platform::OpenedFile::Skipped::No;
    bool zip = cds::zip::looks_like_zip(f.bytes);
    if (skipped || f.bytes.size() > (zip ? cds::DossierLimits{}.file_bytes : cds::kMaxIntakeBytes)) {
      // Refused before it reaches the aggregator; its bytes are never held.
      x.unread_bytes = skipped ? f.size : static_cast<double>(f.bytes.size());
      x.frozen = f.skipped == platform::OpenedFile::Skipped::Unreadable ? unreadable(x.name) : too_big(x.name, x.unread_bytes);
    } else {
      x.bytes = std::move(f.bytes);
    }
    queue.push_back(files.size());
    files.push_back(std::move(x));
    ++batch_total;
  }
  if (queue_at < queue.size()) post_work();
  platform::request_frames(2);
}

void AggregateState::tick(const cds::RubricCatalogue& rubrics) {
  // The longest frame of a batch: every checking frame, finish()'s frame and the first frame
  // that shows the result.
  if (was_busy) frame_ms_max = std::max(frame_ms_max, platform::last_frame_ms());
  if (agg_ && rubrics.entries().size() != rubric_count_) rebuild(rubrics);  // a rubric file was opened
  if (!busy()) {
    if (was_busy && measure_tail > 0) {
      --measure_tail;
      platform::request_frames(2);
      return;
    }
    was_busy = false;
    return;
  }
  ensure_aggregator(rubrics);
  was_busy = true;
  if (finishing) {  // core's finish() a slice per frame, after the frame that said it comes
    platform::request_frames(2);  // and the next frame measures this one
    if (finish_batch(kWorkSliceMs)) measure_tail = 1;
    return;
  }
  if (queue_at < queue.size()) post_work();
}

void AggregateState::post_work() {
  static bool gl_cached = false;
  if (!gl_cached) cds_js_cache_gl_state();  // the intake's work is what keeps the page busy
  gl_cached = true;
  g_working = this;
  if (work_posted_) return;
  work_posted_ = true;
  cds_js_work_soon();
}

void AggregateState::work() {
  work_posted_ = false;
  if (!agg_ || finishing || queue_at >= queue.size()) return;  // cleared, stopped or rebuilt since
  double t0 = platform::perf_ms();
  do {
    check_one(files[queue[queue_at++]]);
    ++batch_done;
  } while (queue_at < queue.size() && platform::perf_ms() - t0 < kWorkSliceMs);
  double ms = platform::perf_ms() - t0;
  check_ms_max = std::max(check_ms_max, ms);
  check_ms_sum += ms;
  ++check_tasks;
  if (queue_at < queue.size()) {
    post_work();
  } else if (!arriving) {
    finishing = true;  // every file checked and the request's last slice come: finish() in a frame
  }  // (else a slice to come asks for more work)
  platform::request_frames(1);  // the progress
}

void AggregateState::set_trust(const cds::RubricCatalogue& rubrics, std::optional<cds::TrustList> t, const std::string& name) {
  trust = std::move(t);
  trust_name = trust ? name : std::string();
  rebuild(rubrics);
}

void AggregateState::clear() {
  platform::stop_receiving();  // the rest of a folder being read, and those waiting, belonged to this round
  arriving = false;
  whole_bytes_ = 0;
  repeats_untold = 0;
  files.clear();
  seen_.clear();
  names_seen_.clear();
  queue.clear();
  queue_at = 0;
  finishing = false;
  stop_finishing();
  agg_.reset();
  res.reset();
  rows_.clear();
  rows_generation = -1;
  frame_ms_max = 0;
  was_busy = false;
  ++generation;
}

size_t AggregateState::cancel(const cds::RubricCatalogue& rubrics, size_t* unread, bool* rechecking) {
  // Files not yet received (the rest of a folder being read, folders waiting their turn) are not
  // read at all.
  const size_t not_read = platform::stop_receiving();
  if (unread) *unread = not_read;
  const bool was_arriving = arriving;
  arriving = false;
  repeats_untold = 0;  // the stop's word is the one told
  if (rechecking) *rechecking = false;
  if (queue_at >= queue.size() && !was_arriving) return 0;  // nothing left to check
  // Queued files never checked are dropped; those checked before and queued again (a new trust
  // list or rubric) stay queued: they were received, and leaving them out lost them from the
  // intake (the outside test's find: 287 of 324 files gone after a stop during the re-check).
  std::vector<bool> drop(files.size(), false), again(files.size(), false);
  size_t dropped = 0;
  for (size_t i = queue_at; i < queue.size(); ++i) {
    if (files[queue[i]].seen) {
      again[queue[i]] = true;
    } else {
      drop[queue[i]] = true;
      ++dropped;
    }
  }
  std::vector<size_t> rest;
  std::vector<IntakeFile> keep;
  keep.reserve(files.size() - dropped);
  for (size_t i = 0; i < files.size(); ++i) {
    if (drop[i] || files[i].repeat) continue;
    if (again[i]) rest.push_back(keep.size());
    keep.push_back(std::move(files[i]));
  }
  files = std::move(keep);
  queue = std::move(rest);
  queue_at = 0;
  ensure_aggregator(rubrics);
  if (!queue.empty()) {  // the re-check goes on; finish() follows it as usual
    if (rechecking) *rechecking = true;
    batch_total = batch_done + queue.size();
    post_work();
    platform::request_frames(2);
    return dropped;
  }
  finish_batch(-1);
  return dropped;
}

// ---- What the screen reads ----

const IntakeFile* AggregateState::file_by_sha(const std::string& sha256) const {
  for (const auto& f : files)
    if (f.kept() && f.sha256 == sha256) return &f;
  return nullptr;
}

const cds::UnitResult* AggregateState::find_unit(const std::string& rubric_id, const std::string& version, const std::string& code) const {
  if (!res) return nullptr;
  for (const auto& u : res->units) {
    const cds::Rubric& r = *res->rubrics[u.rubric].rubric;
    if (u.unit_code == code && r.id == rubric_id && r.version == version) return &u;
  }
  return nullptr;
}

const std::vector<IntakeRow>& AggregateState::intake_rows() {
  if (rows_generation == generation && rows_lang_ == lang()) return rows_;
  rows_.clear();
  rows_generation = generation;
  rows_lang_ = lang();
  index_units();
  if (res) build_rows(*res, rows_, 0, -1);
  return rows_;
}

void AggregateState::index_units() {
  unit_of_record_.clear();
  if (!res) return;
  unit_of_record_.assign(res->records.size(), 0);
  for (size_t u = 0; u < res->units.size(); ++u)
    if (res->units[u].record < unit_of_record_.size()) unit_of_record_[res->units[u].record] = u + 1;
}

size_t AggregateState::listed() const {
  return static_cast<size_t>(std::count_if(files.begin(), files.end(), [](const IntakeFile& f) { return !f.repeat; }));
}

const cds::UnitResult* AggregateState::unit_of_record(size_t record) const {
  if (!res || rows_generation != generation || record >= unit_of_record_.size() || unit_of_record_[record] == 0) return nullptr;
  return &res->units[unit_of_record_[record] - 1];
}

cds::Json AggregateState::to_json() const {
  cds::Json j = cds::Json::object();
  j["files"] = files.size();
  j["pending"] = pending();
  // Busy until the batch's frame figures are complete (a frame or two after the result shows).
  j["busy"] = busy() || was_busy;
  j["checked"] = batch_done;
  j["arriving"] = arriving;
  j["toCome"] = arriving ? platform::files_to_come() : 0;
  j["batchTotal"] = batch_total;
  j["frameMsMax"] = frame_ms_max;
  j["checkMsMax"] = check_ms_max;
  j["checkMsSum"] = check_ms_sum;
  j["checkTasks"] = check_tasks;
  j["finishMs"] = finish_ms;
  j["finishCoreMs"] = finish_core_ms;
  j["finishSliceMsMax"] = finish_slice_ms_max;
  j["finishFrames"] = finish_frames;
  j["finishRows"] = next_res_ ? next_rows_.size() : 0;  // the next result's table rows made so far
  j["lastBatchMs"] = last_batch_ms;
  j["generation"] = generation;
  size_t kept = 0, kept_bytes = 0, packed = 0, held_bytes = 0;
  for (const auto& f : files)
    if (f.kept()) {
      ++kept;
      kept_bytes += f.packed.empty() ? f.bytes.size() : f.packed_size;
      held_bytes += f.bytes.size() + f.packed.size();
      packed += !f.packed.empty();
    }
  j["keptFiles"] = kept;
  j["keptBytes"] = kept_bytes;    // as received
  j["packedFiles"] = packed;      // of which kept deflated
  j["heldBytes"] = held_bytes;    // the memory they take
  j["trust"] = trust ? cds::Json{{"units", trust->units.size()}, {"keys", trust->keys.size()}, {"appraisers", trust->appraisers.size()}, {"file", trust_name}}
                     : cds::Json();
  cds::Json counts = {{"files", 0}, {"valid", 0}, {"invalid", 0}, {"superseded", 0}, {"duplicate", 0}, {"missing", 0},
                      {"appraisals", 0}, {"appraisals_applied", 0}, {"units", 0}, {"unknown", 0}};
  cds::Json ranking = cds::Json::array();
  cds::Json intake = cds::Json::array();
  cds::Json groups = cds::Json::array();
  if (res) {
    const auto& c = res->counts;
    counts = {{"files", c.files}, {"valid", c.valid}, {"invalid", c.invalid}, {"superseded", c.superseded}, {"duplicate", c.duplicate},
              {"missing", c.missing}, {"appraisals", c.appraisals}, {"appraisals_applied", c.appraisals_applied}, {"units", c.units},
              {"unknown", c.unknown}};
    if (!res->rubrics.empty())
      for (size_t ui : res->rubrics[0].ranking) {
        const cds::UnitResult& u = res->units[ui];
        ranking.push_back({{"code", u.unit_code}, {"name", u.unit_name}, {"rank", u.rank}, {"tied", u.tied},
                           {"self", u.total_self.to_double()}, {"appraised", u.total_appraised.to_double()},
                           {"final", u.total_final_rounded.to_double()}});
      }
    for (const auto& g : res->rubrics)
      groups.push_back({{"id", g.rubric->id}, {"version", g.rubric->version}, {"period", g.period}, {"units", g.ranking.size()}});
    std::unordered_set<std::string> packed;  // file name + "\n" + SHA-256 (copies under other names are files of their own)
    for (const auto& f : files)
      if (f.kept() && !f.packed.empty()) packed.insert(f.name + "\n" + f.sha256);
    for (const auto& rec : res->records)
      intake.push_back({{"file", rec.file}, {"kind", rec.kind == cds::FileKind::Submission ? "submission" : "unknown"},
                        {"packed", packed.count(rec.file + "\n" + rec.file_sha256) > 0},
                        {"status", cds::intake_status_name(rec.status)}, {"unit", rec.unit_code}, {"period", rec.period},
                        {"received", rec.received}, {"late_signed", rec.late_signed().value_or(false)},
                        {"late_received", rec.late_received().value_or(false)},
                        {"evidence", rec.evidence ? cds::Json(rec.evidence->summary(cds::Lang::Vi)) : cds::Json()},
                        {"chain", rec.chain ? cds::Json(rec.chain->summary(cds::Lang::Vi)) : cds::Json()},
                        {"chain_ok", rec.chain ? cds::Json(rec.chain->ok()) : cds::Json()},
                        {"reason", rec.problems.empty() ? std::string() : rec.problems.front().text(cds::Lang::Vi)}});
    for (const auto& ar : res->appraisals)
      intake.push_back({{"file", ar.file}, {"kind", "appraisal"}, {"status", ar.applied ? "applied" : (ar.valid ? "replaced" : "invalid")},
                        {"applied", ar.applied}, {"unit", ar.appraisal ? ar.appraisal->unit_code : std::string()},
                        {"reason", ar.problems.empty() ? std::string() : ar.problems.front().text(cds::Lang::Vi)}});
    j["summary"] = cds::aggregate_summary(*res, lang());
  }
  j["counts"] = counts;
  j["ranking"] = ranking;
  j["groups"] = groups;
  j["intake"] = intake;
  return j;
}

}  // namespace ui
