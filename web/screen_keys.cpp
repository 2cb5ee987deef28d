// Keys ("Khóa ký"): create the unit's Ed25519 key (kept only encrypted by its passphrase), export a
// backup, import one, show the public key and its fingerprint as text and as a file to register
// with the receiving office.
#include <string>

#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/model/draft_store.hpp"
#include "cds/signing/keys.hpp"
#include "cds/base/text.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

struct KeyForm {
  std::string unit_name, unit_code, pass1, pass2;
  int busy = 0;  // frames until the (slow) key derivation runs, so "working…" shows first
  std::string confirm_delete;
};
KeyForm g_form;

bool password(const char* id, std::string& value, float w, const char* hint) {
  ImGui::SetNextItemWidth(w);
  return ImGui::InputTextWithHint(id, hint, &value, ImGuiInputTextFlags_Password);
}

void create_key(App& a) {
  KeyForm& f = g_form;
  cds::KeyPair kp = cds::new_keypair();
  cds::KeyInfo info{cds::key_id(kp.public_key), kp.public_key, f.unit_name, f.unit_code, platform::local_time_iso()};
  std::string file = cds::make_key_file(kp, f.pass1, info);
  cds::wipe(f.pass1);  // the passphrase is never kept
  cds::wipe(f.pass2);
  if (file.empty()) {
    a.toast(T("Không đủ bộ nhớ để tạo khóa.", "Not enough memory to create the key."), true);
    return;
  }
  a.store_key(file);
  platform::storage_put("key:" + info.key_id, cds::encode_record(1, file), [&a](bool ok, const std::string&) {
    if (!ok) a.toast(T("Không lưu được khóa vào bộ nhớ trình duyệt: hãy xuất bản sao ngay.", "Could not store the key: export a backup now."), true);
  });
  a.toast(std::string(T("Đã tạo khóa ", "Key created: ")) + info.key_id +
          T(". Hãy xuất bản sao lưu và gửi khóa công khai cho cơ quan tiếp nhận.", ". Export a backup and send the public key to the receiving office."));
}

}  // namespace

void draw_keys_screen(App& a) {
  KeyForm& f = g_form;
  if (button(T("← Quay lại", "← Back"))) a.screen = a.back_to;
  ImGui::SameLine();
  open_button(T("Nhập tệp khóa…", "Import a key file…"), picker(Request::Key));
  ImGui::BeginChild("##keys", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  float w = std::min(ImGui::GetContentRegionAvail().x, 560.0f);

  ImGui::PushFont(fonts::bold());
  text_wrapped(T("Khóa ký của đơn vị", "The unit's signing keys"));
  ImGui::PopFont();
  text_disabled_wrapped(T("Khóa bí mật chỉ được lưu dưới dạng đã mã hóa bằng cụm mật khẩu; cụm mật khẩu không bao giờ được lưu. "
                          "Hãy gửi phần công khai (mã khóa và khóa công khai) cho cơ quan tiếp nhận để đăng ký.",
                          "The secret key is stored only encrypted by its passphrase, which is never stored. "
                          "Send the public part (key id and public key) to the receiving office to register it."));
  if (a.keys.empty()) text_disabled_wrapped(T("Chưa có khóa nào trên máy này.", "No key on this device yet."));
  std::string del;
  for (const auto& k : a.keys) {
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
    ImGui::SameLine();
    if (button((std::string(T("Tải tệp khóa công khai", "Download public key")) + "##pubfile:" + k.key_id).c_str())) {
      std::string text = cds::public_key_json(k.info).dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
      platform::save_file(cds::file_name_part(k.info.unit_code) + "_khoa-cong-khai_" + k.key_id + ".json", "application/json", text);
    }
    ImGui::SameLine();
    if (button((std::string(T("Xuất bản sao lưu", "Export backup")) + "##backup:" + k.key_id).c_str())) {
      platform::save_file(cds::file_name_part(k.info.unit_code) + "_khoa-bi-mat_" + k.key_id + ".json", "application/json", k.file);
      a.toast(T("Đã xuất tệp khóa (đã mã hóa). Cất giữ an toàn, không gửi cho ai.", "Key file exported (encrypted). Keep it safe; never send it."));
    }
    if (!is_narrow()) ImGui::SameLine();
    if (button((std::string(T("Xóa", "Delete")) + "##delkey:" + k.key_id).c_str())) {
      f.confirm_delete = k.key_id;
      ImGui::OpenPopup("##confirm-key");
    }
    if (ImGui::BeginPopupModal("##confirm-key", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
      ImGui::TextUnformatted(T("Xóa khóa này khỏi máy? Nếu không có bản sao lưu, đơn vị sẽ phải tạo khóa mới và đăng ký lại.",
                               "Delete this key from the device? Without a backup the unit must create and register a new key."));
      ImGui::PopTextWrapPos();
      if (button(T("Xóa khóa", "Delete key"), true)) {
        del = f.confirm_delete;
        ImGui::CloseCurrentPopup();
      }
      ImGui::SameLine();
      if (button(T("Hủy", "Cancel"))) ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
    }
    ImGui::PopID();
  }
  if (!del.empty()) a.delete_key(del);

  ImGui::Separator();
  ImGui::PushFont(fonts::bold());
  text_wrapped(T("Tạo khóa mới", "Create a new key"));
  ImGui::PopFont();
  if (f.unit_name.empty() && a.current()) f.unit_name = a.current()->answers.unit.name;
  if (f.unit_code.empty() && a.current()) f.unit_code = a.current()->answers.unit.code;
  text_disabled_wrapped(T("Tên đơn vị", "Unit name"));
  text_field("##key:unit_name", f.unit_name, w);
  text_disabled_wrapped(T("Mã đơn vị", "Unit code"));
  text_field("##key:unit_code", f.unit_code, w);
  text_disabled_wrapped(T("Cụm mật khẩu (nên là một câu ngắn 4–5 từ, dễ nhớ, khó đoán)", "Passphrase (a short sentence of 4–5 words is best)"));
  password("##key:pass1", f.pass1, w, T("Cụm mật khẩu", "Passphrase"));
  cds::Strength st = cds::passphrase_strength(f.pass1);
  if (!f.pass1.empty()) {
    ImVec4 col = st.score <= 1 ? ImVec4(0.8f, 0.1f, 0.1f, 1) : (st.score == 2 ? ImVec4(0.8f, 0.5f, 0.0f, 1) : ImVec4(0.1f, 0.55f, 0.2f, 1));
    ImGui::ProgressBar(static_cast<float>(st.score + 1) / 5.0f, ImVec2(w, 6), "");
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    text_wrapped(T(st.vi.c_str(), st.en.c_str()));
    ImGui::PopStyleColor();
  }
  password("##key:pass2", f.pass2, w, T("Nhập lại cụm mật khẩu", "Repeat the passphrase"));
  bool match = !f.pass1.empty() && f.pass1 == f.pass2;
  if (!f.pass2.empty() && !match)
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", T("Hai lần nhập không khớp", "The two entries differ"));
  if (f.busy > 0) {
    ImGui::TextUnformatted(T("Đang tạo khóa (vài giây)…", "Creating the key (a few seconds)…"));
    if (--f.busy == 0) create_key(a);
    else platform::request_frames(2);
  } else {
    ImGui::BeginDisabled(!match || st.score == 0);
    if (button(T("Tạo khóa", "Create key"), true)) {
      f.busy = 2;
      platform::request_frames(3);
    }
    ImGui::EndDisabled();
  }
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

}  // namespace ui
