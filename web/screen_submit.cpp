// "Nộp bài": check the draft (unanswered items and problems listed, the user confirms), choose the
// key and role, enter the passphrase, sign, and save the file (download, or Web Share on phones).
// When the draft names evidence files, what is saved is the dossier (docs/dossier-format.md): one
// .zip with the signed submission and those files (kept on this device when they were attached),
// packed by the cds-xlsx worker; the plain .json stays one click away for units that send evidence
// separately. The draft keeps the history of its submissions; a later file supersedes an earlier one.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "cds/model/deadline.hpp"
#include "cds/signing/dossier.hpp"
#include "drafts.hpp"
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
  void dossier_panel(App& a, Draft& d, float w);
  void save_dossier(App& a, bool share);
  void repick(App& a, const std::vector<platform::OpenedFile>& files);

  // The form, for one draft (another draft starts it afresh).
  struct Form {
    std::string draft_id;
    std::string key_id;
    bool confirmed = false;
    std::string pass;
    int busy = 0;  // frames until signing runs, so "working…" shows first
    bool share = false;
    std::string error;
    bool too_big = false;  // answers the office would refuse for their size (check_answers_size): not signed
  };
  Form f_;

  // The last file signed here with evidence files, until another draft or signing replaces it.
  struct Signed {
    std::string draft_id, text, file_name, created;
    EvidenceFiles files;
    std::vector<PartRef> parts;  // a merged draft's agency parts, packed under parts/
    std::map<std::string, std::string> names;  // SHA-256 → "name (tiêu chí c)", for the missing list
    bool busy = false, saved = false;
    std::string error;
    std::vector<std::string> missing;  // SHA-256 of files not on this device
  };
  std::optional<Signed> signed_;

 public:
  // window.cds.state().dossier: the last dossier made here (tests).
  void add_state(cds::Json& j) const override {
    if (!signed_) return;
    j["dossier"] = {{"draft", signed_->draft_id}, {"files", signed_->files.sha256.size()}, {"parts", signed_->parts.size()}, {"busy", signed_->busy}, {"saved", signed_->saved},
                    {"missing", signed_->missing.size()}, {"error", signed_->error}};
  }
  void receive(App& a, Request r, const std::string& arg, std::vector<platform::OpenedFile> files) override {
    (void)r;
    (void)arg;
    repick(a, files);
  }
};

// Why the dossier could not be saved, in words and with what to do ("missing:" is shown as a list).
std::string dossier_failure(const std::string& why) {
  if (why.rfind("changed:", 0) == 0)
    return std::string(T("tệp kiểm chứng trên máy đã khác với tệp đã ký: ", "an evidence file on this device differs from the one signed: ")) +
           why.substr(8) + T(". Hãy chọn lại đúng tệp.", ". Choose the right file again.");
  if (why.rfind("parts:", 0) == 0)  // a merged draft's parts no longer on this device
    return T("trên máy này không còn các phần số liệu có chữ ký của các cơ quan: hãy ghép lại (\"Phiếu phân công\") rồi ký, hoặc dùng \"cds dossier --parts\".",
             "this device no longer holds the agencies' signed parts: merge them again (\"Work packets\") and sign, or use \"cds dossier --parts\".");
  if (why.rfind("storage:", 0) == 0)
    return T("trình duyệt không cho đọc bộ nhớ của trang (cửa sổ riêng tư?). Hãy lưu riêng tệp bài nộp .json và gửi tài liệu kèm theo.",
             "the browser does not let the page read its storage (a private window?). Save the .json submission and send the evidence with it.");
  if (why.rfind("load:", 0) != 0) return why;
  std::string reason = load_failure_reason(why.substr(5));
  return std::string(T("chưa tải được phần đóng hồ sơ (", "the dossier writer could not be loaded (")) + reason +
         T("). Hãy kiểm tra kết nối rồi thử lại, hoặc lưu riêng tệp bài nộp .json.", "). Check the connection and try again, or save the .json submission alone.");
}

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
  EvidenceFiles files = evidence_files(d.answers);
  std::vector<PartRef> parts = provenance_parts(d.answers);
  a.drafts().record_submission(d, {sub->created, sub->file_name, sub->signed_sha256, sk->key_id, "preparer", sub->total});
  f_.confirmed = false;
  if ((files.sha256.empty() && parts.empty()) || platform::is_single_file()) {
    platform::save_file(sub->file_name, "application/json", sub->text, f_.share);
    signed_.reset();
    a.toast(std::string(T("Đã ký và lưu bài nộp: ", "Signed and saved: ")) + sub->file_name);
    if (!files.sha256.empty() || !parts.empty())  // the single file has no ZIP writer
      a.toast(T("Bản một tệp không đóng được hồ sơ .zip: hãy gửi các tệp kiểm chứng kèm theo tệp bài nộp.",
                "The single file cannot pack a .zip dossier: send the evidence files along with the submission."), true);
    return;
  }
  Signed sg;
  sg.draft_id = d.id;
  sg.text = sub->text;
  sg.file_name = sub->file_name;
  sg.created = sub->created;
  sg.files = std::move(files);
  sg.parts = std::move(parts);
  for (const auto& [c, items] : d.answers.evidence)
    for (const auto& it : items)
      if (it.kind == "file" && !sg.names.count(it.sha256)) sg.names[it.sha256] = it.name + T(" (tiêu chí ", " (criterion ") + c + ")";
  signed_ = std::move(sg);
  save_dossier(a, f_.share);
}

