// A unit's page in "Tổng hợp": totals self-assessed / appraised / final, a per-pillar profile
// against the intake average, the criteria in the three columns of the official forms with
// section subtotals and reasons, each criterion's explanation (the kept submission re-verified and
// re-scored with the intake's cross-unit best values), and the appraisal: adjusted scores with
// reasons, a sampled check, the appraiser, a remark — checked by core as typed, signed with a
// stored key, downloaded and added to the intake so the ranking shows it at once.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "aggregate_unit.hpp"
#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/model/info_sheet.hpp"
#include "cds/model/report.hpp"
#include "cds/signing/appraisal.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "platform.hpp"
#include "widgets.hpp"

namespace ui {

// The criteria table's columns (wide screens): TT | Nội dung | Tối đa | Tự chấm | Thẩm định | Kết quả | Lý do.
struct UnitColumns {
  float x0;
  float x_tt, x_text, w_text, x_max, x_self, x_appr, x_final, x_reason, w_reason, w_num;
};

namespace {

std::string pts(const cds::Num& n, const cds::Rubric& r) { return fmt_points(n, lang(), r.decimals); }

void notes(const AppraisalNotes& ns) {
  for (const auto& n : ns) text_colored_wrapped(n.error ? c_error() : c_warn(), (n.error ? "✕ " : "⚠ ") + n.text);
}

void label(const char* s) { text_disabled_wrapped(s); }

}  // namespace

Built build_appraisal(const AppraisalDraft& d, const Appraiser& who, const cds::Verification& v, const cds::Rubric& r) {
  Built b;
  cds::refer_to(b.a, v);
  b.a.appraiser_name = cds::to_nfc_lossy(cds::trim(who.name));
  b.a.appraiser_title = cds::to_nfc_lossy(cds::trim(who.title));
  b.a.organisation = cds::to_nfc_lossy(cds::trim(who.organisation));
  b.a.note = cds::to_nfc_lossy(cds::trim(d.note));
  for (const auto& c : r.criteria) {  // rubric order
    auto it = d.changes.find(c.id);
    if (it == d.changes.end()) continue;
    const AppraisalEdit& e = it->second;
    std::string score(cds::trim(e.score));
    if (score.empty() && std::string(cds::trim(e.reason)).empty()) continue;
    ++b.changes;
    if (score.empty()) {
      b.field[c.id].push_back({true, T("Chưa nhập điểm thẩm định (hoặc bấm \"Bỏ điều chỉnh\").", "No appraised score yet (or use \"Undo\").")});
      b.errors = true;
      continue;
    }
    cds::ParseError err;
    auto p = cds::parse_vn_number(score, &err);
    if (!p) {
      b.field[c.id].push_back({true, std::string(T("Điểm không đọc được: ", "Cannot read the score: ")) + T(err.vi.c_str(), err.en.c_str())});
      b.errors = true;
      continue;
    }
    if (p->percent) {
      b.field[c.id].push_back({true, T("Điểm thẩm định là số điểm, không có dấu %.", "The appraised score is points, without %.")});
      b.errors = true;
      continue;
    }
    b.a.changes.push_back({c.id, p->value, cds::to_nfc_lossy(cds::trim(e.reason))});
  }
  if (d.sampled) {
    auto count = [&](const std::string& text, const char* what_vi, const char* what_en) -> std::optional<long long> {
      cds::ParseError err;
      auto p = cds::parse_vn_number(cds::trim(text), &err);
      std::string what = T(what_vi, what_en);
      if (std::string(cds::trim(text)).empty()) {
        b.sampled.push_back({true, what + T(": chưa nhập.", ": missing.")});
      } else if (!p || p->percent || !p->value.is_integer() || p->value.is_negative() || p->value > cds::Num(1000000000LL)) {
        b.sampled.push_back({true, what + T(": phải là số nguyên không âm.", ": must be a whole number, not negative.")});
      } else {
        return static_cast<long long>(p->value.num());
      }
      b.errors = true;
      return std::nullopt;
    };
    auto c = count(d.checked, "Số được kiểm tra", "Number checked");
    auto ok = count(d.verified, "Số đúng", "Number found correct");
    if (c && ok) b.a.sampled = cds::SampledCheck{*c, *ok, cds::to_nfc_lossy(cds::trim(d.sampled_reason))};
  }
  for (const auto& m : cds::check_appraisal(b.a, r)) {
    AppraisalNote n{m.severity == cds::Severity::Error, m.text(lang())};
    if (n.error) b.errors = true;
    if (m.where == "sampled_check") b.sampled.push_back(n);
    else if (r.criterion(m.where)) b.field[m.where].push_back(n);
    else b.general.push_back(n);
  }
  if (b.a.appraiser_name.empty())
    b.general.push_back({false, T("Nên ghi họ tên người thẩm định (in trong báo cáo).", "Give the appraiser's name (printed in the reports).")});
  return b;
}

// A new draft starts from the appraisal already applied to the unit, if any.
AppraisalDraft& draft_for(AggregateState& st, const cds::UnitResult& u, const cds::Rubric& r) {
  std::string key = draft_key(r.id, r.version, u.unit_code);
  auto it = st.drafts.find(key);
  if (it != st.drafts.end()) return it->second;
  AppraisalDraft d;
  if (u.appraisal && st.res->appraisals[*u.appraisal].appraisal) {
    const cds::Appraisal& ap = *st.res->appraisals[*u.appraisal].appraisal;
    for (const auto& c : ap.changes) d.changes[c.criterion] = {cds::format_number(c.score, lang(), 6, false), c.reason};
    if (ap.sampled) {
      d.sampled = true;
      d.checked = std::to_string(ap.sampled->checked);
      d.verified = std::to_string(ap.sampled->verified);
      d.sampled_reason = ap.sampled->reason;
    }
    d.note = ap.note;
    if (st.appraiser.name.empty()) st.appraiser = {ap.appraiser_name, ap.appraiser_title, ap.organisation};
    d.signed_snapshot = d.snapshot();
  }
  return st.drafts.emplace(key, std::move(d)).first->second;
}

namespace {

// ---- Totals and the pillar profile ----

void totals(const AggregateState& st, const cds::UnitResult& u, const cds::RubricGroup& g) {
  const cds::Rubric& r = *g.rubric;
  struct Box {
    const char* vi;
    const char* en;
    std::string value;
    bool strong;
  };
  std::string rank = std::to_string(u.rank) + (u.tied ? std::string(T(" (đồng hạng)", " (tied)")) : std::string()) + " / " +
                     std::to_string(g.ranking.size());
  Box boxes[] = {{"Tự chấm", "Self-assessed", pts(u.total_self, r), false},
                 {"Thẩm định", "Appraised", pts(u.total_appraised, r), false},
                 {"Kết quả", "Final", pts(u.total_final_rounded, r) + " / " + cds::format_number(r.scale, lang(), 2), true},
                 {"Xếp hạng", "Rank", rank, false}};
  // As many boxes on a row as fit whole (four on a PC, two on a phone; fewer with larger text, where
  // "Self-assessed" broke mid-word and a total ran out of its box): each at least as wide as its
  // widest label or value.
  const ImGuiStyle& style = ImGui::GetStyle();
  float need = 0;
  for (const auto& b : boxes) need = std::max(need, ImGui::CalcTextSize(T(b.vi, b.en)).x);
  ImGui::PushFont(fonts::large());
  const float large = ImGui::GetFontSize();
  for (const auto& b : boxes) need = std::max(need, ImGui::CalcTextSize(b.value.c_str()).x);
  ImGui::PopFont();
  need += style.WindowPadding.x * 2 + 2;
  const float avail = ImGui::GetContentRegionAvail().x, gap = style.ItemSpacing.x;
  const bool narrow = is_narrow();
  const int per_row = std::clamp(static_cast<int>((avail + gap) / (need + gap)), 1, narrow ? 2 : 4);
  const float w = narrow || per_row < 4 ? (avail - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row) : std::max(need, std::min(200.0f, avail / 4 - 8));
  const float h = ImGui::GetTextLineHeightWithSpacing() + large + style.WindowPadding.y * 2 + 2;
  int i = 0;
  for (const auto& b : boxes) {
    if (i % per_row != 0) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushID(i);
    ImGui::BeginChild("##box", ImVec2(w, h), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    text_disabled_wrapped(T(b.vi, b.en));
    ImGui::PushFont(fonts::large());
    if (b.strong) ImGui::PushStyleColor(ImGuiCol_Text, c_link());
    ImGui::TextUnformatted(b.value.c_str());
    if (b.strong) ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::EndGroup();
    ++i;
  }
  if (u.appraisal) {
    const cds::AppraisalRecord& ar = st.res->appraisals[*u.appraisal];
    if (ar.appraisal) {
      const cds::Appraisal& ap = *ar.appraisal;
      std::string s = std::string(T("Đã áp dụng thẩm định ", "Appraisal applied: ")) + ar.file + " — " +
                      (ap.appraiser_name.empty() ? std::string("?") : ap.appraiser_name) +
                      (ap.organisation.empty() ? "" : ", " + ap.organisation) + ", " + display_time(ap.created) + ".";
      if (ap.sampled)
        s += std::string(T(" Kiểm tra xác suất: đúng ", " Sampled check: ")) + std::to_string(ap.sampled->verified) + "/" +
             std::to_string(ap.sampled->checked) + T(", điểm kết quả = điểm thẩm định × ", " correct, final = appraised × ") +
             cds::format_percent(ap.sampled->proportion(), lang()) + ".";
      text_wrapped(s);
      if (!ap.note.empty()) text_disabled_wrapped(std::string(T("Nhận xét: ", "Remark: ")) + ap.note);
    }
  } else {
    text_disabled_wrapped(T("Chưa có thẩm định: cột Thẩm định và Kết quả bằng điểm tự chấm (trừ tiêu chí tính theo đơn vị cao nhất).",
                            "Not appraised yet: appraised and final equal the self-assessed scores (except criteria relative to the best unit)."));
  }
}

// Horizontal bars: the unit's share of each pillar's maximum, and the intake's average below it.
void pillar_profile(const AggregateState& st, const cds::UnitResult& u, const cds::RubricGroup& g) {
  if (g.pillars.empty()) return;
  const cds::AggregateResult& res = *st.res;
  const cds::Rubric& r = *g.rubric;
  auto flat = r.flat_sections();
  const auto& mx = g.section_max;
  ImGui::PushFont(fonts::bold());
  text_wrapped(T("Hồ sơ theo lĩnh vực (% điểm tối đa, kết quả)", "Profile by pillar (% of the maximum, final)"));
  ImGui::PopFont();
  float fs = ImGui::GetFontSize();
  float width = ImGui::GetContentRegionAvail().x;
  bool narrow = is_narrow();
  float label_w = narrow ? 0 : std::min(width * 0.36f, fs * 20);
  float value_w = fs * 9;
  float bar_w = std::max(60.0f, width - label_w - value_w - 16);
  float row_h = fs * (narrow ? 2.6f : 1.7f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 col_track = ImGui::GetColorU32(ImGuiCol_FrameBg);
  ImU32 col_bar = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
  ImU32 col_avg = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.8f);
  ImU32 col_text = ImGui::GetColorU32(ImGuiCol_Text);
  ImU32 col_dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  ImFont* font = ImGui::GetFont();
  for (size_t pi = 0; pi < g.pillars.size(); ++pi) {
    size_t p = g.pillars[pi];
    if (p >= mx.size() || mx[p].sign() <= 0 || pi >= u.pillar_final.size()) continue;
    double m = mx[p].to_double();
    double mine = u.pillar_final[pi].to_double() / m;
    double sum = 0;
    int n = 0;
    for (size_t ui : g.ranking) {
      sum += res.units[ui].pillar_final[pi].to_double() / m;
      ++n;
    }
    double avg = n ? sum / n : 0;
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    std::string name = (flat[p].first->code.empty() ? flat[p].first->id : flat[p].first->code) + ". " + flat[p].first->title;
    float bx = p0.x + label_w + 8, by = p0.y;
    if (narrow) {
      std::string shown = cds::ellipsize(name, static_cast<size_t>(std::max(10.0f, width / (fs * 0.5f))));
      dl->AddText(ImVec2(p0.x, p0.y), col_text, shown.c_str());
      by += fs * 1.2f;
    } else {
      std::string shown = cds::ellipsize(name, static_cast<size_t>(std::max(8.0f, label_w / (fs * 0.5f))));
      dl->AddText(ImVec2(p0.x, p0.y + fs * 0.1f), col_text, shown.c_str());
    }
    float h1 = fs * 0.8f, h2 = fs * 0.35f;
    dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + bar_w, by + h1), col_track, 2.0f);
    dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + bar_w * static_cast<float>(std::clamp(mine, 0.0, 1.0)), by + h1), col_bar, 2.0f);
    dl->AddRectFilled(ImVec2(bx, by + h1 + 2), ImVec2(bx + bar_w * static_cast<float>(std::clamp(avg, 0.0, 1.0)), by + h1 + 2 + h2), col_avg, 1.0f);
    std::string val = cds::format_percent(cds::Num::from_double(mine).value_or(0), lang(), 0) + " · " + T("TB ", "avg ") +
                      cds::format_percent(cds::Num::from_double(avg).value_or(0), lang(), 0);
    dl->AddText(font, fs * 0.9f, ImVec2(bx + bar_w + 8, by), col_dim, val.c_str());
    ImGui::Dummy(ImVec2(width, row_h));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\n%s %s / %s · %s %s", name.c_str(), T("Kết quả", "Final"), pts(u.pillar_final[pi], r).c_str(), pts(mx[p], r).c_str(),
                        T("trung bình các đơn vị", "intake average"),
                        cds::format_percent(cds::Num::from_double(avg).value_or(0), lang(), 1).c_str());
  }
  ImVec2 lp = ImGui::GetCursorScreenPos();
  float sq = fs * 0.7f;
  dl->AddRectFilled(ImVec2(lp.x, lp.y + 3), ImVec2(lp.x + sq, lp.y + 3 + sq), col_bar);
  std::string l1 = T("Đơn vị này", "This unit");
  dl->AddText(font, fs * 0.8f, ImVec2(lp.x + sq + 4, lp.y), col_dim, l1.c_str());
  float x2 = lp.x + sq + 12 + font->CalcTextSizeA(fs * 0.8f, FLT_MAX, 0, l1.c_str()).x;
  dl->AddRectFilled(ImVec2(x2, lp.y + 3 + sq * 0.3f), ImVec2(x2 + sq, lp.y + 3 + sq * 0.7f), col_avg);
  dl->AddText(font, fs * 0.8f, ImVec2(x2 + sq + 4, lp.y), col_dim, T("Trung bình các đơn vị cùng bộ tiêu chí", "Average of the units on this rubric"));
  ImGui::Dummy(ImVec2(width, fs));
}

