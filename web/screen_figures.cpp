// "Bảng số liệu" in "Tổng hợp" (screen_figures.hpp).
#include "screen_figures.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "aggregate_unit.hpp"
#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/office/figure_table.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/zip/xlsx_read.hpp"
#include "edition.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "requests.hpp"
#include "key_ring.hpp"
#include "widgets.hpp"
#include "cds/zip/zip.hpp"

namespace ui {
namespace {

// The counted submission of a unit, verified again from its kept bytes (as the unit page does).
std::optional<cds::Verification> verified(const AggregateState& st, const cds::UnitResult& u) {
  const cds::RubricGroup& g = st.res->group(u);
  const IntakeFile* f = st.file_by_sha(st.res->records[u.record].file_sha256);
  if (!f || !f->held()) return std::nullopt;
  std::shared_ptr<const cds::Rubric> rubric = g.rubric;
  std::string sha = g.sha256;
  cds::RubricLookup lookup = [rubric, sha](const std::string& id, const std::string& version) -> std::optional<cds::RubricRef> {
    if (id == rubric->id && version == rubric->version) return cds::RubricRef{rubric.get(), sha};
    return std::nullopt;
  };
  auto v = cds::verify_submission(f->raw(), lookup);
  if (!v.answers) return std::nullopt;
  return v;
}

std::string message_line(const cds::Message& m) { return m.line(lang()); }

}  // namespace

void FiguresPanel::receive(App& a, AggregateState& st, platform::OpenedFile f) {
  shown_ = true;
  scroll_ = true;
  file = cds::to_nfc_lossy(f.name);
  signed_files.clear();
  sign_error.clear();
  bytes_.clear();
  errors.clear();
  warnings.clear();
  units.clear();
  if (f.skipped == platform::OpenedFile::Skipped::Unreadable) {
    errors.push_back(T("Không đọc được tệp (đã xóa hay chuyển đi?).", "Cannot read the file (deleted or moved?)."));
    return;
  }
  if (f.skipped != platform::OpenedFile::Skipped::No) {
    errors.push_back(std::string(T("Tệp quá lớn cho một bảng số liệu (tối đa ", "Too large for a figure table (at most ")) +
                     std::to_string(cds::kFigureTableMaxBytes / 1024 / 1024) + " MB).");
    return;
  }
  bytes_ = std::move(f.bytes);
  compute(a, st, true);
}

void FiguresPanel::compute(App& a, AggregateState& st, bool announce) {
  planned_generation_ = st.generation;
  sheet.clear();
  errors.clear();
  warnings.clear();
  units.clear();
  unchanged = 0;
  rubric_title.clear();
  if (!st.res || st.res->units.empty()) {
    errors.push_back(T("Chưa có bài nộp hợp lệ nào trong danh sách tổng hợp: hãy thêm các bài nộp trước, rồi mở bảng số liệu.",
                       "No valid submission in the intake yet: add the submissions first, then open the figure table."));
    return;
  }
  // An Excel workbook (by its bytes, whatever its name): its first worksheet's rows, read here at
  // once (a table of a few hundred rows takes milliseconds; the limits bound the worst case).
  std::optional<std::vector<cds::TableRow>> rows;
  if (cds::zip::looks_like_workbook(bytes_)) {
    auto x = cds::zip::read_xlsx_sheet(bytes_);
    if (!x.sheet) {
      for (const auto& m : x.problems) errors.push_back(message_line(m));
      return;
    }
    sheet = cds::to_nfc_lossy(x.sheet->name);
    rows = std::move(x.sheet->rows);
  }
  // The rubric the table is for: the first of the intake's rubrics it reads against without a
  // header error (criterion and input ids are the rubric's own).
  const cds::AggregateResult& res = *st.res;
  std::optional<cds::LoadedFigureTable> lt;
  std::shared_ptr<const cds::Rubric> rubric;
  for (const auto& g : res.rubrics) {
    auto try_it = rows ? cds::load_figure_table(*rows, *g.rubric) : cds::load_figure_table(bytes_, *g.rubric);
    if (try_it.table) {
      lt = std::move(try_it);
      rubric = g.rubric;
      break;
    }
    if (!lt) lt = std::move(try_it);  // the first rubric's reasons, when none fits
  }
  for (const auto& m : lt->messages) (m.severity == cds::Severity::Error ? errors : warnings).push_back(message_line(m));
  if (!rubric) return;
  const cds::Rubric& r = *rubric;
  rubric_title = r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle);
  const cds::FigureTable& t = *lt->table;
  const bool load_errors = cds::has_errors(lt->messages);  // a bad cell is then listed once, by its cell

