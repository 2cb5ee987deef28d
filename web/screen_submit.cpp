// "Nộp bài": check the draft (unanswered items and problems listed, the user confirms), choose the
// key and role, enter the passphrase, sign, and save the file (download, or Web Share on phones).
// The draft keeps the history of its submissions; a later file supersedes an earlier one.
#include <string>
#include <vector>

#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "cds/model/deadline.hpp"
#include "cds/signing/submission.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "platform.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

class SubmitScreen : public DraftScreen {
 public:
  void draw(App& a, Draft& d) override;

 private:
  bool checks(App& a, const Draft& d, const cds::Rubric& r);  // true when the user must confirm
  void signing(App& a, Draft& d, bool needs_confirm, float w);
  void sign_and_save(App& a, Draft& d);
  void history(const Draft& d);

  // The form, for one draft (another draft starts it afresh).
  struct Form {
    std::string draft_id;
    std::string key_id;
    bool confirmed = false;
    std::string pass;
    int busy = 0;  // frames until signing runs, so "working…" shows first
    bool share = false;
    std::string error;
  };
  Form f_;
};

void SubmitScreen::sign_and_save(App& a, Draft& d) {
  const StoredKey* sk = a.keys().find(f_.key_id);
  const RubricItem* re = a.rubrics().find(d.rubric_key);
  if (!sk || !re || !re->rubric()) return;
  auto opened = cds::open_key_file(sk->file, f_.pass);
  cds::wipe(f_.pass);  // never kept
  if (!opened.key) {
    f_.error = opened.messages.empty() ? std::string("?") : opened.messages.back().text(lang());
    return;
  }
  f_.error.clear();
  cds::Messages why;
  auto sub = cds::sign_submission(*re->rubric(), re->entry->sha256, d.answers, platform::local_time_iso(), cds::kVersion, *opened.key, &why);
  if (!sub) {
    f_.error = why.empty() ? std::string("?") : why.back().text(lang());
    return;
  }
  platform::save_file(sub->file_name, "application/json", sub->text, f_.share);
  a.drafts().record_submission(d, {sub->created, sub->file_name, sub->signed_sha256, sk->key_id, "preparer", sub->total});
  f_.confirmed = false;
  a.toast(std::string(T("Đã ký và lưu bài nộp: ", "Signed and saved: ")) + sub->file_name);
}