// ---- Criteria ----

UnitColumns columns(float x0, float W) {
  float u = ImGui::GetFontSize();
  UnitColumns c{};
  c.x0 = x0;
  float gap = u * 0.5f;
  c.w_num = u * 4.6f;
  float w_tt = u * 2.6f;
  float rest = std::max(u * 16, W - w_tt - 4 * c.w_num - 6 * gap);
  c.w_text = rest * 0.58f;
  c.w_reason = rest - c.w_text;
  c.x_tt = 0;
  c.x_text = w_tt + gap;
  c.x_max = c.x_text + c.w_text + gap;
  c.x_self = c.x_max + c.w_num + gap;
  c.x_appr = c.x_self + c.w_num + gap;
  c.x_final = c.x_appr + c.w_num + gap;
  c.x_reason = c.x_final + c.w_num + gap;
  return c;
}

void num_cell(float x, float y, const std::string& s, bool bold = false, const ImVec4* color = nullptr) {
  ImGui::SetCursorPos(ImVec2(x, y));
  if (bold) ImGui::PushFont(fonts::bold());
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImGui::TextUnformatted(s.c_str());
  if (color) ImGui::PopStyleColor();
  if (bold) ImGui::PopFont();
}

}  // namespace

void UnitPage::refresh_cache(const AggregateState& st, const cds::UnitResult& u, const cds::RubricGroup& g) {
  std::string key = draft_key(g.rubric->id, g.rubric->version, u.unit_code);
  if (cache_.key == key && cache_.generation == st.generation && cache_.lang == lang()) return;
  cache_ = Cache{};
  cache_.key = key;
  cache_.generation = st.generation;
  cache_.lang = lang();
  const cds::IntakeRecord& rec = st.res->records[u.record];
  if (rec.evidence) {
    cache_.dossier = rec.file;
    cache_.tally = *rec.evidence;
  }
  const IntakeFile* f = st.file_by_sha(rec.file_sha256);
  if (!f) {
    cache_.error = T("Không còn nội dung tệp bài nộp trong bộ nhớ; hãy thêm lại tệp để xem giải thích.",
                      "The submission's bytes are no longer in memory; add the file again to see the explanations.");
    return;
  }
  std::shared_ptr<const cds::Rubric> rubric = g.rubric;
  std::string sha = g.sha256;
  cds::RubricLookup lookup = [rubric, sha](const std::string& id, const std::string& version) -> std::optional<cds::RubricRef> {
    if (id == rubric->id && version == rubric->version) return cds::RubricRef{rubric.get(), sha};
    return std::nullopt;
  };
  cache_.v = cds::verify_submission(f->raw(), lookup);
  if (!cache_.v->answers) {
    cache_.error = T("Không đọc lại được bài làm trong tệp.", "The answers in the file cannot be read again.");
    return;
  }
  cds::ScoreOptions o;
  o.lang = lang();
  o.explain = true;
  o.best_override = g.best_override();
  cache_.sheet = cds::score(*g.rubric, *cache_.v->answers, o);
}