  std::map<std::string, int> per_code;  // units of this rubric per code (several periods)
  for (const auto& u : res.units) {
    const cds::Rubric& ur = *res.group(u).rubric;
    if (ur.id == r.id && ur.version == r.version) ++per_code[u.unit_code];
  }
  std::set<size_t> matched;
  for (size_t ui = 0; ui < res.units.size(); ++ui) {
    const cds::UnitResult& u = res.units[ui];
    const cds::RubricGroup& g = res.group(u);
    if (g.rubric->id != r.id || g.rubric->version != r.version) continue;
    auto row = cds::figure_row_for(t, u.unit_code, g.period);
    if (!row) continue;
    matched.insert(*row);
    if (!t.has_period && per_code[u.unit_code] > 1) {
      errors.push_back(u.unit_code + ": " + T("đơn vị có bài nộp của nhiều kỳ đánh giá: thêm cột \"Kỳ đánh giá [period]\" (bảng mẫu có sẵn cột này).",
                                                "the unit has submissions for several periods: add a \"Period [period]\" column (the template has it)."));
      continue;
    }
    if (cds::chain_forks(res, u)) {  // another level would be a third branch
      errors.push_back(u.unit_code + ": " + T("chuỗi thẩm định đang rẽ nhánh (nhiều bản cùng xây trên một cấp): thu hồi bản thừa trước khi ký thêm.",
                                              "the appraisal chain forks (several levels on one): withdraw the extra file before signing another."));
      continue;
    }
    auto v = verified(st, u);
    if (!v) {
      errors.push_back(u.unit_code + ": " + T("không còn nội dung bài nộp trong bộ nhớ; hãy thêm lại tệp.", "the submission's bytes are no longer in memory; add the file again."));
      continue;
    }
    std::vector<cds::Num> current(r.criteria.size());
    for (size_t i = 0; i < current.size(); ++i) current[i] = u.appraised(i);
    cds::UnitFigures f = cds::apply_figures(t, t.rows[*row], r, *v->answers, current, "");
    if (!load_errors)
      for (const auto& m : f.messages) (m.severity == cds::Severity::Error ? errors : warnings).push_back(u.unit_code + ": " + message_line(m));
    if (f.changes.empty()) {
      ++unchanged;
      continue;
    }
    UnitLine line{ui, u.unit_code, u.unit_name, g.period, {}, cds::appraisal_changes(f, r)};
    for (const auto& ch : f.changes)
      line.changes.push_back(r.criteria[ch.criterion].code + ": " + fmt_points(ch.before, lang(), r.decimals) + " → " + fmt_points(ch.after, lang(), r.decimals));
    units.push_back(std::move(line));
  }
  for (size_t i = 0; i < t.rows.size(); ++i)
    if (!matched.count(i))
      warnings.push_back(std::string(T("Dòng ", "Row ")) + std::to_string(t.rows[i].line) + ": " + t.rows[i].unit_code +
                         T(" không có bài nộp hợp lệ trong danh sách: bỏ qua.", " has no valid submission in the intake: skipped."));
  if (!errors.empty()) {
    units.clear();  // all or nothing: the office fixes the table and opens it again
    return;
  }
  if (!announce) return;
  size_t n = 0;
  for (const auto& u : units) n += u.changes.size();
  if (units.empty())
    a.toast(T("Bảng số liệu: mọi số liệu cho cùng điểm đang áp dụng; không có gì để điều chỉnh.",
              "Figure table: every figure gives the score already applied; nothing to change."));
  else
    a.toast(std::string(T("Bảng số liệu: ", "Figure table: ")) + std::to_string(n) + T(" điều chỉnh cho ", " changes for ") + std::to_string(units.size()) +
            T(" đơn vị; xem và ký bên dưới.", " units; review and sign below."));
}

