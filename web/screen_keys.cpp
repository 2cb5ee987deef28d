// Keys ("Khóa ký"): create the unit's Ed25519 key (kept only encrypted by its passphrase), export a
// backup, import one, show the public key and its fingerprint as text and as a file to register
// with the receiving office.
#include <string>

#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/signing/keys.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

bool password(const char* id, std::string& value, float w, const char* hint) { return passphrase_field(id, value, w, hint); }

class KeysScreen : public Screen {
 public:
  void enter(App&, const Visit& v) override { back_ = v.back; }
  void draw(App& a) override;

 private:
  void key_card(App& a, const StoredKey& k, float w, std::string& del);
  void new_key_form(App& a, float w);
  void create_key(App& a);

  ScreenId back_ = ScreenId::Home;  // where "← Quay lại" returns
  std::string unit_name_, unit_code_, pass1_, pass2_;
  int busy_ = 0;  // frames until the (slow) key derivation runs, so "working…" shows first
  std::string confirm_delete_;
};

void KeysScreen::create_key(App& a) {
  cds::KeyPair kp = cds::new_keypair();
  cds::KeyInfo info{cds::key_id(kp.public_key), kp.public_key, unit_name_, unit_code_, platform::local_time_iso()};
  std::string file = cds::make_key_file(kp, pass1_, info);
  cds::wipe(pass1_);  // the passphrase is never kept
  cds::wipe(pass2_);
  if (file.empty()) {
    a.toast(T("Không đủ bộ nhớ để tạo khóa.", "Not enough memory to create the key."), true);
    return;
  }
  a.keys().add_created(file, info.key_id);
  a.toast(std::string(T("Đã tạo khóa ", "Key created: ")) + info.key_id +
          T(". Hãy xuất bản sao lưu và gửi khóa công khai cho cơ quan tiếp nhận.", ". Export a backup and send the public key to the receiving office."));
}