// Explanation, figures, evidence and the adjustment editor of one criterion.
void UnitPage::criterion_details(AppraisalDraft& d, const Built& b, const cds::Rubric& r, const cds::Criterion& c, const cds::UnitResult& u,
                                 size_t ci) {
  float w = ImGui::GetContentRegionAvail().x;
  ImGui::Indent(ImGui::GetFontSize() * 0.6f);
  const cds::CriterionScore* cs = cache_.sheet ? cache_.sheet->find(c.id) : nullptr;
  if (!cache_.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, c_warn());
    text_wrapped(cache_.error);
    ImGui::PopStyleColor();
  }
  if (cs) {
    ImGui::PushFont(fonts::bold());
    ImGui::TextUnformatted(T("Cách tính điểm tự chấm", "How the self-assessed score is computed"));
    ImGui::PopFont();
    for (const auto& l : cs->explanation) text_wrapped("• " + l);
    for (const auto& m : cs->messages) {
      if (m.severity == cds::Severity::Info) continue;
      ImGui::PushStyleColor(ImGuiCol_Text, m.severity == cds::Severity::Error ? c_error() : c_warn());
      text_wrapped("! " + m.text(lang()));
      ImGui::PopStyleColor();
    }
  }
  if (!u.reason(ci).empty() && !u.changed(ci)) text_disabled_wrapped(u.reason(ci));
  if (cache_.v && cache_.v->answers) {
    const cds::Answers& ans = *cache_.v->answers;
    std::string figures = cds::describe_inputs(c, ans, lang());
    ImGui::PushFont(fonts::bold());
    ImGui::TextUnformatted(T("Số liệu đơn vị kê khai", "Figures the unit entered"));
    ImGui::PopFont();
    text_wrapped(figures.empty() ? std::string(T("(không có)", "(none)")) : figures);
    auto note = ans.notes.find(c.id);
    if (note != ans.notes.end() && !note->second.empty()) text_wrapped(std::string(T("Ghi chú của đơn vị: ", "Unit's note: ")) + note->second);
    auto ev = cds::describe_evidence(ans, c.id, lang());
    ImGui::PushFont(fonts::bold());
    ImGui::TextUnformatted(T("Minh chứng", "Evidence"));
    ImGui::PopFont();
    if (ev.empty()) text_disabled_wrapped(T("(không có minh chứng)", "(no evidence)"));
    // A dossier's files open from it (the page keeps the dossier's File handle, not its bytes).
    bool dossier = !cache_.dossier.empty();
    auto items = ans.evidence.find(c.id);
    for (size_t k = 0; k < ev.size(); ++k) {
      const cds::EvidenceItem* it = items != ans.evidence.end() && k < items->second.size() ? &items->second[k] : nullptr;
      const cds::EvidenceState state = dossier && it && it->kind == "file" && cache_.tally ? cache_.tally->state_of(it->sha256) : cds::EvidenceState::Present;
      if (dossier && it && it->kind == "file" && state != cds::EvidenceState::Present) {
        // Not in the dossier as signed: said in words, nothing to open.
        text_colored_wrapped(c_error(), "✕ " + ev[k] + " — " +
                                            (state == cds::EvidenceState::Missing ? T("thiếu trong hồ sơ", "missing from the dossier")
                                                                                  : T("bị thay, khác tệp đã ký", "changed: not the file signed")));
      } else if (dossier && it && it->kind == "file") {
        ImGui::PushID(static_cast<int>(k));
        if (small_button(T("Mở##ev:open", "Open##ev:open"))) {
          std::string shown = it->name;
          App* app = app_;
          platform::open_evidence(cache_.dossier, it->sha256, it->name, [shown, app](bool ok, const std::string& why) {
            if (ok || !app) return;
            app->toast(shown + ": " + (why == "gone"      ? T("không còn giữ hồ sơ này trên trang; hãy thêm lại tệp .zip.", "the dossier is no longer held by the page; add the .zip again.")
                                        : why == "missing" ? T("hồ sơ không có tệp này (thiếu hoặc đã bị thay).", "the dossier does not hold this file (missing or changed).")
                                                           : why.c_str()), true);
          });
        }
        ImGui::SameLine();
        text_wrapped(ev[k]);
        ImGui::PopID();
      } else if (!dossier && it && it->kind == "file") {
        text_wrapped("• " + ev[k] + T(" — chỉ kê tên, không gửi kèm", " — named only, not sent"));
      } else {
        text_wrapped("• " + ev[k]);
      }
    }
  }
  if (!c.scoring_text.empty() && ImGui::TreeNode((std::string(T("Cách tính điểm theo văn bản", "Official scoring rule")) + "##rule").c_str())) {
    text_wrapped(c.scoring_text);
    ImGui::TreePop();
  }
  // The adjustment.
  ImGui::Spacing();
  ImGui::PushFont(fonts::bold());
  ImGui::TextUnformatted(T("Điều chỉnh điểm thẩm định", "Appraised score"));
  ImGui::PopFont();
  AppraisalEdit& e = d.changes[c.id];
  cds::Num lo = c.max.is_negative() ? c.max : cds::Num(0), hi = c.max.is_negative() ? cds::Num(0) : c.max;
  label((std::string(T("Điểm thẩm định (từ ", "Appraised score (")) + cds::format_number(lo, lang(), 6) + T(" đến ", " to ") +
         cds::format_number(hi, lang(), 6) + T("; tự chấm ", "; self-assessed ") + pts(u.self[ci], r) + ")").c_str());
  float fw = std::min(w - 16, 160.0f);
  text_field("##agg:score:" + c.id, e.score, fw, 1, T("ví dụ 2,5", "e.g. 2.5"));
  ImGui::SameLine();
  if (small_button((std::string(T("Bỏ điều chỉnh", "Undo")) + "##agg:undo:" + c.id).c_str())) e = AppraisalEdit{};
  label(T("Lý do điều chỉnh (bắt buộc)", "Reason for the change (required)"));
  text_field("##agg:reason:" + c.id, e.reason, std::min(w - 16, 640.0f), 1,
             T("ví dụ: minh chứng không đủ, chỉ tính 5/8 thủ tục", "e.g. evidence covers only 5 of 8 procedures"));
  auto it = b.field.find(c.id);
  if (it != b.field.end()) notes(it->second);
  ImGui::Unindent(ImGui::GetFontSize() * 0.6f);
}

