// "Nộp bài": check the draft (unanswered items and problems listed, the user confirms), choose the
// key and role, enter the passphrase, sign, and save the file (download, or Web Share on phones).
// The draft keeps the history of its submissions; a later file supersedes an earlier one.
#include <string>

#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/signing/submission.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "platform.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

struct SubmitForm {
  std::string draft_id;
  std::string key_id;
  bool confirmed = false;
  std::string pass;
  int busy = 0;
  bool share = false;
  std::string error;
};
SubmitForm g_sub;

void sign_and_save(App& a, Draft& d) {
  SubmitForm& f = g_sub;
  const StoredKey* sk = nullptr;
  for (const auto& k : a.keys)
    if (k.key_id == f.key_id) sk = &k;
  const RubricEntry* re = a.rubric_entry(d.rubric_key);
  if (!sk || !re || !re->rubric) return;
  auto opened = cds::open_key_file(sk->file, f.pass);
  cds::wipe(f.pass);  // never kept
  if (!opened.key) {
    f.error = opened.messages.empty() ? std::string("?") : opened.messages.back().text(lang());
    return;
  }
  f.error.clear();
  cds::Messages why;
  auto sub = cds::sign_submission(*re->rubric, re->sha256, d.answers, platform::local_time_iso(), cds::kVersion, *opened.key, &why);
  if (!sub) {
    f.error = why.empty() ? std::string("?") : why.back().text(lang());
    return;
  }
  platform::save_file(sub->file_name, "application/json", sub->text, f.share);
  d.submissions.push_back({sub->created, sub->file_name, sub->signed_sha256, sk->key_id, "preparer", sub->total});
  d.submitted_hash = d.answers_hash();
  a.save_now(d);
  f.confirmed = false;
  a.toast(std::string(T("Đã ký và lưu bài nộp: ", "Signed and saved: ")) + sub->file_name + " (SHA-256 " + sub->signed_sha256.substr(0, 16) + "…)");
}

}  // namespace

