// "Kiểm tra bài nộp": open a submission file or a dossier (.zip with the submission and its
// evidence, docs/dossier-format.md) and see the verdict in plain words, who has signed and who
// still must, the evidence check, then the details (signatures, rubric, every score difference).
// The head of the unit countersigns here, on their own device with their own key: the file (or
// the dossier, packed again around the countersigned submission) is saved for sending.
#include <optional>
#include <string>

#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "cds/zip/zip.hpp"
#include "screen_appraisal_view.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

class VerifyScreen : public Screen {
 public:
  void draw(App& a) override;
  // Submission files or dossiers (picked here, or dropped elsewhere): each is checked, the last one
  // shown. A dossier is opened by the files worker first.
  void receive(App& a, Request, const std::string&, std::vector<platform::OpenedFile> files) override {
    for (auto& f : files) {
      if (cds::zip::looks_like_zip(f.bytes)) {
        appraisal_view_receive(a, platform::OpenedFile{});  // forgets a shown appraisal
        opening_ = f.name;
        std::string name = f.name;
        platform::open_dossier(f.bytes, [this, &a, name](bool ok, int token, std::string submission, std::string meta) {
          if (opening_ == name) opening_.clear();
          if (!ok) {
            a.toast(name + ": " + dossier_open_failure(meta), true);
            return;
          }
          show(a, name, std::move(submission), token, meta);
        });
        a.go(ScreenId::Verify);
        continue;
      }
      if (appraisal_view_receive(a, f)) {  // an appraisal: screen_appraisal_view.cpp
        verified_.reset();
        a.go(ScreenId::Verify);
        continue;
      }
      show(a, f.name, std::move(f.bytes), 0, "");
    }
  }
  void add_state(cds::Json& j) const override {
    appraisal_view_state(j);
    if (!verified_) return;
    j["verified"] = {{"file", verified_->file}, {"ok", verified_->v.ok()}, {"verdict", verified_->v.verdict(lang())},
                     {"plain", verified_->v.plain(lang(), display_clock())}, {"technical", verified_->v.technical(lang())},
                     {"total", verified_->v.total.to_double()}, {"dossier", verified_->token != 0},
                     {"evidence", verified_->evidence_summary}, {"evidenceComplete", verified_->evidence_complete},
                     {"roles", roles(verified_->v)}, {"countersign", cs_.error}};
  }

 private:
  struct Verified {
    std::string file;
    std::string bytes;  // the submission's
    cds::Verification v;
    int token = 0;      // a dossier held by the page (0: a plain file)
    std::string evidence_summary;
    bool evidence_complete = true;
  };
  // The head's countersignature being made.
  struct Countersign {
    std::string key_id, pass, error;
    int busy = 0;
  };

  static std::vector<std::string> roles(const cds::Verification& v) {
    std::vector<std::string> r;
    for (const auto& s : v.signatures) r.push_back(s.role);
    return r;
  }
  static bool has_role(const cds::Verification& v, const char* role) {
    for (const auto& s : v.signatures)
      if (s.role == role) return true;
    return false;
  }
  static std::string dossier_open_failure(const std::string& why) {
    size_t tab = why.find('\t');
    if (tab != std::string::npos) return lang() == cds::Lang::Vi ? why.substr(0, tab) : why.substr(tab + 1);
    if (why.rfind("load:", 0) == 0)
      return T("chưa tải được phần mở hồ sơ .zip (mạng?). Hãy thử lại khi có mạng.", "the dossier reader could not be loaded (network?). Try again when online.");
    return why;
  }

  void show(App& a, const std::string& name, std::string bytes, int token, const std::string& meta);
  void signers(const cds::Verification& v);
  void countersign(App& a);
  void do_countersign(App& a);
  void details(const cds::Verification& v);

  std::optional<Verified> verified_;
  std::string opening_;     // a dossier being opened
  Countersign cs_;
  bool technical_ = false;  // "Chi tiết kỹ thuật" unfolded
};

void VerifyScreen::show(App& a, const std::string& name, std::string bytes, int token, const std::string& meta) {
  Verified vf;
  vf.file = name;
  vf.v = cds::verify_submission(bytes, a.rubrics().catalogue().lookup());
  vf.bytes = std::move(bytes);
  vf.token = token;
  if (token) {
    auto m = cds::parse_json(meta);
    if (m.doc && m.doc->is_object() && m.doc->contains("named")) {
      vf.evidence_summary = cds::str_or(*m.doc, lang() == cds::Lang::Vi ? "summary_vi" : "summary_en");
      const cds::Json& j = *m.doc;
      vf.evidence_complete = j.value("missing", 0) == 0 && j.value("changed", 0) == 0;
      // A merged submission's agency parts (parts/): not evidence; their chain is cds verify's.
      if (int n = j.value("parts", 0))
        vf.evidence_summary += std::string(T("; kèm ", "; with ")) + std::to_string(n) + T(" phần số liệu của cơ quan (kiểm bằng cds verify)", " agency parts (cds verify checks them)");
    }
  }
  verified_ = std::move(vf);
  cs_.error.clear();
  a.go(ScreenId::Verify);
  platform::announce(verified_->v.verdict(lang()));
}