namespace {

// A section's subtotals: self-assessed, appraised, final, of its maximum.
struct SectionTotals {
  std::vector<cds::Num> self, appraised, final_;
  const std::vector<cds::Num>& max;
};

void section_row(const cds::Rubric& r, const cds::Section& sec, int depth, size_t si, const SectionTotals& t, const UnitColumns& c) {
  const float x0 = c.x0;
  const ImVec4 changed_col = c_warn();
  bool has_max = si < t.max.size() && !sec.bonus_penalty;
  std::string title = (sec.code.empty() ? sec.id : sec.code) + ". " + sec.title;
  ImGui::PushFont(fonts::bold());
  if (is_narrow()) {
    text_wrapped(title);
    std::string line = std::string(T("Tự chấm ", "Self ")) + pts(t.self[si], r) + " · " + T("Thẩm định ", "Appraised ") + pts(t.appraised[si], r) +
                       " · " + T("Kết quả ", "Final ") + pts(t.final_[si], r) + (has_max ? " / " + pts(t.max[si], r) : "");
    text_wrapped(line);
  } else {
    float y = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(x0 + c.x_text + static_cast<float>(depth) * 10, y));
    ImGui::PushTextWrapPos(x0 + c.x_text + c.w_text);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopTextWrapPos();
    float bottom = ImGui::GetCursorPosY();
    if (has_max) num_cell(x0 + c.x_max, y, pts(t.max[si], r));
    num_cell(x0 + c.x_self, y, pts(t.self[si], r));
    num_cell(x0 + c.x_appr, y, pts(t.appraised[si], r), false, t.appraised[si] != t.self[si] ? &changed_col : nullptr);
    num_cell(x0 + c.x_final, y, pts(t.final_[si], r));
    ImGui::SetCursorPos(ImVec2(x0, bottom));
  }
  ImGui::PopFont();
  ImGui::Separator();
}

}  // namespace