void SubmitScreen::draw(App& a, Draft& d) {
  if (f_.draft_id != d.id) {
    cds::wipe(f_.pass);
    f_ = Form{};
    f_.draft_id = d.id;
  }
  const cds::Rubric& r = *a.drafts().rubric_of(d);
  if (button(T("← Quay lại bảng điểm", "← Back to the form"))) a.go(ScreenId::Form);
  ImGui::BeginChild("##submit", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  float w = std::min(ImGui::GetContentRegionAvail().x, 620.0f);
  heading(std::string(T("Nộp bài: ", "Submit: ")) + (d.answers.unit.name.empty() ? "?" : d.answers.unit.name));
  text_disabled_wrapped(r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle));
  text_wrapped(std::string(T("Tổng điểm tự đánh giá: ", "Self-assessed total: ")) + fmt_points(d.sheet.total, lang(), r.decimals) + " / " +
               fmt_points(d.sheet.scale, lang(), r.decimals));
  // After the deadline signing is still allowed: whether a late file counts is the office's call.
  if (auto dl = cds::deadline_status(r, static_cast<long long>(platform::now_ms() / 1000), display_clock())) {
    std::string line = cds::deadline_line(*dl, display_clock(), lang());
    if (dl->phase == cds::DeadlinePhase::Late)
      text_colored_wrapped(c_error(), line + T(". Vẫn ký được; cơ quan tiếp nhận quyết định có nhận bài nộp muộn hay không.",
                                               ". You can still sign; the receiving office decides whether it accepts a late submission."));
    else
      text_colored_wrapped(dl->phase == cds::DeadlinePhase::DueToday ? c_warn() : ImGui::GetStyleColorVec4(ImGuiCol_Text), line);
  }
  bool needs_confirm = checks(a, d, r);
  ImGui::Separator();
  heading(T("Khóa ký", "Signing key"));
  signing(a, d, needs_confirm, w);
  history(d);
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

// Unanswered and invalid criteria, each a link to it in the form; the user confirms to go on.
bool SubmitScreen::checks(App& a, const Draft& d, const cds::Rubric& r) {
  std::vector<const cds::CriterionScore*> unanswered, invalid;
  for (const auto& cs : d.sheet.criteria) {
    if (cs.status == cds::Status::Unanswered) unanswered.push_back(&cs);
    if (cs.status == cds::Status::Invalid) invalid.push_back(&cs);
  }
  bool needs_confirm = !unanswered.empty() || !invalid.empty();
  if (d.answers.unit.code.empty())
    text_colored_wrapped(c_warn(), T("Chưa nhập mã đơn vị (dùng trong tên tệp và để đối chiếu khóa).", "No unit code yet (used in the file name and to match keys)."));
  if (!invalid.empty()) {
    text_colored_wrapped(c_error(), std::string(T("Tiêu chí có số liệu sai: ", "Criteria with invalid figures: ")) + std::to_string(invalid.size()));
    for (const auto* cs : invalid)
      if (link_row(cs->code + ". " + r.criteria[cs->index].title + "##bad:" + cs->id))
        a.go(ScreenId::Form, Visit::criterion_of(cs->id, true));
  }
  if (!unanswered.empty()) {
    text_colored_wrapped(c_warn(), std::string(T("Tiêu chí chưa nhập (tính 0 điểm): ", "Unanswered criteria (scored 0): ")) + std::to_string(unanswered.size()));
    size_t shown = 0;
    for (const auto* cs : unanswered) {
      if (++shown > 12) {
        ImGui::TextDisabled("… %zu %s", unanswered.size() - 12, T("tiêu chí khác", "more"));
        break;
      }
      if (link_row(cs->code + ". " + r.criteria[cs->index].title + "##todo:" + cs->id))
        a.go(ScreenId::Form, Visit::criterion_of(cs->id, false));
    }
  }
  if (needs_confirm)
    ImGui::Checkbox(T("Tôi đã kiểm tra và vẫn muốn nộp bài như trên##confirm", "I have checked and want to submit as it is##confirm"), &f_.confirmed);
  else
    text_wrapped(T("Mọi tiêu chí đã nhập, không có lỗi số liệu.", "Every criterion answered, no invalid figures."));
  return needs_confirm;
}

// The key (and a warning when it belongs to another unit code), the passphrase, and signing.
void SubmitScreen::signing(App& a, Draft& d, bool needs_confirm, float w) {
  const auto& keys = a.keys().all();
  if (keys.empty()) {
    text_wrapped(T("Chưa có khóa ký trên máy này.", "No signing key on this device."));
    if (button(T("Tạo hoặc nhập khóa…##tokeys", "Create or import a key…##tokeys"), true)) a.go(ScreenId::Keys, Visit::back_to(ScreenId::Submit));
    return;
  }
  if (f_.key_id.empty()) f_.key_id = keys.front().key_id;
  for (const auto& k : keys) {
    std::string label = std::string(T("Khóa ", "Key ")) + k.key_id + " — " + (k.info.unit_name.empty() ? k.info.unit_code : k.info.unit_name) + "##key:" + k.key_id;
    if (is_narrow() ? option_row(label, f_.key_id == k.key_id, w) : ImGui::RadioButton(label.c_str(), f_.key_id == k.key_id)) f_.key_id = k.key_id;
    if (f_.key_id == k.key_id && !k.info.unit_code.empty() && !d.answers.unit.code.empty() && k.info.unit_code != d.answers.unit.code)
      text_colored_wrapped(c_warn(), T("Khóa này đăng ký cho đơn vị khác mã với bài làm.", "This key belongs to a unit with another code."));
  }
  text_disabled_wrapped(T("Người lập biểu ký trước; thủ trưởng đơn vị ký xác nhận sau trên tệp đã ký.",
                          "The preparer signs first; the head of unit countersigns the signed file afterwards."));
  text_disabled_wrapped(T("Cụm mật khẩu của khóa", "The key's passphrase"));
  passphrase_field("##submit:pass", f_.pass, w, T("Cụm mật khẩu", "Passphrase"));
  if (!f_.error.empty()) text_colored_wrapped(c_error(), f_.error.c_str());
  if (f_.busy > 0) {
    ImGui::TextUnformatted(T("Đang mở khóa và ký (vài giây)…", "Opening the key and signing (a few seconds)…"));
    if (--f_.busy == 0) sign_and_save(a, d);
    else platform::request_frames(2);
    return;
  }
  bool ready = !f_.pass.empty() && (!needs_confirm || f_.confirmed);
  auto start = [&](bool share) {
    f_.share = share;
    f_.busy = 2;
    platform::request_frames(3);
  };
  ImGui::BeginDisabled(!ready);
  if (button(T("Ký và lưu tệp bài nộp##sign", "Sign and save the file##sign"), true)) start(false);
  if (platform::can_share_files()) {
    ImGui::SameLine();
    if (button(T("Ký và chia sẻ (Zalo, thư…)##share", "Sign and share (Zalo, mail…)##share"))) start(true);
  }
  ImGui::EndDisabled();
}

void SubmitScreen::history(const Draft& d) {
  if (d.submissions.empty()) return;
  ImGui::Separator();
  heading(T("Các lần nộp từ bản nháp này (tệp sau thay thế tệp trước)", "Submissions from this draft (a later file supersedes an earlier one)"));
  for (auto it = d.submissions.rbegin(); it != d.submissions.rend(); ++it) {
    const char* who = it->role == "head" ? T("thủ trưởng ký", "signed by the head") : T("người lập biểu ký", "signed by the preparer");
    text_wrapped(display_time(it->time) + " · " + it->file + " · " + T("tổng ", "total ") + fmt_points(it->total, lang(), 2) + T(" điểm", " points") +
                 " · " + who + T(" (mã khóa ", " (key ") + it->key_id + ")");
  }
}

}  // namespace

std::unique_ptr<Screen> make_submit_screen() { return std::make_unique<SubmitScreen>(); }

}  // namespace ui