void VerifyScreen::draw(App& a) {
  if (button(T("← Trang chủ", "← Home"))) a.go(ScreenId::Home);
  ImGui::SameLine();
  open_button(T("Mở tệp bài nộp…", "Open a submission file…"), picker(Request::Verify, {}, ".json,.zip,application/json,application/zip"));
  ImGui::BeginChild("##verify", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  if (!opening_.empty()) {
    text_wrapped(std::string(T("Đang mở hồ sơ ", "Opening the dossier ")) + opening_ + "…");
    platform::request_frames(2);
  }
  if (appraisal_view_draw(a)) {
  } else if (!verified_) {
    text_wrapped(T("Chọn một tệp bài nộp (.json), hồ sơ (.zip) hoặc tệp thẩm định để kiểm tra chữ ký, bộ tiêu chí, tài liệu kiểm chứng và tính lại mọi điểm ngay trên máy.",
                   "Choose a submission file (.json), a dossier (.zip) or an appraisal file to check its signatures, rubric and evidence and recompute every score on this device."));
  } else {
    const cds::Verification& v = verified_->v;
    text_disabled_wrapped(std::string(T("Tệp: ", "File: ")) + verified_->file);
    ImGui::PushFont(fonts::large());
    ImGui::PushStyleColor(ImGuiCol_Text, v.ok() ? c_ok() : c_error());
    text_wrapped(v.headline(lang()));
    ImGui::PopStyleColor();
    ImGui::PopFont();
    if (verified_->token)
      text_colored_wrapped(verified_->evidence_complete ? c_ok() : c_error(),
                           std::string(T("Hồ sơ .zip: ", "Dossier (.zip): ")) +
                               (verified_->evidence_summary.empty() ? T("không đọc được danh mục tài liệu kiểm chứng", "the evidence list cannot be read")
                                                                    : verified_->evidence_summary));
    signers(v);
    countersign(a);
    details(v);
  }
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

// Who has signed and who still must: the form asks for the preparer and "THỦ TRƯỞNG ĐƠN VỊ".
void VerifyScreen::signers(const cds::Verification& v) {
  if (!v.parsed || v.legacy) return;
  ImGui::Separator();
  heading(T("Chữ ký", "Signatures"));
  for (const char* role : {"preparer", "head"}) {
    const cds::SignatureCheck* sc = nullptr;
    for (const auto& s : v.signatures)
      if (s.role == role) sc = &s;
    std::string who = std::string(role == std::string("head") ? T("Thủ trưởng đơn vị", "Head of unit") : T("Người lập biểu", "Preparer")) + ": ";
    if (!sc) {
      text_colored_wrapped(c_warn(), who + T("chưa ký", "not signed yet"));
    } else {
      text_colored_wrapped(sc->valid ? c_ok() : c_error(),
                           who + (sc->valid ? T("đã ký (khóa ", "signed (key ") : T("chữ ký KHÔNG hợp lệ (khóa ", "signature NOT valid (key ")) + sc->key_id + ")");
    }
  }
}

// The head countersigns: shown while the file's signatures hold and it has no head's signature.
void VerifyScreen::countersign(App& a) {
  const cds::Verification& v = verified_->v;
  if (!v.parsed || v.legacy || !v.signatures_ok || has_role(v, "head") || !v.doc) return;
  ImGui::Separator();
  heading(T("Thủ trưởng đơn vị ký xác nhận", "The head of unit countersigns"));
  text_wrapped(T("Xem lại tổng điểm và các tiêu chí ở trên, rồi ký bằng khóa của thủ trưởng (khóa khác với khóa người lập biểu đã ký). "
                 "Tệp được lưu lại với cả hai chữ ký; gửi tệp đó cho cơ quan tiếp nhận.",
                 "Review the total and the criteria above, then sign with the head's key (not the key the preparer signed with). "
                 "The file is saved again with both signatures; send that file to the receiving office."));
  const auto& keys = a.keys().all();
  if (keys.empty()) {
    text_wrapped(T("Chưa có khóa ký trên máy này.", "No signing key on this device."));
    if (button(T("Tạo hoặc nhập khóa…##cs:tokeys", "Create or import a key…##cs:tokeys"), true)) a.go(ScreenId::Keys, Visit::back_to(ScreenId::Verify));
    return;
  }
  float w = std::min(ImGui::GetContentRegionAvail().x, 620.0f);
  if (cs_.key_id.empty() || !a.keys().find(cs_.key_id)) cs_.key_id = keys.front().key_id;
  for (const auto& k : keys) {
    std::string label = std::string(T("Khóa ", "Key ")) + k.key_id + " — " + (k.info.unit_name.empty() ? k.info.unit_code : k.info.unit_name) + "##cs:key:" + k.key_id;
    if (is_narrow() ? option_row(label, cs_.key_id == k.key_id, w) : ImGui::RadioButton(label.c_str(), cs_.key_id == k.key_id)) cs_.key_id = k.key_id;
  }
  text_disabled_wrapped(T("Cụm mật khẩu của khóa", "The key's passphrase"));
  passphrase_field("##cs:pass", cs_.pass, w, T("Cụm mật khẩu", "Passphrase"));
  if (!cs_.error.empty()) text_colored_wrapped(c_error(), cs_.error);
  if (cs_.busy > 0) {
    ImGui::TextUnformatted(T("Đang mở khóa và ký (vài giây)…", "Opening the key and signing (a few seconds)…"));
    if (--cs_.busy == 0) do_countersign(a);
    else platform::request_frames(2);
    return;
  }
  ImGui::BeginDisabled(cs_.pass.empty());
  if (button(verified_->token ? T("Ký xác nhận và lưu hồ sơ (.zip)##cs:sign", "Countersign and save the dossier (.zip)##cs:sign")
                              : T("Ký xác nhận và lưu tệp##cs:sign", "Countersign and save the file##cs:sign"),
             true)) {
    cs_.busy = 2;
    platform::request_frames(3);
  }
  ImGui::EndDisabled();
}

void VerifyScreen::do_countersign(App& a) {
  const StoredKey* sk = a.keys().find(cs_.key_id);
  if (!sk || !verified_ || !verified_->v.doc) return;
  auto opened = cds::open_key_file(sk->file, cs_.pass);
  cds::wipe(cs_.pass);  // never kept
  if (!opened.key) {
    cs_.error = opened.messages.empty() ? std::string("?") : opened.messages.back().text(lang());
    return;
  }
  cds::Json doc = *verified_->v.doc;
  cds::Messages why;
  if (!cds::add_signature(doc, "head", *opened.key, &why)) {
    cs_.error = why.empty() ? std::string("?") : why.back().text(lang());
    return;
  }
  cs_.error.clear();
  std::string text = cds::submission_to_text(doc);
  std::string name = cds::submission_file_name(doc);
  int token = verified_->token;
  if (token) {
    std::string zip_name = cds::dossier_file_name(name);
    platform::repack_dossier(token, text, zip_name, false, [this, &a, zip_name](bool ok, const std::string& why) {
      if (ok) a.toast(std::string(T("Đã ký xác nhận và lưu hồ sơ: ", "Countersigned and saved the dossier: ")) + zip_name);
      else cs_.error = std::string(T("Chưa lưu được hồ sơ: ", "The dossier could not be saved: ")) + why;
    });
  } else {
    platform::save_file(name, "application/json", text);
    a.toast(std::string(T("Đã ký xác nhận và lưu: ", "Countersigned and saved: ")) + name);
  }
  // What was saved, checked again and shown: both signatures now.
  std::string shown = verified_->file;
  std::string summary = verified_->evidence_summary;
  bool complete = verified_->evidence_complete;
  show(a, shown, std::move(text), token, "");
  verified_->evidence_summary = summary;
  verified_->evidence_complete = complete;
}

// The account in plain sentences (who signed, when in local time, what differs, by criterion and
// with decimal commas), then the machine detail — codes, JSON paths, hashes, ISO times — folded
// under "Chi tiết kỹ thuật" for whoever supports the clerk.
void VerifyScreen::details(const cds::Verification& v) {
  ImGui::Separator();
  for (const auto& line : v.plain(lang(), display_clock())) text_wrapped("• " + line);
  ImGui::Spacing();
  if (button((std::string(technical_ ? "▼ " : "▶ ") + T("Chi tiết kỹ thuật##tech", "Technical details##tech")).c_str())) technical_ = !technical_;
  if (technical_)
    for (const auto& line : v.technical(lang())) text_disabled_wrapped(line);
}

}  // namespace

std::unique_ptr<Screen> make_verify_screen() { return std::make_unique<VerifyScreen>(); }

}  // namespace ui