// "Giải thích" (open the details) and "Điều chỉnh" (open them at the adjustment).
void UnitPage::criterion_buttons(const cds::Criterion& c, const std::string& ekey, bool has_error) {
  bool open = expanded_.count(ekey) > 0;
  std::string more = std::string(open ? "▼ " : "▶ ") + T("Giải thích", "Explain") + "##agg:crit:" + c.id;
  ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
  if (small_button(more.c_str())) {
    if (open) expanded_.erase(ekey);
    else expanded_.insert(ekey);
  }
  ImGui::SameLine();
  if (small_button((std::string(T("Điều chỉnh", "Adjust")) + "##agg:adjust:" + c.id).c_str())) {
    expanded_.insert(ekey);
    scroll_to_ = c.id;
  }
  ImGui::PopItemFlag();
  if (has_error) {
    ImGui::SameLine();
    text_colored_wrapped(c_error(), T("✕ cần sửa", "✕ fix"));
  }
}

// One criterion: a card on phones, a row of the official columns on wide screens.
void UnitPage::criterion_line(const AppraisalDraft& d, const Built& b, const cds::Rubric& r, const cds::UnitResult& u, size_t ci,
                              const UnitColumns& c, const std::string& ekey, bool unsigned_edits) {
  const cds::Criterion& cr = r.criteria[ci];
  const float x0 = c.x0;
  const ImVec4 changed_col = c_warn();
  auto de = d.changes.find(cr.id);
  bool pending = unsigned_edits && de != d.changes.end() && (!de->second.score.empty() || !de->second.reason.empty());
  std::string appr = pts(u.appraised(ci), r);
  std::string pend = pending && !de->second.score.empty() ? std::string("→ ") + de->second.score + T(" (chưa ký)", " (unsigned)") : "";
  bool has_err = b.field.count(cr.id) > 0;
  if (is_narrow()) {
    heading(cr.code + ". " + cr.title);
    if (cr.source) text_disabled_wrapped(cds::source_mark(*cr.source, lang()));
    std::string line = std::string(T("Tối đa ", "Max ")) + pts(cr.max, r) + " · " + T("Tự chấm ", "Self ") + pts(u.self[ci], r) + " · " +
                       T("Thẩm định ", "Appraised ") + appr + " · " + T("Kết quả ", "Final ") + pts(u.final_score(ci), r);
    if (u.changed(ci)) text_colored_wrapped(c_warn(), line);
    else text_wrapped(line);
    if (!pend.empty()) text_colored_wrapped(c_warn(), pend.c_str());
    if (!u.reason(ci).empty()) text_disabled_wrapped(std::string(T("Lý do: ", "Reason: ")) + u.reason(ci));
    criterion_buttons(cr, ekey, has_err);
    return;
  }
  float y = ImGui::GetCursorPosY();
  float bottom = y;
  auto track = [&]() { bottom = std::max(bottom, ImGui::GetCursorPosY()); };
  ImGui::SetCursorPos(ImVec2(x0 + c.x_tt, y));
  ImGui::TextUnformatted(cr.code.c_str());
  track();
  ImGui::SetCursorPos(ImVec2(x0 + c.x_text, y));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(x0 + c.x_text + c.w_text);
  ImGui::TextUnformatted(cr.title.c_str());
  if (cr.source) text_disabled_wrapped(cds::source_mark(*cr.source, lang()));
  ImGui::PopTextWrapPos();
  criterion_buttons(cr, ekey, has_err);
  ImGui::EndGroup();
  track();
  num_cell(x0 + c.x_max, y, pts(cr.max, r));
  num_cell(x0 + c.x_self, y, pts(u.self[ci], r));
  num_cell(x0 + c.x_appr, y, appr, u.changed(ci), u.changed(ci) ? &changed_col : nullptr);
  if (!pend.empty()) {
    ImGui::SetCursorPosX(x0 + c.x_appr);
    ImGui::PushTextWrapPos(x0 + c.x_appr + c.w_num + c.w_num * 0.3f);
    text_colored_wrapped(c_warn(), pend.c_str());
    ImGui::PopTextWrapPos();
  }
  track();
  num_cell(x0 + c.x_final, y, pts(u.final_score(ci), r), true);
  track();
  ImGui::SetCursorPos(ImVec2(x0 + c.x_reason, y));
  ImGui::PushTextWrapPos(x0 + c.x_reason + c.w_reason);
  if (u.changed(ci)) ImGui::TextUnformatted(u.reason(ci).c_str());
  else if (!u.reason(ci).empty()) text_disabled_wrapped(u.reason(ci).c_str());
  ImGui::PopTextWrapPos();
  track();
  ImGui::SetCursorPos(ImVec2(x0, bottom + 2));
}