void FiguresPanel::template_button(App& a, AggregateState& st) {
  if (!st.res || st.res->rubrics.empty()) return;
  for (size_t gi = 0; gi < st.res->rubrics.size(); ++gi) {
    const cds::RubricGroup& g = st.res->rubrics[gi];
    bool sourced = std::any_of(g.rubric->criteria.begin(), g.rubric->criteria.end(), [](const cds::Criterion& c) { return c.source.has_value(); });
    if (!sourced) continue;
    std::string suffix = st.res->rubrics.size() > 1 ? " — " + g.rubric->id : "";
    std::string lbl = std::string(T("Tải bảng mẫu (CSV)", "Download the template (CSV)")) + suffix + "##fig:template:" + std::to_string(gi);
    same_line_if_fits(button_width(lbl.c_str()));
    bool csv_wanted = button(lbl.c_str());
    std::string xlbl = std::string(T("Tải bảng mẫu (Excel)", "Download the template (Excel)")) + suffix + "##fig:template-xlsx:" + std::to_string(gi);
    same_line_if_fits(button_width(xlbl.c_str()));
    bool xlsx_wanted = button(xlbl.c_str());
    if (!csv_wanted && !xlsx_wanted) continue;
    std::vector<cds::Answers> kept;
    std::vector<cds::FigureTemplateUnit> rows;
    std::vector<const cds::UnitResult*> us;
    for (size_t ui : g.ranking) us.push_back(&st.res->units[ui]);
    std::sort(us.begin(), us.end(), [](const cds::UnitResult* x, const cds::UnitResult* y) { return x->unit_code < y->unit_code; });
    kept.reserve(us.size());
    for (const auto* u : us) {
      auto v = verified(st, *u);
      kept.push_back(v ? *v->answers : cds::Answers{});
      rows.push_back({u->unit_code, u->unit_name, v ? &kept.back() : nullptr});
    }
    if (xlsx_wanted) {
      std::string name = "bang-so-lieu_" + g.rubric->id + ".xlsx";
      save_workbook(cds::figure_table_template_workbook(*g.rubric, {}, rows, lang(), epoch_now()), name, [&a, name](bool ok, const std::string& why) {
        if (ok)
          a.toast(std::string(T("Đã lưu bảng mẫu ", "Template saved: ")) + name +
                  T(": điền số liệu vào các cột tô màu, lưu lại (Excel hoặc CSV UTF-8), rồi mở lại ở đây.",
                    ": fill the shaded columns, save it (Excel or CSV UTF-8), and open it here."));
        else
          a.toast(std::string(T("Không tạo được tệp Excel: ", "Could not make the Excel file: ")) + why, true);
      });
      continue;
    }
    std::string csv = cds::figure_table_template(*g.rubric, {}, rows, lang());
    std::string name = "bang-so-lieu_" + g.rubric->id + ".csv";
    platform::save_file(name, "text/csv", csv);
    a.toast(std::string(T("Đã lưu bảng mẫu ", "Template saved: ")) + name +
            T(": điền số liệu vào các cột còn trống, lưu dạng CSV UTF-8 (hoặc Excel), rồi mở lại ở đây.",
              ": fill the empty columns, save as CSV UTF-8 (or Excel), and open it here."));
  }
}