void SubmitScreen::save_dossier(App& a, bool share) {
  if (!signed_ || signed_->busy) return;
  Signed& sg = *signed_;
  sg.busy = true;
  sg.saved = false;
  sg.error.clear();
  sg.missing.clear();
  cds::Json plan = {{"name", cds::dossier_file_name(sg.file_name)}, {"submission", sg.text}, {"sha256", sg.files.sha256}, {"parts", cds::Json::array()}};
  for (const auto& p : sg.parts) plan["parts"].push_back({{"file", p.file}, {"sha256", p.sha256}});
  std::string draft_id = sg.draft_id;
  platform::make_dossier(plan.dump(-1, ' ', false, cds::Json::error_handler_t::replace), share, [this, &a, draft_id](bool ok, const std::string& why) {
    if (!signed_ || signed_->draft_id != draft_id) return;
    Signed& s = *signed_;
    s.busy = false;
    if (ok) {
      s.saved = true;
      a.toast(std::string(T("Đã ký và lưu hồ sơ: ", "Signed and saved the dossier: ")) + cds::dossier_file_name(s.file_name));
      return;
    }
    if (why.rfind("missing:", 0) == 0) {
      std::string list = why.substr(8);
      for (size_t at = 0; at <= list.size();) {
        size_t comma = list.find(',', at);
        if (comma == std::string::npos) comma = list.size();
        if (comma > at) s.missing.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
      s.error = std::string(T("Trên máy này không còn ", "This device no longer holds ")) + std::to_string(s.missing.size()) +
                T(" tệp kiểm chứng đã ký (bản nháp nhập từ tệp, hoặc trình duyệt đã xóa bớt). Hãy chọn lại các tệp đó:",
                  " of the evidence files signed (a draft imported from a file, or the browser cleared them). Choose those files again:");
      return;
    }
    s.error = dossier_failure(why);
  });
  platform::request_frames(2);
}

// Files chosen again for a dossier: each kept when it is one the submission signed.
void SubmitScreen::repick(App& a, const std::vector<platform::OpenedFile>& files) {
  if (!signed_) return;
  Signed& sg = *signed_;
  int found = 0;
  for (const auto& f : files) {
    if (f.skipped != platform::OpenedFile::Skipped::No) continue;
    std::string sha = cds::sha256_hex(f.bytes);
    auto it = std::find(sg.missing.begin(), sg.missing.end(), sha);
    if (it == sg.missing.end()) continue;
    a.drafts().keep_evidence_bytes(f.name, sha, f.bytes);
    sg.missing.erase(it);
    ++found;
  }
  if (found == 0) {
    a.toast(T("Không tệp nào trong số đã chọn là tệp kiểm chứng còn thiếu (nội dung phải đúng như khi ký).",
              "None of the chosen files is a missing evidence file (the content must be as signed)."), true);
    return;
  }
  if (sg.missing.empty()) {
    sg.error.clear();
    save_dossier(a, false);
  }
}

// After signing with evidence files: what the dossier holds, its size against 25 MB of mail, and
// what went wrong (files to choose again); the plain .json one click away.
void SubmitScreen::dossier_panel(App& a, Draft& d, float w) {
  if (!signed_ || signed_->draft_id != d.id) return;
  Signed& sg = *signed_;
  ImGui::Separator();
  heading(T("Hồ sơ gửi cơ quan tiếp nhận", "Dossier for the receiving office"));
  text_wrapped(std::string(T("Một tệp .zip gồm bài nộp đã ký và ", "One .zip file with the signed submission and ")) + std::to_string(sg.files.sha256.size()) +
               T(" tệp kiểm chứng (", " evidence files (") + cds::mail_room_text(sg.files.bytes + sg.text.size(), lang()) + ").");
  if (sg.busy) {
    ImGui::TextUnformatted(T("Đang đóng hồ sơ…", "Packing the dossier…"));
    platform::request_frames(2);
  } else if (sg.saved) {
    text_wrapped(std::string(T("Đã lưu: ", "Saved: ")) + cds::dossier_file_name(sg.file_name));
  }
  if (!sg.error.empty()) text_colored_wrapped(c_error(), sg.error);
  for (const auto& sha : sg.missing) text_wrapped("• " + (sg.names.count(sha) ? sg.names[sha] : sha));
  if (!sg.missing.empty())
    open_small_button(T("Chọn lại các tệp này…##dossier:repick", "Choose these files again…##dossier:repick"),
                      picker(Request::DossierEvidence, d.id, "", true));
  ImGui::BeginDisabled(sg.busy || !sg.missing.empty());
  if (button(T("Lưu lại hồ sơ .zip##dossier:save", "Save the .zip dossier again##dossier:save"))) save_dossier(a, false);
  ImGui::EndDisabled();
  if (!is_narrow()) ImGui::SameLine();
  if (button(T("Lưu riêng bài nộp .json##dossier:json", "Save the .json submission alone##dossier:json")))
    platform::save_file(sg.file_name, "application/json", sg.text, false);
  text_disabled_wrapped(T("Tệp .json là bài nộp hợp lệ khi tài liệu kiểm chứng gửi riêng; cơ quan tiếp nhận đối chiếu tài liệu theo mã SHA-256 đã ký.",
                          "The .json file is a valid submission when the evidence is sent separately; the office matches the files by the SHA-256 signed."));
  (void)w;
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
  dossier_panel(a, d, w);
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
  // A name, period, information text or evidence beyond what the receiving office accepts
  // (docs/limits.md) is said here and not signed: the office would refuse the file.
  const cds::Messages too_big = cds::check_answers_size(d.answers);
  f_.too_big = !too_big.empty();
  for (const auto& m : too_big)
    text_colored_wrapped(c_error(), "✕ " + m.text(lang()) + T(": cơ quan tiếp nhận sẽ không nhận tệp, hãy rút gọn trước khi ký.",
                                                              ": the receiving office would refuse the file; shorten it before signing."));
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
  // Points claimed with no evidence where the document asks for some: a warning, not a block.
  cds::Messages bare = cds::unsupported_claims(r, d.answers, d.sheet);
  if (!bare.empty()) {
    text_colored_wrapped(c_warn(), std::string(T("Tiêu chí có điểm nhưng chưa kèm minh chứng (văn bản yêu cầu tài liệu kiểm chứng): ",
                                                 "Criteria claiming points with no evidence (the document asks for some): ")) +
                                       std::to_string(bare.size()));
    size_t shown = 0;
    for (const auto& m : bare) {
      const cds::Criterion* c = r.criterion(m.where);
      if (!c) continue;
      if (++shown > 12) {
        ImGui::TextDisabled("… %zu %s", bare.size() - 12, T("tiêu chí khác", "more"));
        break;
      }
      if (link_row(c->code + ". " + c->title + "##bare:" + c->id)) a.go(ScreenId::Form, Visit::criterion_of(c->id, true));
    }
  }
  if (needs_confirm) {
    // The label wraps beside its box (a phone with larger text would cut what is confirmed).
    ImGui::Checkbox("##confirm", &f_.confirmed);
    ImGui::SameLine();
    text_wrapped(T("Tôi đã kiểm tra và vẫn muốn nộp bài như trên", "I have checked and want to submit as it is"));
  } else {
    text_wrapped(T("Mọi tiêu chí đã nhập, không có lỗi số liệu.", "Every criterion answered, no invalid figures."));
  }
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
  bool ready = !f_.pass.empty() && (!needs_confirm || f_.confirmed) && !f_.too_big;
  auto start = [&](bool share) {
    f_.share = share;
    f_.busy = 2;
    platform::request_frames(3);
  };
  ImGui::BeginDisabled(!ready);
  bool dossier = !platform::is_single_file() && (!evidence_files(d.answers).sha256.empty() || !provenance_parts(d.answers).empty());
  if (button(dossier ? T("Ký và lưu hồ sơ (.zip)##sign", "Sign and save the dossier (.zip)##sign") : T("Ký và lưu tệp bài nộp##sign", "Sign and save the file##sign"),
             true))
    start(false);
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