void UnitPage::criteria_table(AppraisalDraft& d, const Built& b, const cds::UnitResult& u, const cds::RubricGroup& g) {
  const cds::Rubric& r = *g.rubric;
  std::string ukey = draft_key(r.id, r.version, u.unit_code);
  const UnitColumns c = columns(ImGui::GetCursorPosX(), ImGui::GetContentRegionAvail().x);
  if (!is_narrow())
    column_headings(c.x0, {{c.x_tt, "TT"},
                           {c.x_text, T("Nội dung", "Criterion")},
                           {c.x_max, T("Tối đa", "Max")},
                           {c.x_self, T("Tự chấm", "Self")},
                           {c.x_appr, T("Thẩm định", "Appraised")},
                           {c.x_final, T("Kết quả", "Final")},
                           {c.x_reason, T("Lý do", "Reason")}});
  const bool unsigned_edits = d.snapshot() != d.signed_snapshot;
  const SectionTotals totals{cds::section_column(r, u.self), cds::section_column(r, u.column(cds::Column::Appraised)),
                             cds::section_column(r, u.column(cds::Column::Final)), g.section_max};
  auto flat = r.flat_sections();
  for (size_t si = 0; si < flat.size(); ++si) {
    const cds::Section& sec = *flat[si].first;
    ImGui::PushID(sec.id.c_str());
    section_row(r, sec, flat[si].second, si, totals, c);
    for (size_t ci : sec.criteria) {
      const cds::Criterion& cr = r.criteria[ci];
      ImGui::PushID(cr.id.c_str());
      std::string ekey = ukey + "|" + cr.id;
      criterion_line(d, b, r, u, ci, c, ekey, unsigned_edits);
      if (expanded_.count(ekey)) {
        if (scroll_to_ == cr.id) {
          ImGui::SetScrollHereY(0.15f);
          scroll_to_.clear();
        }
        ImGui::BeginGroup();
        criterion_details(d, b, r, cr, u, ci);
        ImGui::EndGroup();
      }
      ImGui::Separator();
      ImGui::PopID();
    }
    ImGui::PopID();
  }
  ImGui::SetCursorPosX(c.x0);
  heading(std::string(T("Tổng cộng: tự chấm ", "Total: self ")) + pts(u.total_self, r) + " · " + T("thẩm định ", "appraised ") +
          pts(u.total_appraised, r) + " · " + T("kết quả ", "final ") + pts(u.total_final_rounded, r) + " / " + cds::format_number(r.scale, lang(), 2));
}

// ---- The appraisal panel: sampled check, remark, appraiser, key, sign ----

void UnitPage::sign(App& a, AggregateState& st, AppraisalDraft& d, Built b) {
  SignForm& f = sign_;
  const StoredKey* sk = a.keys().find(f.key_id);
  if (!sk) {
    cds::wipe(f.pass);
    return;
  }
  auto opened = cds::open_key_file(sk->file, f.pass);
  cds::wipe(f.pass);  // never kept
  if (!opened.key) {
    f.error = opened.messages.empty() ? std::string("?") : opened.messages.back().text(lang());
    return;
  }
  f.error.clear();
  b.a.created = platform::local_time_iso();
  cds::Messages why;
  auto sealed = cds::make_appraisal(b.a, *opened.key, &why);
  if (!sealed) {
    f.error = why.empty() ? std::string("?") : why.back().text(lang());
    return;
  }
  const cds::Json& doc = *sealed;
  std::string text = cds::appraisal_to_text(doc);
  std::string name = cds::appraisal_file_name(b.a);
  platform::save_file(name, "application/json", text);
  d.signed_snapshot = d.snapshot();
  std::vector<platform::OpenedFile> files;
  files.push_back({name, text});
  st.add_files(a.rubrics().catalogue(), std::move(files));
  a.toast(std::string(T("Đã ký thẩm định và lưu tệp ", "Appraisal signed and saved: ")) + name +
          T("; đã thêm vào danh sách tổng hợp.", "; added to the intake."));
}

