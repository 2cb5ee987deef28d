// `cds appraise-table`: figures from outside the units (Cổng DVC, Công an tỉnh, Sở TTTT…) for every
// unit of an intake from one table, each unit's corrections signed as an appraisal
// (docs/appraisal-format.md, "Figures for all units from one table").
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/office/aggregate.hpp"
#include "cds/office/figure_table.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/zip/xlsx_read.hpp"
#include "cds/zip/zip.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "dossier_cli.hpp"
#include "intake.hpp"
#include "rubric_set.hpp"
#include "xlsx_out.hpp"

namespace fs = std::filesystem;

namespace cli {
namespace {

// The submission bytes of an intake file (a dossier's submission.json, or the file itself).
std::optional<std::string> submission_bytes(const std::string& path) {
  auto bytes = read_file(path, cds::DossierLimits{}.file_bytes);
  if (!bytes) return std::nullopt;
  if (!cds::zip::looks_like_zip(*bytes)) return bytes;
  cds::Messages problems;
  auto in = read_dossier_input(*bytes, &problems);
  if (!in) return std::nullopt;
  return in->submission;
}

std::vector<size_t> criteria_option(const Args& args, const cds::Rubric& r, bool* bad) {
  std::vector<size_t> out;
  auto v = args.get("--criteria");
  if (!v) return out;
  std::string s = *v + ",";
  std::string cur;
  for (char c : s) {
    if (c != ',') {
      cur.push_back(c);
      continue;
    }
    std::string id(cds::trim(cur));
    cur.clear();
    if (id.empty()) continue;
    const cds::Criterion* c2 = r.criterion(id);
    if (!c2) {
      usage_error("Bộ tiêu chí " + r.id + " không có tiêu chí " + id, "The rubric " + r.id + " has no criterion " + id);
      *bad = true;
      return {};
    }
    out.push_back(static_cast<size_t>(c2 - r.criteria.data()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int cmd_appraise_table(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--template", "--dry-run"},
                         {"--key", "--passphrase-file", "--out", "--out-dir", "--rubrics", "--rubric", "--trust", "--time", "--lang", "--appraiser",
                          "--title", "--organisation", "--note", "--criteria", "--appraisals"});
  if (!args) return kUsage;
  const bool make_template = args->has("--template");
  const bool dry = args->has("--dry-run");
  cds::Lang lang = lang_from(*args);
  const bool vi = lang == cds::Lang::Vi;
  if ((make_template && !args->get("--out")) || (!make_template && (args->positional.empty() || (!dry && !args->get("--out-dir"))))) {
    usage_error(
        "Cách dùng: cds appraise-table bang-so-lieu.csv|.xlsx <bài nộp|thư mục>... --appraiser TÊN --organisation CƠ-QUAN --key K --passphrase-file F --out-dir THƯ-MỤC [--note …] [--dry-run]\n"
        "           cds appraise-table --template [<bài nộp|thư mục>...] [--rubric ID] [--criteria 3,8] --out bang-so-lieu.csv|.xlsx",
        "Usage: cds appraise-table figures.csv|.xlsx <submissions|folders>... --appraiser NAME --organisation BODY --key K --passphrase-file F --out-dir DIR [--note …] [--dry-run]\n"
        "       cds appraise-table --template [<submissions|folders>...] [--rubric ID] [--criteria 3,8] --out figures.csv|.xlsx");
    return kUsage;
  }
  auto blank = [&](const char* opt) { return !args->get(opt) || cds::trim(*args->get(opt)).empty(); };
  if (!make_template && !dry && (blank("--appraiser") || blank("--organisation"))) {
    usage_error("Cần --appraiser (người thẩm định) và --organisation (cơ quan thẩm định)", "--appraiser (who) and --organisation (which body) are required");
    return kUsage;
  }
  bool trust_failed = false;
  auto trust = load_trust_option(*args, &trust_failed);
  if (trust_failed) return kUsage;
  cds::RubricCatalogue set = load_rubric_dir(args->get("--rubrics").value_or(default_rubric_dir()));
  cds::crypto_init();

  // The intake: every counted submission, with the appraisal chains already applied.
  auto paths = intake_paths(*args, make_template ? 0 : 1);
  if (!paths) return kUsage;
  cds::Aggregator agg(set, trust);
  check_each(agg, *paths, 2, [&](size_t, cds::CheckedFile&& f) { agg.add(std::move(f)); });
  cds::AggregateResult res = agg.finish();

  // The rubric: --rubric, else the one rubric of the intake.
  std::shared_ptr<const cds::Rubric> rubric;
  if (auto want = args->get("--rubric")) {
    for (const auto& e : set.entries())
      if (e.rubric->id == *want && (!rubric || e.rubric->version > rubric->version)) rubric = e.rubric;
    for (const auto& g : res.rubrics)  // the version the intake uses, when it has one
      if (g.rubric->id == *want) rubric = g.rubric;
    if (!rubric) {
      usage_error("Không có bộ tiêu chí " + *want, "No rubric " + *want);
      return kUsage;
    }
  } else {
    std::set<std::string> ids;
    for (const auto& g : res.rubrics) ids.insert(g.rubric->id + " " + g.rubric->version);
    if (ids.size() != 1) {
      usage_error(ids.empty() ? "Không có bài nộp hợp lệ nào; ghi rõ --rubric ID" : "Các bài nộp thuộc nhiều bộ tiêu chí; ghi rõ --rubric ID",
                  ids.empty() ? "No valid submission; give --rubric ID" : "The submissions use several rubrics; give --rubric ID");
      return kUsage;
    }
    rubric = res.rubrics[0].rubric;
  }
  const cds::Rubric& r = *rubric;
  std::vector<size_t> units;  // into res.units, of this rubric, by unit code
  for (size_t i = 0; i < res.units.size(); ++i)
    if (res.group(res.units[i]).rubric->id == r.id && res.group(res.units[i]).rubric->version == r.version) units.push_back(i);
  std::sort(units.begin(), units.end(), [&](size_t a, size_t b) { return res.units[a].unit_code < res.units[b].unit_code; });
  std::map<size_t, cds::Answers> answers;  // unit → its signed answers
  for (size_t ui : units)
    if (auto b = submission_bytes(res.records[res.units[ui].record].file))
      if (auto a = cds::signed_answers(*b)) answers.emplace(ui, std::move(*a));

  if (make_template) {
    bool bad = false;
    auto criteria = criteria_option(*args, r, &bad);
    if (bad) return kUsage;
    std::vector<cds::FigureTemplateUnit> rows;
    for (size_t ui : units) {
      auto it = answers.find(ui);
      rows.push_back({res.units[ui].unit_code, res.units[ui].unit_name, it == answers.end() ? nullptr : &it->second, res.group(res.units[ui]).period});
    }
    bool fillable = false;  // at least one column to fill
    for (size_t i = 0; i < r.criteria.size(); ++i) {
      bool chosen = criteria.empty() ? r.criteria[i].source.has_value() : std::find(criteria.begin(), criteria.end(), i) != criteria.end();
      if (chosen)
        for (const auto& in : r.criteria[i].inputs)
          if (in.type != cds::InputType::Text && in.type != cds::InputType::FrequencyCounts) fillable = true;
    }
    if (!fillable) {
      usage_error("Các tiêu chí đã chọn không có ô số liệu nào nhập được từ bảng (chọn tiêu chí khác bằng --criteria)",
                  "The chosen criteria have no field a table can fill (choose others with --criteria)");
      return kUsage;
    }
    const std::string out = *args->get("--out");
    // An .xlsx name gets a real workbook (every cell text: codes and keys stay as written), else CSV.
    bool xlsx = out.size() >= 5 && cds::ascii_fold(out.substr(out.size() - 5)) == ".xlsx";
    if (xlsx) {
      if (!write_xlsx(out, cds::figure_table_template_workbook(r, criteria, rows, lang, xlsx_created()))) return kUsage;
    } else if (!write_file(out, cds::figure_table_template(r, criteria, rows, lang))) {
      return kUsage;
    }
    std::printf("%s %s (%zu %s)\n", vi ? "Đã ghi bảng số liệu mẫu:" : "Template written:", args->get("--out")->c_str(), rows.size(), vi ? "đơn vị" : "units");
    return kOk;
  }

  const std::string table_path = args->positional[0];
  auto bytes = read_file(table_path, cds::kFigureTableMaxBytes + 1);
  if (!bytes) return kUsage;
  cds::LoadedFigureTable lt;
  if (cds::zip::looks_like_workbook(*bytes)) {  // an Excel workbook: its first sheet's rows
    auto sheet = cds::zip::read_xlsx_sheet(*bytes);
    if (!sheet.sheet) {
      print_messages(sheet.problems, table_path);
      return kInvalid;
    }
    lt = cds::load_figure_table(std::move(sheet.sheet->rows), r);
  } else {
    lt = cds::load_figure_table(*bytes, r);
  }
  cds::Messages all = lt.messages;
  if (!lt.table) {
    print_messages(all, table_path);
    return kInvalid;
  }
  const cds::FigureTable& t = *lt.table;
  const std::string note = args->get("--note").value_or("");

  struct Plan {
    size_t unit;
    cds::UnitFigures figures;
  };
  std::vector<Plan> plans;
  std::set<size_t> matched_rows;
  const bool load_errors = cds::has_errors(all);  // a bad cell is then reported once, by load_figure_table
  std::map<std::string, int> per_code;            // units of this rubric per code (several periods)
  for (size_t ui : units) ++per_code[res.units[ui].unit_code];
  for (size_t ui : units) {
    const cds::UnitResult& u = res.units[ui];
    auto row = cds::figure_row_for(t, u.unit_code, res.group(u).period);
    if (!row) continue;
    if (!t.has_period && per_code[u.unit_code] > 1) {
      all.push_back(cds::error("figures.period_needed",
                               "Đơn vị " + u.unit_code + " có bài nộp của nhiều kỳ đánh giá: thêm cột \"Kỳ đánh giá [period]\" để nói dòng nào cho kỳ nào (bảng mẫu có sẵn cột này)",
                               "Unit " + u.unit_code + " has submissions for several periods: add a \"Period [period]\" column to say which row is for which (the template has it)"));
      matched_rows.insert(*row);
      continue;
    }
    // A chain that forks after its applied levels: another level on top would be a third branch.
    if (cds::chain_forks(res, u)) {
      all.push_back(cds::error("figures.fork",
                               "Chuỗi thẩm định của đơn vị " + u.unit_code + " đang rẽ nhánh (nhiều bản cùng xây trên một cấp): thu hồi bản thừa trước khi ký thêm",
                               "Unit " + u.unit_code + "'s appraisal chain forks (several levels on one): withdraw the extra file before signing another"));
      matched_rows.insert(*row);
      continue;
    }
    matched_rows.insert(*row);
    auto it = answers.find(ui);
    if (it == answers.end()) continue;
    std::vector<cds::Num> current(r.criteria.size());
    for (size_t i = 0; i < current.size(); ++i) current[i] = u.appraised(i);
    Plan p{ui, cds::apply_figures(t, t.rows[*row], r, it->second, current, note)};
    if (!load_errors)
      for (auto m : p.figures.messages) {
        m.where = u.unit_code + (m.where.empty() ? "" : ", " + m.where);
        all.push_back(std::move(m));
      }
    plans.push_back(std::move(p));
  }
  for (size_t i = 0; i < t.rows.size(); ++i)
    if (!matched_rows.count(i))
      all.push_back(cds::warning("figures.no_submission",
                                 "Đơn vị " + t.rows[i].unit_code + " có trong bảng nhưng không có bài nộp hợp lệ (" + r.id + ") trong các tệp đã đọc: bỏ qua",
                                 "Unit " + t.rows[i].unit_code + " is in the table but has no valid submission (" + r.id + ") among the files read: skipped",
                                 "A" + std::to_string(t.rows[i].line)));

  // What it will do, unit by unit.
  int d = r.decimals;
  size_t n_changes = 0, n_units = 0;
  for (const auto& p : plans) {
    const auto& u = res.units[p.unit];
    if (p.figures.changes.empty()) continue;
    ++n_units;
    std::printf("%s (%s)%s\n", u.unit_name.c_str(), u.unit_code.c_str(),
                u.levels.empty() ? "" : (vi ? " — xây trên bản thẩm định đã áp dụng" : " — built on the appraisal applied"));
    for (const auto& ch : p.figures.changes) {
      ++n_changes;
      std::printf("  %s: %s → %s (%s)\n", r.criteria[ch.criterion].code.c_str(), cds::fmt_points(ch.before, lang, d).c_str(),
                  cds::fmt_points(ch.after, lang, d).c_str(), ch.reason.c_str());
    }
  }
  size_t same = 0, wrong = 0;
  for (const auto& p : plans)
    if (cds::has_errors(p.figures.messages)) ++wrong;
    else if (p.figures.changes.empty()) ++same;
  std::printf(vi ? "%zu đơn vị có điểm thay đổi (%zu tiêu chí); %zu đơn vị không đổi; %zu đơn vị có số liệu sai; %zu dòng của bảng không khớp bài nộp nào\n"
                 : "%zu units change (%zu criteria); %zu units unchanged; %zu units with wrong figures; %zu table rows match no submission\n",
              n_units, n_changes, same, wrong, t.rows.size() - matched_rows.size());
  if (!all.empty()) print_messages(all, table_path);
  if (cds::has_errors(all)) {
    std::fprintf(stderr, "%s\n", vi ? "cds: bảng số liệu có lỗi: chưa ký bản thẩm định nào; sửa bảng rồi chạy lại"
                                    : "cds: the figure table has errors: nothing signed; fix the table and run again");
    return kInvalid;
  }
  if (dry) return kOk;
  if (n_units == 0) return kOk;

  int code = kOk;
  auto key = open_key(*args, &code);
  if (!key) return code;
  if (trust && !trust->find_appraiser(key->public_key)) {  // it would be refused at intake
    std::fprintf(stderr, "cds: %s\n     %s\n", "khóa này không có trong danh sách khóa thẩm định của danh sách tin cậy: bản thẩm định sẽ không được áp dụng; chưa ký gì",
                 "this key is not an appraiser key of the trust list: the appraisals would not be applied; nothing signed");
    return kInvalid;
  }
  const std::string out_dir = *args->get("--out-dir");
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  const std::string created = args->get("--time").value_or(now_iso());
  if (args->get("--time"))  // a time given by hand: not before any unit's submission or last level (nothing signed then)
    for (const auto& p : plans) {
      if (p.figures.changes.empty()) continue;
      const auto& u = res.units[p.unit];
      cds::Appraisal t;
      t.created = created;
      t.submission_created = res.records[u.record].created;
      if (!u.levels.empty() && res.appraisals[u.levels.back()].appraisal) t.previous_created = res.appraisals[u.levels.back()].appraisal->created;
      if (auto m = cds::appraisal_time_problem(t)) {
        print_messages({*m}, "--time " + u.unit_code);
        return kUsage;
      }
    }
  int written = 0;
  for (const auto& p : plans) {
    if (p.figures.changes.empty()) continue;
    const auto& u = res.units[p.unit];
    auto sub = submission_bytes(res.records[u.record].file);
    if (!sub) return kUsage;
    auto v = cds::verify_submission(*sub, set.lookup(), trust ? &*trust : nullptr);
    cds::Appraisal a;
    cds::refer_to(a, v);
    a.appraiser_name = cds::to_nfc_lossy(cds::trim(*args->get("--appraiser")));
    a.appraiser_title = args->get("--title").value_or("");
    a.organisation = cds::to_nfc_lossy(cds::trim(*args->get("--organisation")));
    a.note = note;
    a.created = created;
    a.changes = cds::appraisal_changes(p.figures, r);
    cds::Messages why;
    if (!u.levels.empty()) {  // the next level on the chain already applied: nothing earlier is lost
      const cds::AppraisalRecord& last = res.appraisals[u.levels.back()];
      auto prev = last.within.empty() ? read_file(last.file) : std::nullopt;
      if (!prev) {
        std::fprintf(stderr, "cds: %s: %s\n", u.unit_code.c_str(),
                     vi ? "bản thẩm định đã áp dụng chỉ nằm trong một tệp khác; không xây tiếp được" : "the applied appraisal is only inside another file; cannot build on it");
        return kInvalid;
      }
      auto pv = cds::verify_appraisal(*prev, trust ? &*trust : nullptr);
      // The table's changes are relative to the chain's last level; criteria it does not name keep theirs.
      if (!cds::build_on(a, pv, *prev, &why)) {
        print_messages(why, last.file);
        return kInvalid;
      }
    }
    cds::Messages fit = cds::check_appraisal(a, r);
    if (cds::has_errors(fit)) {
      print_messages(fit, u.unit_code);
      return kInvalid;
    }
    auto sealed = cds::make_appraisal(a, *key, &why);
    if (!sealed) {
      print_messages(why, u.unit_code);
      return kUsage;
    }
    std::string name = cds::appraisal_file_name(a);
    if (a.level > 1) name.insert(name.size() - 5, "_cap" + std::to_string(a.level));
    std::string path = (fs::path(out_dir) / name).string();
    if (fs::exists(path, ec)) {
      usage_error("Đã có tệp " + path + "; chọn thư mục khác hoặc --time khác", "The file " + path + " exists; choose another folder or --time");
      return kUsage;
    }
    if (!write_file(path, cds::appraisal_to_text(*sealed))) return kUsage;
    ++written;
    std::printf("%s %s\n", vi ? "Đã ký:" : "Signed:", path.c_str());
  }
  std::printf(vi ? "Đã ký %d bản thẩm định vào %s\n" : "%d appraisals signed into %s\n", written, out_dir.c_str());
  return kOk;
}

}  // namespace cli
