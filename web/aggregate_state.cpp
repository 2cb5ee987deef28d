// The receiving office's intake: files, the checking queue run a few milliseconds per frame, the
// trust list, and the rows the screens show. See aggregate_state.hpp.
#include "aggregate_state.hpp"

#include <algorithm>

#include "app.hpp"
#include "cds/model/answers.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/model/file_kind.hpp"
#include "i18n.hpp"

namespace ui {
namespace {

const double kFrameBudgetMs = 8.0;  // checking work per frame; the rest is drawing

AggregateState g_state;

cds::CheckedFile too_big(const std::string& name, double size) {
  cds::CheckedFile f;
  f.record.file = name;
  f.record.kind = cds::FileKind::Unknown;
  f.record.status = cds::IntakeStatus::Invalid;
  auto mib = [&](cds::Lang l) { return cds::format_number(cds::Num::from_double(size / 1048576.0).value_or(0), l, 1); };
  f.record.problems.push_back(cds::error("intake.too_big",
                                         "Tệp lớn hơn " + intake_limit_text() + " (" + mib(cds::Lang::Vi) + " MiB), không phải bài nộp; không đọc",
                                         "The file is larger than " + intake_limit_text() + " (" + mib(cds::Lang::En) + " MiB), not a submission; not read"));
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

void start_batch(AggregateState& st) {
  st.batch_total = 0;
  st.batch_done = 0;
  st.batch_started = platform::perf_ms();
  st.frame_ms_max = 0;
  st.check_ms_max = 0;
}

void ensure_aggregator(App& a) {
  AggregateState& st = g_state;
  if (st.agg) return;
  // Each rubric is copied once (by SHA-256) and shared by the aggregator and its results: App's
  // rubric list may grow (and move its entries) while a result is on screen.
  std::vector<cds::KnownRubric> known;
  for (const auto& e : a.rubrics) {
    if (!e.rubric) continue;
    auto& copy = st.rubric_copies[e.sha256];
    if (!copy) copy = std::make_shared<const cds::Rubric>(*e.rubric);
    known.push_back({copy, e.sha256, e.file});
  }
  st.agg = std::make_unique<cds::Aggregator>(std::move(known), st.trust);
  st.rubric_count = a.rubrics.size();
}

// Everything again through a new aggregator (trust list or rubrics changed).
void rebuild(App& a) {
  AggregateState& st = g_state;
  st.agg.reset();
  st.queue.clear();
  st.queue_at = 0;
  st.finishing = false;
  if (st.files.empty()) {
    st.res.reset();
    st.rows.clear();
    ++st.generation;
    return;
  }
  start_batch(st);
  for (size_t i = 0; i < st.files.size(); ++i) st.queue.push_back(i);
  st.batch_total = st.files.size();
  ensure_aggregator(a);
  platform::request_frames(2);
}

void check_one(IntakeFile& f) {
  AggregateState& st = g_state;
  cds::CheckedFile cf;
  if (f.frozen) {
    cf = *f.frozen;
    // What an earlier trust list said no longer applies; the file is refused for its own reasons.
    auto& ps = cf.record.problems;
    ps.erase(std::remove_if(ps.begin(), ps.end(), [](const cds::Message& m) { return m.code.rfind("trust.", 0) == 0; }), ps.end());
  } else {
    cf = st.agg->check_file(f.name, f.bytes);
  }
  if (!cf.record.file_sha256.empty()) f.sha256 = cf.record.file_sha256;
  if (!f.frozen && !may_change(cf)) {
    f.frozen = cf;
    std::string().swap(f.bytes);  // released: nothing can make this file valid
  }
  st.agg->add(std::move(cf));
}

void finish_batch(App& a) {
  AggregateState& st = g_state;
  double t0 = platform::perf_ms();
  st.finishing = false;
  st.res = st.agg->finish();
  st.finish_core_ms = platform::perf_ms() - t0;
  st.res->trust_source = st.trust_name;
  ++st.generation;
  st.last_batch_ms = platform::perf_ms() - st.batch_started;
  st.queue.clear();
  st.queue_at = 0;
  if (st.group >= static_cast<int>(st.res->rubrics.size())) st.group = 0;
  platform::announce(cds::aggregate_summary(*st.res, lang()));
  st.finish_ms = platform::perf_ms() - t0;
  (void)a;
}

}  // namespace

AggregateState& aggregate() { return g_state; }

std::string agg_time(const std::string& iso) {  // 2026-11-23T08:15:00+07:00 → 23/11/2026 08:15
  if (iso.size() < 16 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " + iso.substr(11, 5);
}

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

void aggregate_files_opened(App& a, Request kind, std::vector<platform::OpenedFile> files) {
  if (kind == Request::AggregateTrust) {
    if (files.empty()) return;
    platform::OpenedFile& f = files.front();
    if (f.skipped != platform::OpenedFile::Skipped::No) {
      a.toast(f.name + ": " + T("tệp quá lớn, không phải danh sách tin cậy", "too large for a trust list"), true);
      return;
    }
    auto loaded = cds::load_trust_list(f.bytes);
    if (!loaded.trust) {
      const cds::Message* m = cds::first_error(loaded.messages);
      a.toast(cds::to_nfc_lossy(f.name) + ": " + (m ? m->line(lang()) : std::string(T("không đọc được danh sách tin cậy", "cannot read the trust list"))), true);
      return;
    }
    aggregate_set_trust(a, std::move(loaded.trust), cds::to_nfc_lossy(f.name));
    return;
  }
  std::vector<platform::OpenedFile> intake;
  int not_json = 0;
  for (auto& f : files) {
    f.name = cds::to_nfc_lossy(f.name);
    if (f.skipped == platform::OpenedFile::Skipped::NotJson) {
      ++not_json;
      continue;
    }
    if (f.skipped == platform::OpenedFile::Skipped::No && f.bytes.size() <= kMaxIntakeBytes) {
      // A trust list, a rubric or a key among the files goes where it belongs.
      cds::FileKind kind = cds::detect_format(f.bytes).kind;
      if (kind == cds::FileKind::TrustList) {
        aggregate_files_opened(a, Request::AggregateTrust, {std::move(f)});
        continue;
      }
      if (kind == cds::FileKind::Rubric) {
        a.open_rubric_bytes(f.name, f.bytes, true);
        continue;
      }
      if (kind == cds::FileKind::KeyFile) {
        a.import_key(f.name, f.bytes);
        continue;
      }
    }
    intake.push_back(std::move(f));
  }
  if (not_json) {
    a.toast(std::string(T("Đã bỏ qua ", "Skipped ")) + std::to_string(not_json) +
            T(" tệp không phải .json trong thư mục.", " files in the folder that are not .json."));
  }
  if (!intake.empty()) aggregate_add_files(a, std::move(intake));
}

void aggregate_add_files(App& a, std::vector<platform::OpenedFile> files) {
  AggregateState& st = g_state;
  if (!st.busy()) start_batch(st);
  st.finishing = false;  // more to check first
  ensure_aggregator(a);
  for (auto& f : files) {
    IntakeFile x;
    x.name = std::move(f.name);
    bool skipped = f.skipped != platform::OpenedFile::Skipped::No;
    if (skipped || f.bytes.size() > kMaxIntakeBytes) {
      // Refused before it reaches the aggregator; its bytes are never held.
      x.frozen = too_big(x.name, skipped ? f.size : static_cast<double>(f.bytes.size()));
    } else {
      x.bytes = std::move(f.bytes);
    }
    st.queue.push_back(st.files.size());
    st.files.push_back(std::move(x));
    ++st.batch_total;
  }
  platform::request_frames(2);
}

void aggregate_tick(App& a) {
  AggregateState& st = g_state;
  // The longest frame of a batch: every checking frame, finish()'s frame and the first frame
  // that shows the result.
  if (st.was_busy) st.frame_ms_max = std::max(st.frame_ms_max, platform::last_frame_ms());
  if (st.agg && a.rubrics.size() != st.rubric_count) rebuild(a);  // a rubric file was opened
  if (!st.busy()) {
    if (st.was_busy && st.measure_tail > 0) {
      --st.measure_tail;
      platform::request_frames(2);
      return;
    }
    st.was_busy = false;
    return;
  }
  ensure_aggregator(a);
  st.was_busy = true;
  platform::request_frames(2);  // the next frame checks more (or measures this one)
  if (st.finishing) {  // a frame of its own for core's finish()
    finish_batch(a);
    st.measure_tail = 1;
    return;
  }
  double t0 = platform::perf_ms();
  do {
    check_one(st.files[st.queue[st.queue_at++]]);
    ++st.batch_done;
  } while (st.queue_at < st.queue.size() && platform::perf_ms() - t0 < kFrameBudgetMs);
  st.check_ms_max = std::max(st.check_ms_max, platform::perf_ms() - t0);
  if (st.queue_at >= st.queue.size()) st.finishing = true;
}

void aggregate_set_trust(App& a, std::optional<cds::TrustList> trust, const std::string& name) {
  AggregateState& st = g_state;
  bool had = st.trust.has_value();
  st.trust = std::move(trust);
  st.trust_name = st.trust ? name : std::string();
  rebuild(a);
  if (st.trust) {
    a.toast(std::string(T("Đang dùng danh sách tin cậy ", "Using the trust list ")) + name + " (" + std::to_string(st.trust->units.size()) +
            T(" đơn vị, ", " units, ") + std::to_string(st.trust->appraisers.size()) + T(" khóa thẩm định)", " appraiser keys)") +
            (st.files.empty() ? "" : T("; đang kiểm tra lại các tệp.", "; checking the files again.")));
  } else if (had) {
    a.toast(std::string(T("Đã bỏ danh sách tin cậy", "Trust list removed")) +
            (st.files.empty() ? "." : T("; đang kiểm tra lại các tệp.", "; checking the files again.")));
  }
}

void aggregate_clear(App&) {
  AggregateState& st = g_state;
  st.files.clear();
  st.queue.clear();
  st.queue_at = 0;
  st.finishing = false;
  st.agg.reset();
  st.res.reset();
  st.rows.clear();
  st.rows_generation = -1;
  st.open_unit.clear();
  st.open_rubric.clear();
  st.open_version.clear();
  st.frame_ms_max = 0;
  st.was_busy = false;
  ++st.generation;
}

void aggregate_cancel(App& a) {
  AggregateState& st = g_state;
  if (st.queue_at >= st.queue.size()) return;  // nothing left to check
  size_t dropped = st.pending();
  std::vector<bool> drop(st.files.size(), false);
  for (size_t i = st.queue_at; i < st.queue.size(); ++i) drop[st.queue[i]] = true;
  std::vector<IntakeFile> keep;
  keep.reserve(st.files.size() - dropped);
  for (size_t i = 0; i < st.files.size(); ++i)
    if (!drop[i]) keep.push_back(std::move(st.files[i]));
  st.files = std::move(keep);
  st.queue.clear();
  st.queue_at = 0;
  ensure_aggregator(a);
  finish_batch(a);
  a.toast(std::string(T("Đã dừng kiểm tra: ", "Checking stopped: ")) + std::to_string(dropped) +
          T(" tệp chưa kiểm tra đã được bỏ khỏi danh sách; thêm lại khi cần.", " unchecked files were left out; add them again when needed."));
}

const IntakeFile* aggregate_file_by_sha(const std::string& sha256) {
  for (const auto& f : g_state.files)
    if (f.kept() && f.sha256 == sha256) return &f;
  return nullptr;
}

const cds::UnitResult* aggregate_find_unit(const std::string& rubric_id, const std::string& version, const std::string& code) {
  const AggregateState& st = g_state;
  if (!st.res) return nullptr;
  for (const auto& u : st.res->units) {
    const cds::Rubric& r = *st.res->rubrics[u.rubric].rubric;
    if (u.unit_code == code && r.id == rubric_id && r.version == version) return &u;
  }
  return nullptr;
}

const std::vector<IntakeRow>& aggregate_rows() {
  AggregateState& st = g_state;
  if (st.rows_generation == st.generation && st.rows_lang == lang()) return st.rows;
  st.rows.clear();
  st.rows_generation = st.generation;
  st.rows_lang = lang();
  if (!st.res) return st.rows;
  const cds::AggregateResult& res = *st.res;
  auto rubric_title = [&](const std::string& id, const std::string& version) -> std::string {
    for (const auto& g : res.rubrics)
      if (g.rubric->id == id && g.rubric->version == version) return g.rubric->title + (g.rubric->subtitle.empty() ? "" : " — " + g.rubric->subtitle);
    return "";
  };
  auto unit_text = [](const std::string& name, const std::string& code) {
    if (name.empty() && code.empty()) return std::string("—");
    if (name.empty()) return code;
    return code.empty() ? name : name + " (" + code + ")";
  };
  const std::string open_rubric_hint = T(" — Hãy mở tệp bộ tiêu chí đó (nút \"Mở tệp tiêu chí…\") rồi các tệp được kiểm tra lại.",
                                         " — Open that rubric file (\"Open a rubric file…\") and the files are checked again.");
  for (size_t i = 0; i < res.records.size(); ++i) {
    const cds::IntakeRecord& rec = res.records[i];
    IntakeRow row;
    row.kind = IntakeRow::Record;
    row.index = i;
    switch (rec.status) {
      case cds::IntakeStatus::Valid: row.cls = RowClass::Valid; break;
      case cds::IntakeStatus::Invalid: row.cls = RowClass::Invalid; break;
      case cds::IntakeStatus::Superseded: row.cls = RowClass::Superseded; break;
      case cds::IntakeStatus::Duplicate: row.cls = RowClass::Duplicate; break;
    }
    row.file = rec.file;
    row.unit = unit_text(rec.unit_name, rec.unit_code);
    row.rubric = rec.rubric_id.empty() ? "—" : rec.rubric_id + " " + rec.rubric_version;
    row.rubric_title = rubric_title(rec.rubric_id, rec.rubric_version);
    row.created = rec.created.empty() ? "—" : agg_time(rec.created);
    row.created_key = rec.created_at.value_or(0);
    row.status = cds::intake_status_label(rec.status, lang());
    for (const auto& m : rec.problems) {
      if (m.code == "rubric.not_found") row.rubric_missing = true;
      if (!row.reason_full.empty()) row.reason_full += "\n";
      row.reason_full += "• " + m.line(lang());
    }
    const cds::Message* first = cds::first_error(rec.problems);
    if (!first && !rec.problems.empty()) first = &rec.problems.front();
    if (first) row.reason = first->text(lang());
    if (row.rubric_missing) {
      row.reason += open_rubric_hint;
      row.reason_full += "\n" + open_rubric_hint.substr(3);
    }
    if (rec.status == cds::IntakeStatus::Valid && row.reason.empty())
      row.reason = std::string(T("Được tính · tự chấm ", "Counted · self-assessed ")) + cds::format_number(rec.total, lang(), 2) + " / " +
                   cds::format_number(rec.scale, lang(), 2);
    if (rec.kind == cds::FileKind::Unknown && row.reason.empty()) row.reason = T("Không phải tệp bài nộp cds", "Not a cds submission file");
    row.file_key = cds::ascii_fold(row.file);
    row.unit_key = cds::ascii_fold(row.unit);
    st.rows.push_back(std::move(row));
  }
  for (size_t i = 0; i < res.appraisals.size(); ++i) {
    const cds::AppraisalRecord& ar = res.appraisals[i];
    IntakeRow row;
    row.kind = IntakeRow::Appraisal;
    row.index = i;
    row.cls = ar.applied ? RowClass::Valid : (ar.valid ? RowClass::Superseded : RowClass::Invalid);
    row.file = ar.file;
    if (ar.appraisal) {
      const cds::Appraisal& ap = *ar.appraisal;
      row.unit = unit_text(ap.unit_name, ap.unit_code);
      row.rubric = ap.rubric_id.empty() ? "—" : ap.rubric_id + " " + ap.rubric_version;
      row.rubric_title = rubric_title(ap.rubric_id, ap.rubric_version);
      row.created = ap.created.empty() ? "—" : agg_time(ap.created);
      row.created_key = cds::parse_instant(ap.created).value_or(0);
    } else {
      row.unit = "—";
      row.rubric = "—";
      row.created = "—";
    }
    row.status = ar.applied ? T("Thẩm định · đã áp dụng", "Appraisal · applied")
                            : (ar.valid ? T("Thẩm định · bị thay thế", "Appraisal · replaced") : T("Thẩm định · không áp dụng", "Appraisal · not applied"));
    for (const auto& m : ar.problems) {
      if (!row.reason_full.empty()) row.reason_full += "\n";
      row.reason_full += "• " + m.line(lang());
    }
    const cds::Message* first = nullptr;
    for (const auto& m : ar.problems)
      if (m.severity == cds::Severity::Error || !ar.applied) {
        first = &m;
        break;
      }
    if (first) row.reason = first->text(lang());
    if (ar.applied && ar.appraisal) {
      std::string s = std::to_string(ar.appraisal->changes.size()) + T(" tiêu chí điều chỉnh", " criteria changed");
      if (ar.appraisal->sampled)
        s += std::string(T("; kiểm tra xác suất ", "; sampled check ")) + std::to_string(ar.appraisal->sampled->verified) + "/" +
             std::to_string(ar.appraisal->sampled->checked);
      row.reason = s + (row.reason.empty() ? "" : " · " + row.reason);
    }
    row.file_key = cds::ascii_fold(row.file);
    row.unit_key = cds::ascii_fold(row.unit);
    st.rows.push_back(std::move(row));
  }
  for (size_t i = 0; i < res.missing.size(); ++i) {
    const cds::MissingUnit& mu = res.missing[i];
    IntakeRow row;
    row.kind = IntakeRow::Missing;
    row.index = i;
    row.cls = RowClass::Missing;
    row.file = "—";
    row.unit = unit_text(mu.name, mu.code);
    row.rubric = "—";
    row.created = "—";
    row.status = T("Chưa nộp", "Missing");
    row.reason = mu.has_invalid ? T("Có tệp gửi đến nhưng không có bài nộp hợp lệ", "Files came, none of them valid")
                                : T("Chưa có bài nộp nào của đơn vị trong danh sách tin cậy", "No submission yet from this listed unit");
    row.file_key = cds::ascii_fold(row.file);
    row.unit_key = cds::ascii_fold(row.unit);
    st.rows.push_back(std::move(row));
  }
  return st.rows;
}

cds::Json aggregate_state_json() {
  const AggregateState& st = g_state;
  cds::Json j = cds::Json::object();
  j["files"] = st.files.size();
  j["pending"] = st.pending();
  // Busy until the batch's frame figures are complete (a frame or two after the result shows).
  j["busy"] = st.busy() || st.was_busy;
  j["checked"] = st.batch_done;
  j["batchTotal"] = st.batch_total;
  j["frameMsMax"] = st.frame_ms_max;
  j["checkMsMax"] = st.check_ms_max;
  j["finishMs"] = st.finish_ms;
  j["finishCoreMs"] = st.finish_core_ms;
  j["lastBatchMs"] = st.last_batch_ms;
  j["generation"] = st.generation;
  j["view"] = st.view == 0 ? "intake" : "ranking";
  size_t kept = 0, kept_bytes = 0;
  for (const auto& f : st.files)
    if (f.kept()) {
      ++kept;
      kept_bytes += f.bytes.size();
    }
  j["keptFiles"] = kept;
  j["keptBytes"] = kept_bytes;
  j["trust"] = st.trust ? cds::Json{{"units", st.trust->units.size()}, {"keys", st.trust->keys.size()}, {"appraisers", st.trust->appraisers.size()},
                                    {"file", st.trust_name}}
                        : cds::Json();
  j["unit"] = st.open_unit.empty() ? cds::Json() : cds::Json(st.open_unit);
  cds::Json counts = {{"files", 0}, {"valid", 0}, {"invalid", 0}, {"superseded", 0}, {"duplicate", 0}, {"missing", 0},
                      {"appraisals", 0}, {"appraisals_applied", 0}, {"units", 0}, {"unknown", 0}};
  cds::Json ranking = cds::Json::array();
  cds::Json intake = cds::Json::array();
  cds::Json groups = cds::Json::array();
  if (st.res) {
    const cds::AggregateResult& res = *st.res;
    const auto& c = res.counts;
    counts = {{"files", c.files}, {"valid", c.valid}, {"invalid", c.invalid}, {"superseded", c.superseded}, {"duplicate", c.duplicate},
              {"missing", c.missing}, {"appraisals", c.appraisals}, {"appraisals_applied", c.appraisals_applied}, {"units", c.units},
              {"unknown", c.unknown}};
    if (!res.rubrics.empty())
      for (size_t ui : res.rubrics[0].ranking) {
        const cds::UnitResult& u = res.units[ui];
        ranking.push_back({{"code", u.unit_code}, {"name", u.unit_name}, {"rank", u.rank}, {"tied", u.tied},
                           {"self", u.total_self.to_double()}, {"appraised", u.total_appraised.to_double()},
                           {"final", u.total_final_rounded.to_double()}});
      }
    for (const auto& g : res.rubrics) groups.push_back({{"id", g.rubric->id}, {"version", g.rubric->version}, {"units", g.ranking.size()}});
    for (const auto& rec : res.records)
      intake.push_back({{"file", rec.file}, {"kind", rec.kind == cds::FileKind::Submission ? "submission" : "unknown"},
                        {"status", cds::intake_status_name(rec.status)}, {"unit", rec.unit_code},
                        {"reason", rec.problems.empty() ? std::string() : rec.problems.front().text(cds::Lang::Vi)}});
    for (const auto& ar : res.appraisals)
      intake.push_back({{"file", ar.file}, {"kind", "appraisal"}, {"status", ar.applied ? "applied" : (ar.valid ? "replaced" : "invalid")},
                        {"applied", ar.applied}, {"unit", ar.appraisal ? ar.appraisal->unit_code : std::string()},
                        {"reason", ar.problems.empty() ? std::string() : ar.problems.front().text(cds::Lang::Vi)}});
    j["summary"] = cds::aggregate_summary(res, lang());
  }
  j["counts"] = counts;
  j["ranking"] = ranking;
  j["groups"] = groups;
  j["intake"] = intake;
  return j;
}

}  // namespace ui