void FiguresPanel::sign_all(App& a, AggregateState& st) {
  const StoredKey* sk = a.keys().find(key_id);
  if (!sk) {
    cds::wipe(pass);
    return;
  }
  auto opened = cds::open_key_file(sk->file, pass);
  cds::wipe(pass);
  if (!opened.key) {
    sign_error = opened.messages.empty() ? std::string("?") : opened.messages.back().text(lang());
    return;
  }
  sign_error.clear();
  compute(a, st, false);  // against the intake as it is now
  if (!errors.empty() || units.empty() || !st.res) return;
  if (st.trust && !st.trust->find_appraiser(opened.key->public_key)) {
    sign_error = T("Khóa này không có trong danh sách khóa thẩm định của danh sách tin cậy: bản thẩm định sẽ không được áp dụng; chưa ký gì.",
                   "This key is not an appraiser key of the trust list: the appraisals would not be applied; nothing signed.");
    return;
  }
  const cds::AggregateResult& res = *st.res;
  std::vector<platform::OpenedFile> files;
  std::string created = platform::local_time_iso();
  for (const auto& line : units) {
    const cds::UnitResult& u = res.units[line.unit];
    const cds::Rubric& r = *res.group(u).rubric;
    auto v = verified(st, u);
    if (!v) {
      sign_error = line.unit_code + ": " + T("không còn nội dung bài nộp trong bộ nhớ.", "the submission's bytes are no longer in memory.");
      return;
    }
    cds::Appraisal ap;
    cds::refer_to(ap, *v);
    ap.appraiser_name = cds::to_nfc_lossy(cds::trim(st.appraiser.name));
    ap.appraiser_title = cds::to_nfc_lossy(cds::trim(st.appraiser.title));
    ap.organisation = cds::to_nfc_lossy(cds::trim(st.appraiser.organisation));
    ap.created = created;
    ap.changes = line.signed_changes;
    cds::Messages why;
    if (!u.levels.empty()) {  // the next level on the chain applied now: its changes are kept
      const cds::AppraisalRecord& last = res.appraisals[u.levels.back()];
      const IntakeFile* prev = nullptr;
      for (const auto& f : st.files)
        if (f.name == last.file && f.kept() && f.held()) prev = &f;
      const std::string prev_bytes = prev ? prev->raw() : std::string();
      if (!last.within.empty() || !prev ||
          !cds::build_on(ap, cds::verify_appraisal(prev_bytes, st.trust ? &*st.trust : nullptr), prev_bytes, &why)) {
        sign_error = line.unit_code + ": " + (why.empty() ? std::string(T("không xây tiếp được trên bản thẩm định đã áp dụng (thêm lại tệp của nó).",
                                                                         "cannot build on the appraisal applied (add its file again)."))
                                                         : why.front().text(lang()));
        return;
      }
    }
    for (const auto& m : cds::check_appraisal(ap, r))
      if (m.severity == cds::Severity::Error) {
        sign_error = line.unit_code + ": " + m.line(lang());
        return;
      }
    auto sealed = cds::make_appraisal(ap, *opened.key, &why);
    if (!sealed) {
      sign_error = line.unit_code + ": " + (why.empty() ? std::string("?") : why.back().text(lang()));
      return;
    }
    std::string name = cds::appraisal_file_name(ap);
    if (ap.level > 1) name.insert(name.size() - 5, "_cap" + std::to_string(ap.level));
    files.push_back({name, cds::appraisal_to_text(*sealed)});
  }
  signed_files = files;
  save_signed(a, created);
  st.add_files(a.rubrics().catalogue(), std::move(files));
  a.toast(std::string(T("Đã ký ", "Signed ")) + std::to_string(signed_files.size()) +
          T(" bản thẩm định; đã thêm vào danh sách tổng hợp.", " appraisals; added to the intake."));
}

// One file: as it is. Several: one ZIP (a browser lets a page start only a few downloads at once;
// the others would be lost without a word), each file also offered again below.
void FiguresPanel::save_signed(App& a, const std::string& created) {
  if (signed_files.size() == 1) {
    platform::save_file(signed_files[0].name, "application/json", signed_files[0].bytes);
    return;
  }
  std::vector<cds::DossierFile> entries;
  for (const auto& f : signed_files) entries.push_back({f.name, f.bytes});
  std::string zip = cds::zip::write_zip(entries, cds::zip::zip_time_from_iso(created));
  std::string name = "thamdinh_bang-so-lieu_" + std::to_string(signed_files.size()) + "-don-vi_" + cds::file_stamp(created) + ".zip";
  if (zip.empty()) {
    a.toast(T("Không đóng gói được các tệp; hãy lưu từng tệp bên dưới.", "Cannot pack the files; save each one below."), true);
    return;
  }
  platform::save_file(name, "application/zip", zip);
}