namespace {

// The adjustments so far, as they will be signed.
void changes_list(const AggregateState& st, const Built& b, const cds::Rubric& r, const OpenUnit& open) {
  if (b.changes == 0) {
    text_disabled_wrapped(T("Chưa điều chỉnh tiêu chí nào.", "No criterion adjusted yet."));
    return;
  }
  const cds::UnitResult* u = st.find_unit(r.id, r.version, open.unit);
  for (const auto& ch : b.a.changes) {
    const cds::Criterion* c = r.criterion(ch.criterion);
    if (!c) continue;
    size_t ci = static_cast<size_t>(c - r.criteria.data());
    std::string s = c->code + ". " + cds::ellipsize(c->title, 60) + ": " + (u ? pts(u->self[ci], r) : std::string("?")) + " → " +
                    cds::format_number(ch.score, lang(), 6) + (ch.reason.empty() ? "" : " — " + ch.reason);
    text_wrapped("• " + s);
  }
}

void sampled_check(AppraisalDraft& d, const Built& b, float w) {
  ImGui::Checkbox(T("Có kiểm tra xác suất##agg:sampled", "Sampled check##agg:sampled"), &d.sampled);
  if (!d.sampled) return;
  float half = is_narrow() ? w : (w - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginGroup();
  label(T("Số được kiểm tra", "Number checked"));
  text_field("##agg:checked", d.checked, half, 1, T("ví dụ 20", "e.g. 20"));
  ImGui::EndGroup();
  if (!is_narrow()) ImGui::SameLine();
  ImGui::BeginGroup();
  label(T("Số đúng", "Number found correct"));
  text_field("##agg:verified", d.verified, half, 1, T("ví dụ 18", "e.g. 18"));
  ImGui::EndGroup();
  label(T("Nội dung đã kiểm tra", "What was checked"));
  text_field("##agg:sampled-reason", d.sampled_reason, w, 1, T("ví dụ: đối chiếu 20 hồ sơ TTHC trên hệ thống", "e.g. 20 case files checked"));
  notes(b.sampled);
}

void appraiser_fields(Appraiser& who, float w) {
  heading(T("Người thẩm định", "Appraiser"));
  label(T("Họ và tên", "Name"));
  text_field("##agg:appraiser-name", who.name, w);
  label(T("Chức vụ", "Title"));
  text_field("##agg:appraiser-title", who.title, w);
  label(T("Cơ quan thẩm định", "Organisation"));
  text_field("##agg:appraiser-org", who.organisation, w, 1, T("ví dụ: Phòng Văn hóa và Thông tin huyện", "e.g. the district office"));
}

}  // namespace

void UnitPage::appraisal_panel(App& a, AggregateState& st, AppraisalDraft& d, const Built& b, const cds::Rubric& r, const OpenUnit& open) {
  float w = std::min(ImGui::GetContentRegionAvail().x, 640.0f);
  if (sign_.scroll_to_sign) {
    ImGui::SetScrollHereY(0.0f);
    sign_.scroll_to_sign = false;
  }
  ImGui::PushFont(fonts::large());
  text_wrapped(T("Thẩm định đơn vị này", "Appraise this unit"));
  ImGui::PopFont();
  text_disabled_wrapped(T("Mỗi tiêu chí: bấm \"Điều chỉnh\" ở bảng trên để nhập điểm thẩm định và lý do. Điểm viết kiểu Việt Nam (2,5). "
                          "Kiểm tra xác suất: điểm kết quả = điểm thẩm định × số đúng / số được kiểm tra.",
                          "Per criterion: use \"Adjust\" in the table above to enter the appraised score and the reason. "
                          "Sampled check: final score = appraised score × correct / checked."));
  changes_list(st, b, r, open);
  ImGui::Spacing();
  sampled_check(d, b, w);
  label(T("Nhận xét chung (tùy chọn)", "General remark (optional)"));
  text_field("##agg:note", d.note, w, 3);
  ImGui::Spacing();
  appraiser_fields(st.appraiser, w);
  notes(b.general);
  for (const auto& [id, ns] : b.field) {
    const cds::Criterion* c = r.criterion(id);
    for (const auto& n : ns)
      if (n.error) text_colored_wrapped(c_error(), "✕ " + std::string(T("Tiêu chí ", "Criterion ")) + (c ? c->code : id) + ": " + n.text);
  }
  ImGui::Spacing();
  heading(T("Ký thẩm định", "Sign the appraisal"));
  sign_form(a, st, d, b, r, open, w);
}

// The appraiser's key (warned when the trust list does not list it), the passphrase, signing, and
// dropping the unsigned edits.
void UnitPage::sign_form(App& a, AggregateState& st, AppraisalDraft& d, const Built& b, const cds::Rubric& r, const OpenUnit& open, float w) {
  SignForm& f = sign_;
  const auto& keys = a.keys().all();
  if (keys.empty()) {
    text_wrapped(T("Chưa có khóa ký trên máy này. Tạo hoặc nhập khóa của người thẩm định.", "No signing key on this device. Create or import the appraiser's key."));
    if (button(T("Khóa ký…##agg:tokeys", "Signing keys…##agg:tokeys"), true)) a.go(ScreenId::Keys, Visit::back_to(ScreenId::Aggregate));
    return;
  }
  if (!a.keys().find(f.key_id)) f.key_id = keys.front().key_id;
  for (const auto& k : keys) {
    std::string lbl = k.key_id + " — " + (k.info.unit_name.empty() ? k.info.unit_code : k.info.unit_name) + "##agg:key:" + k.key_id;
    if (ImGui::RadioButton(lbl.c_str(), f.key_id == k.key_id)) f.key_id = k.key_id;
    if (f.key_id == k.key_id && st.trust && !st.trust->find_appraiser(k.info.public_key))
      ImGui::TextColored(c_warn(), "%s",
                         T("Khóa này không có trong danh sách khóa thẩm định của danh sách tin cậy: bản thẩm định sẽ không được áp dụng.",
                           "This key is not an appraiser key of the trust list: the appraisal will not be applied."));
  }
  ImGui::SetNextItemWidth(w);
  ImGui::InputTextWithHint("##agg:pass", T("Cụm mật khẩu của khóa", "The key's passphrase"), &f.pass, ImGuiInputTextFlags_Password);
  if (!f.error.empty()) text_colored_wrapped(c_error(), f.error.c_str());
  if (f.busy > 0) {
    ImGui::TextUnformatted(T("Đang mở khóa và ký (vài giây)…", "Opening the key and signing (a few seconds)…"));
    if (--f.busy == 0) sign(a, st, d, b);
    else platform::request_frames(2);
    return;
  }
  bool ready = !b.errors && !f.pass.empty() && !d.empty();
  ImGui::BeginDisabled(!ready);
  if (button(T("Ký thẩm định##agg:sign", "Sign the appraisal##agg:sign"), true)) {
    f.busy = 2;
    platform::request_frames(3);
  }
  ImGui::EndDisabled();
  if (!ready) {
    const char* why = d.empty() ? T("Chưa có điều chỉnh, kiểm tra xác suất hay nhận xét nào để ký.", "Nothing to sign yet: no change, sampled check or remark.")
                      : b.errors ? T("Hãy sửa các lỗi đánh dấu ✕ ở trên.", "Fix the problems marked ✕ above.")
                                 : T("Nhập cụm mật khẩu để ký.", "Enter the passphrase to sign.");
    ImGui::SameLine();
    text_disabled_wrapped(why);
  }
  if (d.unsigned_edits()) {
    if (small_button(T("Bỏ mọi điều chỉnh chưa ký##agg:discard", "Discard unsigned edits##agg:discard"))) {
      st.drafts.erase(draft_key(r.id, r.version, open.unit));  // `d` is gone from here on
      a.toast(T("Đã bỏ các điều chỉnh chưa ký của đơn vị này.", "Unsigned edits of this unit discarded."));
    }
  }
}

void UnitPage::draw(App& a, AggregateState& st, const OpenUnit& open) {
  app_ = &a;
  const cds::UnitResult* up = st.find_unit(open.rubric, open.version, open.unit);
  if (!up) return;
  const cds::UnitResult& u = *up;
  const cds::RubricGroup& g = st.res->group(u);
  const cds::Rubric& r = *g.rubric;
  refresh_cache(st, u, g);
  AppraisalDraft& d = draft_for(st, u, r);
  if (sign_.unit != cache_.key) {  // another unit: a passphrase typed for the last one is not kept
    cds::wipe(sign_.pass);
    sign_.error.clear();
    sign_.busy = 0;
    sign_.unit = cache_.key;
  }
  Built b = cache_.v ? build_appraisal(d, st.appraiser, *cache_.v, r) : Built{};

  ImGui::SameLine();
  if (button(T("Đến phần thẩm định ↓##agg:to-sign", "To the appraisal ↓##agg:to-sign"))) sign_.scroll_to_sign = true;
  ImGui::BeginChild("##agg:unit", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  const cds::IntakeRecord& rec = st.res->records[u.record];
  ImGui::PushFont(fonts::large());
  text_wrapped(u.unit_name.empty() ? u.unit_code : u.unit_name);
  ImGui::PopFont();
  text_disabled_wrapped(u.unit_code + " · " + r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle));
  std::string signers;
  for (const auto& s : rec.signers) {  // "preparer KEY-ID" → "người lập biểu KEY-ID"
    size_t sp = s.find(' ');
    std::string role = s.substr(0, sp), rest = sp == std::string::npos ? "" : s.substr(sp);
    const char* shown = role == "preparer" ? T("người lập biểu", "preparer") : role == "head" ? T("thủ trưởng", "head of unit") : nullptr;
    signers += (signers.empty() ? "" : ", ") + (shown ? std::string(shown) + rest : s);
  }
  text_disabled_wrapped(std::string(T("Tệp: ", "File: ")) + rec.file + " · " + T("ký lúc ", "signed ") + display_time(rec.created) + " · " + signers);
  if (st.busy()) text_colored_wrapped(c_warn(), T("Đang kiểm tra tệp mới; số liệu sẽ cập nhật khi xong.", "New files are being checked; figures update when done."));
  if (rec.chain) {  // a merged submission: whether its agencies' signed parts hold, and the first reasons if not
    if (rec.chain->ok()) text_disabled_wrapped(rec.chain->summary(lang()));
    else {
      text_colored_wrapped(c_error(), "⚠ " + rec.chain->summary(lang()));
      for (const auto& why : rec.chain->reasons(lang(), 5)) text_wrapped("• " + why);
    }
  }
  ImGui::Spacing();
  totals(st, u, g);
  ImGui::Spacing();
  pillar_profile(st, u, g);
  ImGui::Spacing();
  ImGui::Separator();
  criteria_table(d, b, u, g);
  ImGui::Spacing();
  ImGui::Separator();
  if (cache_.v) appraisal_panel(a, st, d, b, r, open);
  else if (!cache_.error.empty()) text_wrapped(cache_.error);
  ImGui::Dummy(ImVec2(1, 70));
  drag_to_scroll();
  ImGui::EndChild();
}

}  // namespace ui