void KeysScreen::draw(App& a) {
  if (button(T("← Quay lại", "← Back"))) a.go(back_);
  ImGui::SameLine();
  open_button(T("Nhập tệp khóa…", "Import a key file…"), picker(Request::Key));
  ImGui::BeginChild("##keys", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  float w = std::min(ImGui::GetContentRegionAvail().x, 560.0f);

  heading(T("Khóa ký của đơn vị", "The unit's signing keys"));
  text_disabled_wrapped(T("Khóa bí mật chỉ được lưu dưới dạng đã mã hóa bằng cụm mật khẩu; cụm mật khẩu không bao giờ được lưu. "
                          "Hãy gửi phần công khai (mã khóa và khóa công khai) cho cơ quan tiếp nhận để đăng ký.",
                          "The secret key is stored only encrypted by its passphrase, which is never stored. "
                          "Send the public part (key id and public key) to the receiving office to register it."));
  if (a.keys().empty()) text_disabled_wrapped(T("Chưa có khóa nào trên máy này.", "No key on this device yet."));
  std::string del;
  for (const auto& k : a.keys().all()) key_card(a, k, w, del);
  if (!del.empty()) a.keys().remove(del);

  ImGui::Separator();
  new_key_form(a, w);
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

// A key: its id, unit and public key, with copy, download, backup and delete.
void KeysScreen::key_card(App& a, const StoredKey& k, float w, std::string& del) {
  ImGui::PushID(k.key_id.c_str());
  ImGui::Separator();
  ImGui::PushFont(fonts::large());
  ImGui::TextUnformatted(k.key_id.c_str());
  ImGui::PopFont();
  text_wrapped((k.info.unit_name.empty() ? std::string(T("(chưa ghi đơn vị)", "(no unit)")) : k.info.unit_name) +
               (k.info.unit_code.empty() ? "" : " · " + k.info.unit_code));
  text_disabled_wrapped(std::string(T("Khóa công khai (Ed25519): ", "Public key (Ed25519): ")));
  std::string pub = cds::to_base64(k.info.public_key);
  ImGui::SetNextItemWidth(w);
  ImGui::InputText(("##pub:" + k.key_id).c_str(), &pub, ImGuiInputTextFlags_ReadOnly);
  if (button((std::string(T("Sao chép", "Copy")) + "##copy:" + k.key_id).c_str())) {
    platform::clipboard_set((k.key_id + " " + pub).c_str());
    a.toast(T("Đã sao chép mã khóa và khóa công khai.", "Key id and public key copied."));
  }
  std::string unit = cds::file_name_part(k.info.unit_code);
  ImGui::SameLine();
  if (button((std::string(T("Tải tệp khóa công khai", "Download public key")) + "##pubfile:" + k.key_id).c_str())) {
    std::string text = cds::public_key_json(k.info).dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
    platform::save_file(unit + "_khoa-cong-khai_" + k.key_id + ".json", "application/json", text);
  }
  ImGui::SameLine();
  if (button((std::string(T("Xuất bản sao lưu", "Export backup")) + "##backup:" + k.key_id).c_str())) {
    platform::save_file(unit + "_khoa-bi-mat_" + k.key_id + ".json", "application/json", k.file);
    a.toast(T("Đã xuất tệp khóa (đã mã hóa). Cất giữ an toàn, không gửi cho ai.", "Key file exported (encrypted). Keep it safe; never send it."));
  }
  if (!is_narrow()) ImGui::SameLine();
  if (button((std::string(T("Xóa", "Delete")) + "##delkey:" + k.key_id).c_str())) {
    confirm_delete_ = k.key_id;
    ImGui::OpenPopup("##confirm-key");
  }
  if (ImGui::BeginPopupModal("##confirm-key", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(wrap_at(24));
    ImGui::TextUnformatted(T("Xóa khóa này khỏi máy? Nếu không có bản sao lưu, đơn vị sẽ phải tạo khóa mới và đăng ký lại.",
                             "Delete this key from the device? Without a backup the unit must create and register a new key."));
    ImGui::PopTextWrapPos();
    if (button(T("Xóa khóa", "Delete key"), true)) {
      del = confirm_delete_;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (button(T("Hủy", "Cancel"))) ImGui::CloseCurrentPopup();
    end_popup();
  }
  ImGui::PopID();
}

// "Tạo khóa mới": unit, passphrase twice (with its strength), then the slow derivation.
void KeysScreen::new_key_form(App& a, float w) {
  heading(T("Tạo khóa mới", "Create a new key"));
  if (const Draft* d = a.drafts().current()) {
    if (unit_name_.empty()) unit_name_ = d->answers.unit.name;
    if (unit_code_.empty()) unit_code_ = d->answers.unit.code;
  }
  text_disabled_wrapped(T("Tên đơn vị", "Unit name"));
  text_field("##key:unit_name", unit_name_, w);
  text_disabled_wrapped(T("Mã đơn vị", "Unit code"));
  text_field("##key:unit_code", unit_code_, w);
  text_disabled_wrapped(T("Cụm mật khẩu (nên là một câu ngắn 4–5 từ, dễ nhớ, khó đoán)", "Passphrase (a short sentence of 4–5 words is best)"));
  text_colored_wrapped(c_warn(), T("Không ai khôi phục được cụm mật khẩu bị quên, kể cả cơ quan tiếp nhận: khi đó phải tạo khóa mới và đăng ký lại. "
                                   "Hãy ghi lại và cất giữ nơi an toàn.",
                                   "A forgotten passphrase cannot be recovered by anyone, the receiving office included: you would have to create "
                                   "and register a new key. Write it down and keep it safe."));
  password("##key:pass1", pass1_, w, T("Cụm mật khẩu", "Passphrase"));
  cds::Strength st = cds::passphrase_strength(pass1_);
  if (!pass1_.empty()) {
    // The bar and its label in one colour: red weak, orange fair, green good.
    ImVec4 col = st.score <= 1 ? c_error() : (st.score == 2 ? c_warn() : c_ok());
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, col);
    ImGui::ProgressBar(static_cast<float>(st.score + 1) / 5.0f, ImVec2(w, 8), "");
    ImGui::PopStyleColor();
    text_colored_wrapped(col, T(st.vi.c_str(), st.en.c_str()));
  }
  password("##key:pass2", pass2_, w, T("Nhập lại cụm mật khẩu", "Repeat the passphrase"));
  bool match = !pass1_.empty() && pass1_ == pass2_;
  if (!pass2_.empty() && !match) text_colored_wrapped(c_error(), T("Hai lần nhập không khớp", "The two entries differ"));
  if (busy_ > 0) {
    ImGui::TextUnformatted(T("Đang tạo khóa (vài giây)…", "Creating the key (a few seconds)…"));
    if (--busy_ == 0) create_key(a);
    else platform::request_frames(2);
  } else {
    ImGui::BeginDisabled(!match || st.score == 0);
    if (button(T("Tạo khóa", "Create key"), true)) {
      busy_ = 2;
      platform::request_frames(3);
    }
    ImGui::EndDisabled();
  }
}

}  // namespace

std::unique_ptr<Screen> make_keys_screen() { return std::make_unique<KeysScreen>(); }

}  // namespace ui