cds::Json FiguresPanel::to_json() const {
  cds::Json j = {{"shown", shown_}, {"file", file}, {"sheet", sheet}, {"rubric", rubric_title}, {"errors", errors}, {"warnings", warnings},
                 {"unchanged", unchanged}, {"signed", cds::Json::array()}, {"units", cds::Json::array()}};
  for (const auto& f : signed_files) j["signed"].push_back(f.name);
  for (const auto& u : units) j["units"].push_back({{"code", u.unit_code}, {"changes", u.changes}});
  return j;
}

void FiguresPanel::draw(App& a, AggregateState& st) {
  if (!shown_) return;
  // Files came in or left since the plan was made (a newer submission, an appraisal signed on a
  // unit's page): plan again, so what is shown is what would be signed.
  if (!bytes_.empty() && !st.busy() && st.generation != planned_generation_) compute(a, st, false);
  float w = std::min(ImGui::GetContentRegionAvail().x, 760.0f);
  ImGui::Separator();
  if (scroll_) {  // a table just read: bring the panel into view (phones: it is below the exports)
    ImGui::SetScrollHereY(0.0f);
    scroll_ = false;
  }
  heading(T("Bảng số liệu do cơ quan khác cung cấp", "Figures supplied by other agencies"));
  text_disabled_wrapped(T("Tiêu chí có số liệu từ Cổng DVC, Công an tỉnh, Sở TT&TT…: điền một bảng cho mọi đơn vị, cds chấm lại từng đơn vị theo số liệu đó "
                          "thành điều chỉnh (kèm lý do) để ký thành bản thẩm định của từng đơn vị. Ô để trống giữ số liệu đơn vị khai.",
                          "Criteria measured by the Cổng DVC, the provincial police, the Department of ICT…: fill one table for every unit; cds re-scores each "
                          "unit with those figures and signs the changes (with reasons) as each unit's appraisal. Empty cells keep what the unit declared."));
  template_button(a, st);
  const char* open = T("Mở bảng đã điền (CSV hoặc Excel)…##fig:open", "Open the filled table (CSV or Excel)…##fig:open");
  same_line_if_fits(button_width(open));
  open_button(open,
              picker(Request::AggregateFigures, "",
                     ".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              file.empty());
  same_line_if_fits(button_width(T("Đóng##fig:close", "Close##fig:close")));
  if (button(T("Đóng##fig:close", "Close##fig:close"))) shown_ = false;
  if (file.empty()) return;
  ImGui::Spacing();
  text_wrapped(std::string(T("Bảng: ", "Table: ")) + file + (sheet.empty() ? "" : std::string(T(" (trang tính \"", " (sheet \"")) + sheet + "\")") +
               (rubric_title.empty() ? "" : " · " + rubric_title));
  for (const auto& e : errors) text_colored_wrapped(c_error(), "✕ " + e);
  if (!errors.empty()) {
    text_wrapped(T("Chưa ký gì: sửa bảng rồi mở lại.", "Nothing signed: fix the table and open it again."));
    return;
  }
  for (const auto& m : warnings) text_colored_wrapped(c_warn(), "⚠ " + m);
  size_t n = 0;
  for (const auto& u : units) n += u.changes.size();
  text_wrapped(std::to_string(units.size()) + T(" đơn vị có điểm thay đổi (", " units change (") + std::to_string(n) + T(" tiêu chí); ", " criteria); ") +
               std::to_string(unchanged) + T(" đơn vị không đổi.", " units unchanged."));
  // The first units in full; a national table's thousand lines would push the signing form away.
  const size_t shown = std::min<size_t>(units.size(), 40);
  for (size_t k = 0; k < shown; ++k) {
    const UnitLine& u = units[k];
    std::string s = "• " + (u.unit_name.empty() ? u.unit_code : u.unit_name + " (" + u.unit_code + ")") + (u.period.empty() ? "" : " · " + u.period) + " — ";
    for (size_t i = 0; i < u.changes.size(); ++i) s += (i ? " · " : "") + u.changes[i];
    text_wrapped(s);
  }
  if (units.size() > shown)
    text_disabled_wrapped(std::string(T("… và ", "… and ")) + std::to_string(units.size() - shown) +
                          T(" đơn vị khác (xem từng đơn vị trong bảng xếp hạng sau khi ký).", " more units (see each in the ranking after signing)."));
  if (!signed_files.empty()) {
    text_colored_wrapped(c_ok(), std::string(T("Đã ký ", "Signed ")) + std::to_string(signed_files.size()) +
                                     T(" bản thẩm định (đã lưu; lưu lại từng tệp nếu cần):", " appraisals (saved; save a file again if needed):"));
    for (size_t k = 0; k < signed_files.size(); ++k) {
      ImGui::PushID(static_cast<int>(k));
      if (small_button(T("Lưu##fig:save", "Save##fig:save")))
        platform::save_file(signed_files[k].name, "application/json", signed_files[k].bytes);
      ImGui::SameLine();
      text_disabled_wrapped(signed_files[k].name);
      ImGui::PopID();
    }
  }
  if (units.empty()) return;
  ImGui::Spacing();
  text_disabled_wrapped(T("Ký tất cả: mỗi đơn vị một tệp thẩm định (nhiều tệp được lưu trong một tệp .zip). Đơn vị đã có thẩm định: bản mới là cấp kế tiếp, giữ nguyên điều chỉnh trước.",
                          "Sign all: one appraisal file per unit (several are saved in one .zip). A unit already appraised gets the next level; earlier changes are kept."));
  text_disabled_wrapped(T("Cơ quan thẩm định", "Organisation"));
  text_field("##fig:org", st.appraiser.organisation, w, 1, T("ví dụ: Sở Thông tin và Truyền thông", "e.g. the Department of ICT"));
  text_disabled_wrapped(T("Họ và tên người thẩm định", "Appraiser's name"));
  text_field("##fig:name", st.appraiser.name, w);
  const auto& keys = a.keys().all();
  if (keys.empty()) {
    text_wrapped(T("Chưa có khóa ký trên máy này. Tạo hoặc nhập khóa của người thẩm định.", "No signing key on this device. Create or import the appraiser's key."));
    return;
  }
  if (!a.keys().find(key_id)) key_id = keys.front().key_id;
  for (const auto& k : keys) {
    std::string lbl = k.key_id + " — " + (k.info.unit_name.empty() ? k.info.unit_code : k.info.unit_name) + "##fig:key:" + k.key_id;
    if (ImGui::RadioButton(lbl.c_str(), key_id == k.key_id)) key_id = k.key_id;
  }
  ImGui::SetNextItemWidth(w);
  ImGui::InputTextWithHint("##fig:pass", T("Cụm mật khẩu của khóa", "The key's passphrase"), &pass, ImGuiInputTextFlags_Password);
  if (!sign_error.empty()) text_colored_wrapped(c_error(), sign_error);
  if (busy > 0) {
    ImGui::TextUnformatted(T("Đang mở khóa và ký (vài giây)…", "Opening the key and signing (a few seconds)…"));
    if (--busy == 0) sign_all(a, st);
    else platform::request_frames(2);
    return;
  }
  bool ready = !pass.empty() && !std::string(cds::trim(st.appraiser.organisation)).empty();
  ImGui::BeginDisabled(!ready);
  std::string lbl = std::string(T("Ký tất cả ", "Sign all ")) + std::to_string(units.size()) + T(" bản thẩm định##fig:sign", " appraisals##fig:sign");
  if (button(lbl.c_str(), true)) {
    busy = 2;
    platform::request_frames(3);
  }
  ImGui::EndDisabled();
  if (!ready) {
    ImGui::SameLine();
    text_disabled_wrapped(std::string(cds::trim(st.appraiser.organisation)).empty() ? T("Ghi cơ quan thẩm định.", "Give the organisation.")
                                                                                   : T("Nhập cụm mật khẩu để ký.", "Enter the passphrase to sign."));
  }
}

}  // namespace ui
