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

namespace ui {
namespace {

// The counted submission of a unit, verified again from its kept bytes (as the unit page does).
std::optional<cds::Verification> verified(const AggregateState& st, const cds::UnitResult& u) {
  const cds::RubricGroup& g = st.res->group(u);
  const IntakeFile* f = st.file_by_sha(st.res->records[u.record].file_sha256);
  if (!f || f->bytes.empty()) return std::nullopt;
  std::shared_ptr<const cds::Rubric> rubric = g.rubric;
  std::string sha = g.sha256;
  cds::RubricLookup lookup = [rubric, sha](const std::string& id, const std::string& version) -> std::optional<cds::RubricRef> {
    if (id == rubric->id && version == rubric->version) return cds::RubricRef{rubric.get(), sha};
    return std::nullopt;
  };
  auto v = cds::verify_submission(f->bytes, lookup);
  if (!v.answers) return std::nullopt;
  return v;
}

std::string message_line(const cds::Message& m) { return m.line(lang()); }

}  // namespace

void FiguresPanel::receive(App& a, AggregateState& st, platform::OpenedFile f) {
  shown_ = true;
  scroll_ = true;
  file = cds::to_nfc_lossy(f.name);
  sheet.clear();
  errors.clear();
  warnings.clear();
  units.clear();
  signed_files.clear();
  unchanged = 0;
  rubric_title.clear();
  if (f.skipped != platform::OpenedFile::Skipped::No) {
    errors.push_back(std::string(T("Tệp quá lớn cho một bảng số liệu (tối đa ", "Too large for a figure table (at most ")) +
                     std::to_string(cds::kFigureTableMaxBytes / 1024 / 1024) + " MB).");
    return;
  }
  if (!st.res || st.res->units.empty()) {
    errors.push_back(T("Chưa có bài nộp hợp lệ nào trong danh sách tổng hợp: hãy thêm các bài nộp trước, rồi mở bảng số liệu.",
                       "No valid submission in the intake yet: add the submissions first, then open the figure table."));
    return;
  }
  // An Excel workbook (by its bytes, whatever its name): its first worksheet's rows, read here at
  // once (a table of a few hundred rows takes milliseconds; the limits bound the worst case).
  std::optional<std::vector<cds::TableRow>> rows;
  if (cds::zip::looks_like_workbook(f.bytes)) {
    auto x = cds::zip::read_xlsx_sheet(f.bytes);
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
    auto try_it = rows ? cds::load_figure_table(*rows, *g.rubric) : cds::load_figure_table(f.bytes, *g.rubric);
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

  struct Planned {
    const cds::UnitResult* u;
    cds::UnitFigures f;
  };
  std::vector<Planned> plans;
  std::set<size_t> matched;
  for (const auto& u : res.units) {
    const cds::Rubric& ur = *res.group(u).rubric;
    if (ur.id != r.id || ur.version != r.version) continue;
    auto row = cds::figure_row_for(t, u.unit_code);
    if (!row) continue;
    matched.insert(*row);
    auto v = verified(st, u);
    if (!v) {
      errors.push_back(u.unit_code + ": " + T("không còn nội dung bài nộp trong bộ nhớ; hãy thêm lại tệp.", "the submission's bytes are no longer in memory; add the file again."));
      continue;
    }
    std::vector<cds::Num> current(r.criteria.size());
    for (size_t i = 0; i < current.size(); ++i) current[i] = u.appraised(i);
    Planned p{&u, cds::apply_figures(t, t.rows[*row], r, *v->answers, current, "")};
    if (!cds::has_errors(lt->messages))  // otherwise a bad cell is listed already, by line and column
      for (const auto& m : p.f.messages) (m.severity == cds::Severity::Error ? errors : warnings).push_back(u.unit_code + ": " + message_line(m));
    plans.push_back(std::move(p));
  }
  for (size_t i = 0; i < t.rows.size(); ++i)
    if (!matched.count(i))
      warnings.push_back(std::string(T("Dòng ", "Line ")) + std::to_string(t.rows[i].line) + ": " + t.rows[i].unit_code +
                         T(" không có bài nộp hợp lệ trong danh sách: bỏ qua.", " has no valid submission in the intake: skipped."));
  if (!errors.empty()) return;  // all or nothing: the office fixes the table and opens it again

  for (auto& p : plans) {
    if (p.f.changes.empty()) {
      ++unchanged;
      continue;
    }
    AppraisalDraft& d = draft_for(st, *p.u, r);
    UnitLine line{draft_key(r.id, r.version, p.u->unit_code), r.id, r.version, p.u->unit_code, p.u->unit_name, {}};
    for (const auto& ch : p.f.changes) {
      const cds::Criterion& c = r.criteria[ch.criterion];
      d.changes[c.id] = {cds::format_number(ch.after, cds::Lang::Vi, 6, false), ch.reason};
      line.changes.push_back(c.code + ": " + fmt_points(ch.before, lang(), r.decimals) + " → " + fmt_points(ch.after, lang(), r.decimals));
    }
    units.push_back(std::move(line));
  }
  size_t n = 0;
  for (const auto& u : units) n += u.changes.size();
  if (units.empty())
    a.toast(T("Bảng số liệu: mọi số liệu cho cùng điểm đang áp dụng; không có gì để điều chỉnh.",
              "Figure table: every figure gives the score already applied; nothing to change."));
  else
    a.toast(std::string(T("Bảng số liệu: đã điền ", "Figure table: filled ")) + std::to_string(n) + T(" điều chỉnh cho ", " changes for ") +
            std::to_string(units.size()) + T(" đơn vị; xem và ký bên dưới.", " units; review and sign below."));
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
  std::vector<platform::OpenedFile> files;
  std::string created = platform::local_time_iso();
  for (const auto& line : units) {
    const cds::UnitResult* u = st.find_unit(line.rubric, line.version, line.unit_code);
    auto dit = st.drafts.find(line.key);
    if (!u || dit == st.drafts.end()) continue;
    const cds::Rubric& r = *st.res->group(*u).rubric;
    auto v = verified(st, *u);
    if (!v) {
      sign_error = line.unit_code + ": " + T("không còn nội dung bài nộp trong bộ nhớ.", "the submission's bytes are no longer in memory.");
      break;
    }
    Built b = build_appraisal(dit->second, st.appraiser, *v, r);
    if (b.errors) {
      sign_error = line.unit_code + ": " + T("bản thẩm định có lỗi; mở đơn vị để sửa.", "the appraisal has errors; open the unit to fix them.");
      break;
    }
    b.a.created = created;
    cds::Messages why;
    auto sealed = cds::make_appraisal(b.a, *opened.key, &why);
    if (!sealed) {
      sign_error = line.unit_code + ": " + (why.empty() ? std::string("?") : why.back().text(lang()));
      break;
    }
    std::string text = cds::appraisal_to_text(*sealed);
    std::string name = cds::appraisal_file_name(b.a);
    platform::save_file(name, "application/json", text);
    dit->second.signed_snapshot = dit->second.snapshot();
    signed_files.push_back(name);
    files.push_back({name, text});
  }
  if (!files.empty()) {
    st.add_files(a.rubrics().catalogue(), std::move(files));
    a.toast(std::string(T("Đã ký và lưu ", "Signed and saved ")) + std::to_string(signed_files.size()) +
            T(" bản thẩm định; đã thêm vào danh sách tổng hợp.", " appraisals; added to the intake."));
  }
}

cds::Json FiguresPanel::to_json() const {
  cds::Json j = {{"shown", shown_}, {"file", file}, {"sheet", sheet}, {"rubric", rubric_title}, {"errors", errors}, {"warnings", warnings},
                 {"unchanged", unchanged}, {"signed", signed_files}, {"units", cds::Json::array()}};
  for (const auto& u : units) j["units"].push_back({{"code", u.unit_code}, {"changes", u.changes}});
  return j;
}

void FiguresPanel::draw(App& a, AggregateState& st) {
  if (!shown_) return;
  float w = std::min(ImGui::GetContentRegionAvail().x, 760.0f);
  ImGui::Separator();
  if (scroll_) {  // a table just read: bring the panel into view (phones: it is below the exports)
    ImGui::SetScrollHereY(0.0f);
    scroll_ = false;
  }
  heading(T("Bảng số liệu do cơ quan khác cung cấp", "Figures supplied by other agencies"));
  text_disabled_wrapped(T("Tiêu chí có số liệu từ Cổng DVC, Công an tỉnh, Sở TT&TT…: điền một bảng cho mọi đơn vị, cds chấm lại từng đơn vị theo số liệu đó "
                          "và điền điều chỉnh (kèm lý do) vào bản thẩm định của đơn vị. Ô để trống giữ số liệu đơn vị khai.",
                          "Criteria measured by the Cổng DVC, the provincial police, the Department of ICT…: fill one table for every unit; cds re-scores each "
                          "unit with those figures and puts the changes (with reasons) into the unit's appraisal. Empty cells keep what the unit declared."));
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
    text_wrapped(T("Chưa điền gì vào bản thẩm định: sửa bảng rồi mở lại.", "Nothing was filled in: fix the table and open it again."));
    return;
  }
  for (const auto& m : warnings) text_colored_wrapped(c_warn(), "⚠ " + m);
  size_t n = 0;
  for (const auto& u : units) n += u.changes.size();
  text_wrapped(std::to_string(units.size()) + T(" đơn vị có điểm thay đổi (", " units change (") + std::to_string(n) + T(" tiêu chí); ", " criteria); ") +
               std::to_string(unchanged) + T(" đơn vị không đổi.", " units unchanged."));
  for (const auto& u : units) {
    std::string s = "• " + (u.unit_name.empty() ? u.unit_code : u.unit_name + " (" + u.unit_code + ")") + " — ";
    for (size_t i = 0; i < u.changes.size(); ++i) s += (i ? " · " : "") + u.changes[i];
    text_wrapped(s);
  }
  if (units.empty()) return;
  if (!signed_files.empty()) {
    text_colored_wrapped(c_ok(), std::string(T("Đã ký ", "Signed ")) + std::to_string(signed_files.size()) + T(" bản thẩm định:", " appraisals:"));
    for (const auto& f : signed_files) text_disabled_wrapped("  " + f);
    return;
  }
  ImGui::Spacing();
  text_disabled_wrapped(T("Mở từng đơn vị trong bảng xếp hạng để xem lý do trước khi ký, hoặc ký tất cả tại đây (mỗi đơn vị một tệp thẩm định).",
                          "Open each unit from the ranking to review the reasons, or sign them all here (one appraisal file per unit)."));
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