void draw_submit_screen(App& a, Draft& d) {
  SubmitForm& f = g_sub;
  if (f.draft_id != d.id) {
    f = SubmitForm{};
    f.draft_id = d.id;
  }
  const cds::Rubric& r = *a.rubric_of(d);
  if (button(T("← Quay lại bảng điểm", "← Back to the form"))) a.screen = Screen::Form;
  ImGui::BeginChild("##submit", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  float w = std::min(ImGui::GetContentRegionAvail().x, 620.0f);
  ImGui::PushFont(fonts::bold());
  text_wrapped(std::string(T("Nộp bài: ", "Submit: ")) + (d.answers.unit.name.empty() ? "?" : d.answers.unit.name));
  ImGui::PopFont();
  text_disabled_wrapped(r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle));
  text_wrapped(std::string(T("Tổng điểm tự đánh giá: ", "Self-assessed total: ")) + fmt_points(d.sheet.total, lang(), r.decimals) + " / " +
               fmt_points(d.sheet.scale, lang(), r.decimals));

  // 1. Checks.
  std::vector<const cds::CriterionScore*> unanswered, invalid;
  for (const auto& cs : d.sheet.criteria) {
    if (cs.status == cds::Status::Unanswered) unanswered.push_back(&cs);
    if (cs.status == cds::Status::Invalid) invalid.push_back(&cs);
  }
  bool needs_confirm = !unanswered.empty() || !invalid.empty();
  if (d.answers.unit.code.empty())
    ImGui::TextColored(ImVec4(0.8f, 0.45f, 0.0f, 1), "%s", T("Chưa nhập mã đơn vị (dùng trong tên tệp và để đối chiếu khóa).", "No unit code yet (used in the file name and to match keys)."));
  if (!invalid.empty()) {
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s %zu", T("Tiêu chí có số liệu sai:", "Criteria with invalid figures:"), invalid.size());
    for (const auto* cs : invalid) {
      if (ImGui::Selectable((cs->code + ". " + cds::ellipsize(r.criteria[cs->index].title, 80) + "##bad:" + cs->id).c_str())) {
        a.scroll_to = cs->id;
        a.expanded.insert(cs->id);
        a.screen = Screen::Form;
      }
    }
  }
  if (!unanswered.empty()) {
    ImGui::TextColored(ImVec4(0.8f, 0.45f, 0.0f, 1), "%s %zu", T("Tiêu chí chưa nhập (tính 0 điểm):", "Unanswered criteria (scored 0):"), unanswered.size());
    size_t shown = 0;
    for (const auto* cs : unanswered) {
      if (++shown > 12) {
        ImGui::TextDisabled("… %zu %s", unanswered.size() - 12, T("tiêu chí khác", "more"));
        break;
      }
      if (ImGui::Selectable((cs->code + ". " + cds::ellipsize(r.criteria[cs->index].title, 80) + "##todo:" + cs->id).c_str())) {
        a.scroll_to = cs->id;
        a.screen = Screen::Form;
      }
    }
  }
  if (needs_confirm)
    ImGui::Checkbox(T("Tôi đã kiểm tra và vẫn muốn nộp bài như trên##confirm", "I have checked and want to submit as it is##confirm"), &f.confirmed);
  else
    text_wrapped(T("Mọi tiêu chí đã nhập, không có lỗi số liệu.", "Every criterion answered, no invalid figures."));

  // 2. Key and role.
  ImGui::Separator();
  ImGui::PushFont(fonts::bold());
  text_wrapped(T("Khóa ký", "Signing key"));
  ImGui::PopFont();
  if (a.keys.empty()) {
    text_wrapped(T("Chưa có khóa ký trên máy này.", "No signing key on this device."));
    if (button(T("Tạo hoặc nhập khóa…##tokeys", "Create or import a key…##tokeys"), true)) {
      a.back_to = Screen::Submit;
      a.screen = Screen::Keys;
    }
  } else {
    if (f.key_id.empty()) f.key_id = a.keys.front().key_id;
    for (const auto& k : a.keys) {
      std::string label = k.key_id + " — " + (k.info.unit_name.empty() ? k.info.unit_code : k.info.unit_name) + "##key:" + k.key_id;
      if (ImGui::RadioButton(label.c_str(), f.key_id == k.key_id)) f.key_id = k.key_id;
      if (f.key_id == k.key_id && !k.info.unit_code.empty() && !d.answers.unit.code.empty() && k.info.unit_code != d.answers.unit.code)
        ImGui::TextColored(ImVec4(0.8f, 0.45f, 0.0f, 1), "%s", T("Khóa này đăng ký cho đơn vị khác mã với bài làm.", "This key belongs to a unit with another code."));
    }
    text_disabled_wrapped(T("Người lập biểu ký trước; thủ trưởng đơn vị ký xác nhận sau trên tệp đã ký.",
                            "The preparer signs first; the head of unit countersigns the signed file afterwards."));
    text_disabled_wrapped(T("Cụm mật khẩu của khóa", "The key's passphrase"));
    ImGui::SetNextItemWidth(w);
    ImGui::InputTextWithHint("##submit:pass", T("Cụm mật khẩu", "Passphrase"), &f.pass, ImGuiInputTextFlags_Password);
    if (!f.error.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", f.error.c_str());
    bool ready = !f.pass.empty() && (!needs_confirm || f.confirmed);
    if (f.busy > 0) {
      ImGui::TextUnformatted(T("Đang mở khóa và ký (vài giây)…", "Opening the key and signing (a few seconds)…"));
      if (--f.busy == 0) sign_and_save(a, d);
      else platform::request_frames(2);
    } else {
      ImGui::BeginDisabled(!ready);
      if (button(T("Ký và lưu tệp bài nộp##sign", "Sign and save the file##sign"), true)) {
        f.share = false;
        f.busy = 2;
        platform::request_frames(3);
      }
      if (platform::can_share_files()) {
        ImGui::SameLine();
        if (button(T("Ký và chia sẻ (Zalo, thư…)##share", "Sign and share (Zalo, mail…)##share"))) {
          f.share = true;
          f.busy = 2;
          platform::request_frames(3);
        }
      }
      ImGui::EndDisabled();
    }
  }

  // 3. History.
  if (!d.submissions.empty()) {
    ImGui::Separator();
    ImGui::PushFont(fonts::bold());
    text_wrapped(T("Các lần nộp từ bản nháp này (tệp sau thay thế tệp trước)", "Submissions from this draft (a later file supersedes an earlier one)"));
    ImGui::PopFont();
    for (auto it = d.submissions.rbegin(); it != d.submissions.rend(); ++it)
      text_wrapped(it->time.substr(0, 16) + "  " + it->file + "  " + T("điểm ", "total ") + fmt_points(it->total, lang(), 2) +
                   "  SHA-256 " + it->sha256.substr(0, 16) + "…  " + it->key_id);
  }
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

}  // namespace ui
