// "Phần số liệu" — one self-assessment filled by many agencies (docs/parts-format.md).
//
//  * An agency (either edition) opens the work packet it was e-mailed: the packet is checked
//    against the rubric it names, a draft is made for it (kept in storage like every draft, the
//    packet inside it, so a reload returns here), and only the criteria and rows it leads are
//    editable — the rest of the form is readable below for context. It attaches evidence, signs
//    its part with its own key and saves the part to send back: a .part.zip part dossier (part.json
//    and the evidence files, packed by the cds-xlsx worker) when it names files, else .part.json.
//  * The coordinating office (office edition) signs one packet per agency, then drops the returned
//    parts (.part.json or .part.zip, with its trust list and, optionally, the packets and its own
//    answers) here: every part is verified, its evidence files counted, conflicts are shown side by
//    side for a decision, the progress board tells who is late with a reminder to copy, and the
//    merged answers become a draft to sign as usual (the parts and their evidence files kept in
//    storage, so the province's dossier carries them).
// All checks and the merge are core's (cds/office/parts.hpp); this file draws and routes.
#include <algorithm>
#include <functional>
#include <optional>
#include <string>

#include "app.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "cds/model/file_kind.hpp"
#include "cds/office/parts.hpp"
#include "cds/zip/zip.hpp"
#include "drafts.hpp"
#include "edition.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

std::string value_text(const cds::Json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, cds::Json::error_handler_t::replace);
}

class PartsScreen : public Screen {
 public:
  void draw(App& a) override;
  void enter(App& a, const Visit&) override {
    // The office makes packets for any bundled rubric with assignments: every rubric is read as
    // the screen opens (the app starts from the catalogue alone).
    if (office_edition()) a.with_rubrics({}, nullptr);
    restore_from_draft(a);
  }
  void receive(App& a, Request, const std::string&, std::vector<platform::OpenedFile> files) override;
  void add_state(cds::Json& j) const override;

 private:
  // ---- the agency's side ----
  struct AgencyWork {
    std::string packet_text, draft_id;
    cds::Packet packet;
    const cds::Rubric* rubric = nullptr;
  };
  void open_packet(App& a, const std::string& name, const std::string& bytes);
  void restore_from_draft(App& a);
  Draft* work_draft(App& a);
  void draw_agency(App& a, Draft& d);
  void draw_sign(App& a, Draft& d);

  // ---- the office's side ----
  void draw_office(App& a);
  void draw_make_packets(App& a);
  const cds::Rubric* draw_plan(const cds::Rubric& r, const std::string& sha, float w);
  void draw_merge(App& a);
  void remerge(App& a);
  const cds::CatalogueEntry* merge_rubric(App& a) const;

  std::optional<AgencyWork> work_;
  std::vector<std::string> problems_;  // why the last packet opened could not be used
  std::string key_id_, pass_, sign_error_;
  int busy_ = 0;
  struct Signed {
    std::string file, sha256, text;
    int supplied = 0;
    size_t files = 0;          // evidence files it names: saved as a part dossier (.part.zip)
    bool packing = false, packed = false;
    std::string pack_error;
  };
  void save_part_dossier(App& a);
  std::optional<Signed> signed_;

  int tab_ = 0;          // office: the tab shown (0 an agency's part, 1 make packets, 2 merge)
  int select_tab_ = -1;  // a tab to bring forward once (a packet opened, files added)
  // Making packets.
  std::string rubric_key_, unit_code_, unit_name_, period_, deadline_date_, deadline_time_ = "17:00", office_name_, office_contact_;
  std::vector<std::string> skipped_;  // agency ids the office unticked (every agency with a part is sent one by default)
  std::vector<std::pair<std::string, std::string>> made_;  // file name, text
  std::string make_error_;
  // A split of a rubric whose document assigns nothing (cds-assignment/1): edited here or opened
  // from a file; checked into plan_checked_ and split_ (the rubric with it applied) every frame.
  std::optional<cds::AssignmentPlan> plan_, plan_checked_;
  std::optional<cds::Rubric> split_;
  // Merging.
  std::vector<cds::PartFile> parts_;
  std::vector<std::pair<std::string, std::string>> rejected_;  // files added that are no part (name, why), listed until removed
  std::vector<std::pair<std::string, std::string>> packet_files_;  // name, text
  std::optional<cds::TrustList> trust_;
  std::string trust_name_;
  std::optional<cds::Answers> base_;
  std::map<std::string, std::string> decisions_;
  std::optional<cds::MergeResult> merged_;
  std::vector<cds::Packet> packets_;
  std::optional<cds::ProgressBoard> board_;
  std::optional<cds::Rubric> merge_split_;  // the rubric with the packets' (or the opened) split applied
  std::string merge_error_;                  // why there is no merge (packets carrying two splits)
};

// ---- Files ----

void PartsScreen::receive(App& a, Request, const std::string&, std::vector<platform::OpenedFile> files) {
  bool office_input = false;
  for (auto& f : files) {
    // A part dossier (.part.zip): part.json and the evidence files it names.
    std::vector<cds::DossierFile> evidence;
    bool zip = office_edition() && cds::zip::looks_like_zip(f.bytes);
    if (zip) {
      cds::OpenedDossier d = cds::zip::read_dossier(f.bytes);
      std::string why = d.top.empty() || d.top == cds::kDossierPartName ? std::string()
                        : T("đây là hồ sơ bài nộp, không phải hồ sơ phần số liệu (.part.zip).", "this is a submission dossier, not a part dossier (.part.zip).");
      if (const cds::Message* m = cds::first_error(d.problems)) why = m->text(lang());
      if (!why.empty()) {
        a.toast(f.name + ": " + why, true);
        rejected_.emplace_back(f.name, why);
        office_input = true;
        continue;
      }
      f.bytes = std::move(*d.submission);
      evidence = std::move(d.others);
    }
    cds::DetectedFormat df = cds::detect_format(f.bytes);
    cds::FileKind k = df.kind;
    if (office_edition() && df.format == cds::kAssignmentFormat) {  // a split, for packets and the merge
      auto la = cds::load_assignment(f.bytes);
      if (!la.plan) {
        a.toast(f.name + ": " + (la.messages.empty() ? std::string("?") : la.messages[0].text(lang())), true);
        continue;
      }
      // Only for a rubric this device holds, byte for byte (id, version, SHA-256), that assigns nothing.
      const RubricItem* fits = nullptr;
      cds::Messages why;
      for (const auto& item : a.rubrics().items())
        if (item.entry && item.rubric() && item.rubric()->id == la.plan->rubric_id) {
          why.clear();
          if (cds::with_assignment(*item.rubric(), item.entry->sha256, *la.plan, &why)) fits = &item;
          if (fits) break;
        }
      if (!fits) {
        const cds::Message* m = cds::first_error(why);
        a.toast(f.name + ": " + (m ? m->text(lang()) : std::string(T("máy này không có bộ tiêu chí mà tệp phân công nêu (", "this device lacks the rubric the split names (")) +
                                                          la.plan->rubric_id + " " + la.plan->rubric_version + ")"),
                true);
        continue;
      }
      plan_ = std::move(la.plan);
      rubric_key_ = fits->key;
      a.toast(f.name + T(": đã mở cách chia phần.", ": split opened."));
      remerge(a);
      a.go(ScreenId::Parts);
      continue;
    }
    if (k == cds::FileKind::Packet && !(office_edition() && tab_ == 2)) {
      open_packet(a, f.name, f.bytes);
      continue;
    }
    if (!office_edition()) {
      a.toast(f.name + ": " + T("phần số liệu của các cơ quan được ghép trong bản dành cho cơ quan tổng hợp (Tổng hợp).",
                                "agencies' parts are merged in the office edition (Tổng hợp)."),
              true);
      continue;
    }
    office_input = true;
    if (k == cds::FileKind::Part) {
      parts_.erase(std::remove_if(parts_.begin(), parts_.end(), [&](const cds::PartFile& p) { return p.bytes == f.bytes; }), parts_.end());
      parts_.push_back({f.name, f.bytes, zip, std::move(evidence)});
    } else if (k == cds::FileKind::Packet) {
      packet_files_.emplace_back(f.name, f.bytes);
    } else if (k == cds::FileKind::TrustList) {
      auto t = cds::load_trust_list(f.bytes);
      if (!t.trust) {
        a.toast(f.name + ": " + (t.messages.empty() ? std::string() : t.messages[0].text(lang())), true);
        continue;
      }
      trust_ = std::move(t.trust);
      trust_name_ = f.name;
    } else if (k == cds::FileKind::Answers) {
      auto l = cds::load_answers(f.bytes);
      if (l.answers) base_ = std::move(l.answers);
    } else {
      std::string why = T("không phải phần số liệu, phiếu phân công, danh sách tin cậy hay bài làm", "not a part, packet, trust list or answers file");
      a.toast(f.name + ": " + why, true);
      rejected_.emplace_back(f.name, why);
    }
  }
  if (office_input) {
    select_tab_ = 2;
    remerge(a);
    a.go(ScreenId::Parts);
  }
}

void PartsScreen::open_packet(App& a, const std::string& name, const std::string& bytes) {
  problems_.clear();
  cds::Packet first = cds::open_packet(bytes);
  if (!first.env.parsed) {
    for (const auto& m : first.problems) problems_.push_back(m.text(lang()));
    a.toast(name + ": " + T("không mở được phiếu phân công", "the work packet cannot be opened"), true);
    a.go(ScreenId::Parts);
    return;
  }
  const cds::CatalogueEntry* entry = a.rubrics().catalogue().find(first.rubric_id, first.rubric_version);
  if (!entry && !a.rubrics().waiting_files({}).empty()) {  // the bundled rubrics are read first (a file handed over at start)
    a.with_rubrics({}, [this, &a, name, bytes]() {
      if (a.rubrics().catalogue().find(cds::open_packet(bytes).rubric_id, cds::open_packet(bytes).rubric_version)) open_packet(a, name, bytes);
      else problems_.push_back(T("Máy này chưa có bộ tiêu chí mà phiếu nêu.", "This device lacks the rubric the packet names."));
    });
    return;
  }
  if (!entry) {
    problems_.push_back(std::string(T("Máy này chưa có bộ tiêu chí ", "This device lacks the rubric ")) + first.rubric_id + " " + first.rubric_version +
                        T(" mà phiếu nêu. Hãy mở tệp tiêu chí đó trước.", " the packet names. Open that rubric file first."));
    a.go(ScreenId::Parts);
    return;
  }
  cds::Packet p = cds::open_packet(bytes, entry->rubric.get(), entry->sha256);
  if (!p.ok()) {
    for (const auto& m : p.problems)
      if (m.severity == cds::Severity::Error) problems_.push_back(m.text(lang()));
    a.go(ScreenId::Parts);
    return;
  }
  // The draft of this packet: the one made earlier, or a new one holding the packet.
  auto open_its_draft = [&]() {
    auto& all = a.drafts().all();
    for (size_t i = 0; i < all.size(); ++i) {
      const cds::Json& x = all[i].answers.extra;
      if (x.contains("packet") && x["packet"].is_string() && x["packet"].get<std::string>() == bytes) {
        a.drafts().open(i);
        restore_from_draft(a);
        select_tab_ = 0;
        a.go(ScreenId::Parts);
        return true;
      }
    }
    return false;
  };
  if (open_its_draft()) return;
  cds::Answers ans;
  ans.rubric_id = p.rubric_id;
  ans.rubric_version = p.rubric_version;
  ans.unit = p.unit;
  ans.period = p.period;
  cds::Answers full = cds::answers_template(*entry->rubric);
  for (const auto& c : p.scope.criteria) ans.inputs[c] = full.inputs[c];
  for (const auto& g : p.scope.general_info) ans.general_info[g] = nullptr;
  ans.extra["packet"] = bytes;
  ans.updated = platform::local_time_iso();
  a.drafts().import_file(name, cds::answers_to_text(ans));
  signed_.reset();
  if (!open_its_draft()) problems_.push_back(T("Không tạo được bản nháp cho phiếu này.", "No draft could be made for this packet."));
}

// The current draft, when it carries a packet: the agency's work (after a reload too).
void PartsScreen::restore_from_draft(App& a) {
  Draft* d = a.drafts().current();
  if (!d || !d->answers.extra.contains("packet") || !d->answers.extra["packet"].is_string()) return;
  if (work_ && work_->draft_id == d->id) return;
  const std::string text = d->answers.extra["packet"].get<std::string>();
  cds::Packet first = cds::open_packet(text);
  const cds::CatalogueEntry* entry = first.env.parsed ? a.rubrics().catalogue().find(first.rubric_id, first.rubric_version) : nullptr;
  if (!entry) return;
  AgencyWork w;
  w.packet_text = text;
  w.draft_id = d->id;
  w.packet = cds::open_packet(text, entry->rubric.get(), entry->sha256);
  w.rubric = entry->rubric.get();
  if (!w.packet.ok()) return;
  work_ = std::move(w);
  problems_.clear();
}

Draft* PartsScreen::work_draft(App& a) {
  if (!work_) return nullptr;
  for (auto& d : a.drafts().all())
    if (d.id == work_->draft_id) return &d;
  return nullptr;
}

// ---- Drawing ----

void PartsScreen::draw(App& a) {
  if (button(T("← Trang chủ", "← Home"))) a.go(ScreenId::Home);
  if (!office_edition() || tab_ == 0) {
    ImGui::SameLine();
    open_button(T("Mở phiếu phân công…", "Open a work packet…"), picker(Request::Parts, {}, ".json,application/json", true));
  }
  // After a reload the page returns here before the stored drafts are read: pick the work up once
  // the current draft (the agency's) is back.
  if (!work_draft(a)) restore_from_draft(a);
  ImGui::BeginChild("##parts", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  for (const auto& p : problems_) text_colored_wrapped(c_error(), p);
  if (office_edition()) {
    // Three views as buttons (touch-sized, one row or stacked on a phone); the current one marked.
    if (select_tab_ >= 0) tab_ = select_tab_;
    select_tab_ = -1;
    const char* views[] = {T("Phần của cơ quan##parts:tab0", "An agency's part##parts:tab0"), T("Tạo phiếu phân công##parts:tab1", "Make work packets##parts:tab1"),
                           T("Ghép các phần##parts:tab2", "Merge the parts##parts:tab2")};
    for (int i = 0; i < 3; ++i) {
      if (i) same_line_if_fits(button_width(views[i]));
      if (button(views[i], tab_ == i)) tab_ = i;
    }
    ImGui::Separator();
    if (tab_ == 0) {
      if (Draft* d = work_draft(a)) draw_agency(a, *d);
      else text_wrapped(T("Mở phiếu phân công (.packet.json) mà cơ quan điều phối gửi để điền phần được giao.",
                          "Open the work packet (.packet.json) the coordinating office sent to fill the assigned part."));
    } else if (tab_ == 1) {
      draw_make_packets(a);
    } else {
      draw_merge(a);
    }
  } else if (Draft* d = work_draft(a)) {
    draw_agency(a, *d);
  } else {
    text_wrapped(T("Cơ quan được giao một phần bộ chỉ số: mở phiếu phân công (.packet.json) mà cơ quan điều phối gửi, điền phần của mình, "
                   "ký bằng khóa của cơ quan và gửi lại tệp phần số liệu (.part.json).",
                   "An agency assigned part of the rubric: open the work packet (.packet.json) the coordinating office sent, fill your part, "
                   "sign it with your agency's key and send back the part file (.part.json)."));
  }
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

void PartsScreen::draw_agency(App& a, Draft& d) {
  const cds::Packet& p = work_->packet;
  const cds::Rubric& r = *work_->rubric;
  float w = std::min(ImGui::GetContentRegionAvail().x, 720.0f);
  ImGui::PushFont(fonts::large());
  text_wrapped(std::string(T("Phần của ", "Part of ")) + p.scope.name);
  ImGui::PopFont();
  text_wrapped(p.unit.name + " — " + r.title);
  bool overdue = epoch_now() > p.deadline_at.value_or(0) && p.deadline_at;
  text_colored_wrapped(overdue ? c_error() : c_warn(), std::string(T("Hạn nộp: ", "Due: ")) + cds::format_instant(p.deadline, display_clock()) +
                                                         (overdue ? T(" — đã quá hạn", " — overdue") : ""));
  if (!p.office_name.empty())
    text_disabled_wrapped(std::string(T("Gửi lại cho: ", "Return to: ")) + p.office_name + (p.office_contact.empty() ? "" : " — " + p.office_contact));
  ImGui::Separator();
  heading(T("Phần được giao (điền ở đây)", "Assigned to you (fill in here)"));
  bool changed = false;
  for (const auto& id : p.scope.general_info) {
    const cds::GeneralInfoField* g = r.general(id);
    if (!g) continue;
    cds::Json& slot = d.answers.general_info[id];
    changed |= general_field("gi:" + id, *g, slot, w);
  }
  for (const auto& id : p.scope.criteria) {
    const cds::Criterion* c = r.criterion(id);
    if (!c) continue;
    ImGui::Spacing();
    heading(c->code + ". " + c->title);
    if (!c->assignment.action.empty()) text_disabled_wrapped(std::string(T("Nhiệm vụ: ", "Task: ")) + c->assignment.action);
    cds::Json& obj = d.answers.inputs[id];
    if (!obj.is_object()) obj = cds::Json::object();
    for (const auto& in : c->inputs) changed |= input_field("in:" + id + ":" + in.id, in, obj[in.id], d.answers.general_info, r, w);
    auto ev = d.answers.evidence.find(id);
    if (ev != d.answers.evidence.end()) {
      int remove = -1;
      for (size_t k = 0; k < ev->second.size(); ++k) {
        const auto& e = ev->second[k];
        if (small_button((std::string("×##parts:evdel:") + id + ":" + std::to_string(k)).c_str())) remove = static_cast<int>(k);
        ImGui::SameLine();
        text_wrapped(e.kind == "file" ? e.name : e.title);
      }
      if (remove >= 0) {
        std::string sha = ev->second[static_cast<size_t>(remove)].sha256;
        ev->second.erase(ev->second.begin() + remove);
        if (ev->second.empty()) d.answers.evidence.erase(ev);
        a.drafts().forget_evidence({sha});
        changed = true;
      }
    }
    open_button((std::string(T("Đính kèm tài liệu…", "Attach evidence…")) + "##parts:ev:" + id).c_str(), picker(Request::Evidence, id, "", true));
  }
  if (changed) a.drafts().changed(d);
  ImGui::Spacing();
  if (ImGui::CollapsingHeader(T("Phần còn lại của biểu (chỉ xem)##parts:rest", "The rest of the form (read only)##parts:rest"))) {
    for (const auto& c : r.criteria) {
      if (p.scope.covers_criterion(c.id)) continue;
      std::string leads;
      for (const auto& ag : c.assignment.agencies)
        if (const cds::Agency* x = r.agency(ag)) leads += (leads.empty() ? "" : ", ") + x->name;
      text_disabled_wrapped(c.code + ". " + c.title + (leads.empty() ? "" : std::string(T(" — chủ trì: ", " — lead: ")) + leads));
    }
  }
  ImGui::Separator();
  draw_sign(a, d);
}

void PartsScreen::draw_sign(App& a, Draft& d) {
  const cds::Packet& p = work_->packet;
  heading(T("Ký và gửi phần số liệu", "Sign and send the part"));
  auto outside = cds::outside_scope(p, d.answers);
  for (const auto& o : outside)
    text_colored_wrapped(c_error(), "\"" + o + "\"" + T(" không thuộc phần được giao: xóa giá trị này trước khi ký.", " is not assigned to you: remove it before signing."));
  const auto& keys = a.keys().all();
  if (keys.empty()) {
    text_wrapped(T("Chưa có khóa ký trên máy này.", "No signing key on this device."));
    if (button(T("Tạo hoặc nhập khóa…##parts:tokeys", "Create or import a key…##parts:tokeys"), true)) a.go(ScreenId::Keys, Visit::back_to(ScreenId::Parts));
    return;
  }
  float w = std::min(ImGui::GetContentRegionAvail().x, 620.0f);
  if (key_id_.empty() || !a.keys().find(key_id_)) key_id_ = keys.front().key_id;
  for (const auto& k : keys) {
    std::string label = std::string(T("Khóa ", "Key ")) + k.key_id + " — " + (k.info.unit_name.empty() ? k.info.unit_code : k.info.unit_name) + "##parts:key:" + k.key_id;
    if (is_narrow() ? option_row(label, key_id_ == k.key_id, w) : ImGui::RadioButton(label.c_str(), key_id_ == k.key_id)) key_id_ = k.key_id;
  }
  passphrase_field("##parts:pass", pass_, w, T("Cụm mật khẩu", "Passphrase"));
  if (!sign_error_.empty()) text_colored_wrapped(c_error(), sign_error_);
  if (signed_ && signed_->files && !platform::is_single_file()) {
    std::string zip = cds::dossier_file_name(signed_->file);
    if (signed_->packing) ImGui::TextUnformatted(T("Đang đóng hồ sơ phần số liệu…", "Packing the part dossier…"));
    if (signed_->packed)
      text_colored_wrapped(c_ok(), std::string(T("Đã ký và lưu: ", "Signed and saved: ")) + zip + " (" + std::to_string(signed_->files) +
                                       T(" tệp kiểm chứng). Gửi tệp .zip này cho cơ quan điều phối.", " evidence files). Send this .zip to the coordinating office."));
    if (!signed_->pack_error.empty()) {
      text_colored_wrapped(c_error(), signed_->pack_error);
      if (button(T("Thử lưu lại hồ sơ .zip##parts:rezip", "Try saving the .zip again##parts:rezip"))) save_part_dossier(a);
    }
    if (!signed_->packing && small_button(T("Lưu riêng phần số liệu .json##parts:json", "Save the .json part alone##parts:json")))
      platform::save_file(signed_->file, "application/json", signed_->text);
  } else if (signed_) {
    text_colored_wrapped(c_ok(), std::string(T("Đã ký và lưu: ", "Signed and saved: ")) + signed_->file);
  }
  if (busy_ > 0) {
    ImGui::TextUnformatted(T("Đang mở khóa và ký (vài giây)…", "Opening the key and signing (a few seconds)…"));
    if (--busy_ > 0) {
      platform::request_frames(2);
      return;
    }
    const StoredKey* sk = a.keys().find(key_id_);
    auto opened = sk ? cds::open_key_file(sk->file, pass_) : cds::OpenedKey{};
    cds::wipe(pass_);
    if (!opened.key) {
      sign_error_ = opened.messages.empty() ? std::string("?") : opened.messages.back().text(lang());
      return;
    }
    cds::Messages why;
    auto part = cds::sign_part(p, d.answers, platform::local_time_iso(), cds::kVersion, *opened.key, &why);
    if (!part) {
      sign_error_ = why.empty() ? std::string("?") : why.front().text(lang());
      return;
    }
    sign_error_.clear();
    auto signed_a = cds::signed_answers(part->text);
    signed_.emplace();
    signed_->file = part->file_name;
    signed_->sha256 = part->signed_sha256;
    signed_->text = part->text;
    signed_->supplied = part->supplied;
    signed_->files = signed_a ? evidence_files(*signed_a).sha256.size() : 0;
    size_t files = signed_->files;
    if (files && !platform::is_single_file()) {
      save_part_dossier(a);
      return;
    }
    platform::save_file(part->file_name, "application/json", part->text);
    a.toast(std::string(T("Đã ký phần số liệu: ", "Part signed: ")) + part->file_name);
    if (files)
      a.toast(T("Bản một tệp không đóng được hồ sơ .zip: hãy gửi các tệp kiểm chứng kèm theo tệp phần số liệu.",
                "The single file cannot pack a .zip: send the evidence files along with the part."), true);
    return;
  }
  ImGui::BeginDisabled(pass_.empty() || !outside.empty());
  EvidenceFiles ef = evidence_files(d.answers);
  bool names_files = !ef.sha256.empty() && !platform::is_single_file();
  if (names_files)  // the part dossier's size against the 25 MB of most mail services
    text_colored_wrapped(cds::mail_room(ef.bytes + 64 * 1024) < 0 ? c_warn() : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                         std::string(T("Hồ sơ phần số liệu kèm ", "The part dossier carries ")) + std::to_string(ef.sha256.size()) +
                             T(" tệp kiểm chứng — ", " evidence files — ") + cds::mail_room_text(ef.bytes + 64 * 1024, lang()));
  if (button(names_files ? T("Ký và lưu hồ sơ phần số liệu (.zip)##parts:sign", "Sign and save the part dossier (.zip)##parts:sign")
                         : T("Ký và lưu phần số liệu (.part.json)##parts:sign", "Sign and save the part (.part.json)##parts:sign"),
             true)) {
    busy_ = 2;
    platform::request_frames(3);
  }
  ImGui::EndDisabled();
}

// The part and its evidence files in one .part.zip (docs/parts-format.md), packed by the cds-xlsx
// worker from the files' bytes kept in storage ("ev:<sha256>"), as a unit's dossier is.
void PartsScreen::save_part_dossier(App& a) {
  if (!signed_ || signed_->packing) return;
  Signed& sg = *signed_;
  sg.packing = true;
  sg.packed = false;
  sg.pack_error.clear();
  auto ans = cds::signed_answers(sg.text);
  cds::Json plan = {{"name", cds::dossier_file_name(sg.file)}, {"submission", sg.text}, {"sha256", ans ? evidence_files(*ans).sha256 : std::vector<std::string>{}},
                    {"parts", cds::Json::array()}};
  std::string sha = sg.sha256;
  platform::make_dossier(plan.dump(-1, ' ', false, cds::Json::error_handler_t::replace), false, [this, &a, sha](bool ok, const std::string& why) {
    if (!signed_ || signed_->sha256 != sha) return;
    signed_->packing = false;
    signed_->packed = ok;
    if (ok) {
      a.toast(std::string(T("Đã ký và lưu hồ sơ phần số liệu: ", "Signed and saved the part dossier: ")) + cds::dossier_file_name(signed_->file));
      return;
    }
    // "missing:<sha256>,…": files this device no longer holds (a draft imported from a file).
    signed_->pack_error = why.rfind("missing:", 0) == 0
                              ? T("Trên máy này không còn một số tệp kiểm chứng đã đính kèm: hãy xóa rồi đính kèm lại các tệp đó, ký lại; hoặc lưu riêng tệp .json và gửi các tệp kèm theo.",
                                  "This device no longer holds some attached evidence files: remove and attach them again, then sign again; or save the .json alone and send the files with it.")
                              : std::string(T("Không lưu được hồ sơ .zip: ", "Could not save the .zip: ")) + why;
  });
  platform::request_frames(2);
}

// ---- The office ----

void PartsScreen::draw_make_packets(App& a) {
  float w = std::min(ImGui::GetContentRegionAvail().x, 620.0f);
  const cds::Rubric* r = nullptr;
  std::string sha;
  heading(T("Bộ chỉ số có phân công", "Rubric with assignments"));
  for (const auto& item : a.rubrics().items()) {
    const cds::Rubric* x = item.rubric();
    if (!x) continue;
    if (rubric_key_.empty() && !x->agencies.empty()) rubric_key_ = item.key;
    std::string label = x->title + " (" + x->id + " " + x->version + ")" + (x->agencies.empty() ? T(" — tự chia phần", " — split it yourself") : "") +
                        "##parts:rubric:" + item.key;
    if (option_row(label, rubric_key_ == item.key, w)) {
      rubric_key_ = item.key;
      skipped_.clear();
    }
    if (rubric_key_ == item.key) {
      r = x;
      sha = item.entry ? item.entry->sha256 : std::string();
    }
  }
  if (!r) {
    bool loading = false;  // the bundled rubrics asked for as the screen opened, not arrived yet
    for (const auto& item : a.rubrics().items()) loading = loading || (item.waiting && !item.fetch_failed);
    text_wrapped(loading ? T("Đang tải bộ tiêu chí…", "Loading the rubrics…") : T("Chọn bộ chỉ số ở trên.", "Choose a rubric above."));
    return;
  }
  const cds::AssignmentPlan* plan = nullptr;
  if (r->agencies.empty()) {  // the document assigns nothing: the office splits it here
    r = draw_plan(*r, sha, w);
    if (!r) return;
    plan = &*plan_checked_;
  }
  auto scopes = cds::agency_scopes(*r);
  std::vector<std::string> chosen;
  for (const auto& s : scopes)
    if ((!s.criteria.empty() || !s.general_info.empty()) && std::find(skipped_.begin(), skipped_.end(), s.id) == skipped_.end()) chosen.push_back(s.id);
  heading(T("Đơn vị tự đánh giá", "The self-assessing unit"));
  // Each field keeps its label above it (the hint inside is gone once something is typed).
  text_wrapped(T("Mã đơn vị", "Unit code"));
  text_field("##parts:unit-code", unit_code_, w, 1, T("ví dụ VINHLONG", "e.g. VINHLONG"));
  text_wrapped(T("Tên đơn vị", "Unit name"));
  text_field("##parts:unit-name", unit_name_, w, 1, T("ví dụ UBND tỉnh Vĩnh Long", "e.g. UBND tỉnh Vĩnh Long"));
  text_wrapped(T("Kỳ đánh giá", "Period"));
  text_field("##parts:period", period_, w, 1, T("ví dụ 2025", "e.g. 2025"));
  text_wrapped(T("Hạn nộp (ngày dd/mm/yyyy, giờ hh:mm)", "Deadline (date dd/mm/yyyy, time hh:mm)"));
  text_field("##parts:deadline", deadline_date_, std::min(w * 0.5f, 220.0f), 1, "dd/mm/yyyy");
  ImGui::SameLine();
  text_field("##parts:deadline-time", deadline_time_, 90, 1, "17:00");
  text_wrapped(T("Cơ quan điều phối", "Coordinating office"));
  text_field("##parts:office", office_name_, w, 1, T("tên cơ quan", "its name"));
  text_wrapped(T("Liên hệ", "Contact"));
  text_field("##parts:contact", office_contact_, w, 1, T("điện thoại, thư điện tử", "phone, e-mail"));
  heading(T("Gửi cho các cơ quan", "Send to the agencies"));
  for (const auto& s : scopes) {
    if (s.criteria.empty() && s.general_info.empty()) continue;
    bool on = std::find(chosen.begin(), chosen.end(), s.id) != chosen.end();
    auto count = [](size_t n, const char* vi, const char* one, const char* many) { return std::to_string(n) + " " + (lang() == cds::Lang::Vi ? vi : n == 1 ? one : many); };
    std::string label = s.name + " — " + count(s.criteria.size(), "chỉ số", "criterion", "criteria") + ", " + count(s.general_info.size(), "dòng", "row", "rows");
    bool click = ImGui::Checkbox(("##parts:ag:" + s.id).c_str(), &on);
    ImGui::SameLine();
    text_wrapped(label);  // wraps on a phone; the box is the control
    if (click) {
      if (on) skipped_.erase(std::remove(skipped_.begin(), skipped_.end(), s.id), skipped_.end());
      else skipped_.push_back(s.id);
    }
  }
  const auto& keys = a.keys().all();
  if (keys.empty()) {
    if (button(T("Tạo hoặc nhập khóa…##parts:office-keys", "Create or import a key…##parts:office-keys"), true)) a.go(ScreenId::Keys, Visit::back_to(ScreenId::Parts));
    return;
  }
  if (key_id_.empty() || !a.keys().find(key_id_)) key_id_ = keys.front().key_id;
  for (const auto& k : keys) {
    std::string label = std::string(T("Ký bằng khóa ", "Sign with key ")) + k.key_id + "##parts:okey:" + k.key_id;
    if (ImGui::RadioButton(label.c_str(), key_id_ == k.key_id)) key_id_ = k.key_id;
  }
  passphrase_field("##parts:opass", pass_, w, T("Cụm mật khẩu", "Passphrase"));
  if (!make_error_.empty()) text_colored_wrapped(c_error(), make_error_);
  if (button(T("Ký các phiếu phân công##parts:make", "Sign the work packets##parts:make"), true)) {
    make_error_.clear();
    made_.clear();
    cds::ParseError pe;
    auto day = cds::parse_vn_date(deadline_date_, &pe);
    std::string now = platform::local_time_iso();
    std::string offset = now.size() >= 6 ? now.substr(now.size() - 6) : "+07:00";
    int hh = 17, mm = 0;
    if (std::sscanf(deadline_time_.c_str(), "%d:%d", &hh, &mm) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59) day.reset();
    const StoredKey* sk = a.keys().find(key_id_);
    auto opened = sk ? cds::open_key_file(sk->file, pass_) : cds::OpenedKey{};
    cds::wipe(pass_);
    if (!day) {
      make_error_ = T("Hạn nộp cần dạng dd/mm/yyyy và giờ hh:mm.", "The deadline needs dd/mm/yyyy and hh:mm.");
    } else if (cds::trim(unit_code_).empty()) {
      make_error_ = T("Cần mã đơn vị.", "The unit code is needed.");
    } else if (!opened.key) {
      make_error_ = opened.messages.empty() ? std::string("?") : opened.messages.back().text(lang());
    } else {
      char iso[40];
      std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:00%s", day->year, day->month, day->day, hh, mm, offset.c_str());
      for (const auto& id : chosen) {
        cds::PacketSpec s{id, {cds::to_nfc_lossy(unit_name_), cds::to_nfc_lossy(cds::trim(unit_code_)), ""}, cds::to_nfc_lossy(period_), iso, now,
                          cds::to_nfc_lossy(office_name_), cds::to_nfc_lossy(office_contact_), cds::kVersion, plan};
        cds::Messages why;
        auto doc = cds::make_packet(*r, sha, s, *opened.key, &why);
        if (!doc) {
          make_error_ = why.empty() ? std::string("?")
                        : why.front().code == "packet.deadline" ? std::string(T("Hạn nộp phải sau thời điểm ký phiếu (bây giờ): hãy chọn một ngày, giờ sau này.",
                                                                                "The deadline must be after the signing (now): choose a later date and time."))
                                                                 : why.front().text(lang());
          break;
        }
        made_.emplace_back(cds::packet_file_name(*doc), cds::envelope_text(*doc));
      }
      for (const auto& m : made_) packet_files_.push_back(m);
      remerge(a);
    }
  }
  if (!made_.empty()) {
    text_colored_wrapped(c_ok(), std::to_string(made_.size()) + T(" phiếu đã ký. Lưu từng phiếu và gửi cho cơ quan đó:", " packets signed. Save each and send it to its agency:"));
    for (const auto& m : made_) {
      // On a phone the long file name is text that wraps, the button only "Lưu".
      if (is_narrow()) text_wrapped(m.first);
      std::string label = std::string(T("Lưu", "Save")) + (is_narrow() ? "" : " " + m.first) + "##parts:save:" + m.first;
      if (small_button(label.c_str())) platform::save_file(m.first, "application/json", m.second);
    }
  }
}

// The split of a rubric whose document assigns nothing: the agencies (id and name), then for each
// criterion (and row) who leads it — one touch-sized button per agency, "Tự điền" for the office's
// own. Returns the rubric with the split applied, or nullptr (the reasons shown) while it does not hold.
const cds::Rubric* PartsScreen::draw_plan(const cds::Rubric& r, const std::string& sha, float w) {
  if (!plan_ || plan_->rubric_id != r.id || plan_->rubric_version != r.version || plan_->rubric_sha256 != sha) {
    plan_ = cds::assignment_template(r, sha);
    plan_->agencies.clear();
  }
  cds::AssignmentPlan& p = *plan_;
  heading(T("Chia phần: văn bản này không kèm bảng phân công", "Split: this document assigns nothing"));
  text_wrapped(T("Kê các cơ quan, ban, ngành nhận phần rồi chọn ai chủ trì từng chỉ số; chỉ số để \"Tự điền\" do cơ quan điều phối điền. "
                 "Cách chia đi kèm (có chữ ký) trong từng phiếu và trong bài tổng hợp; tệp tiêu chí giữ nguyên.",
                 "List the agencies and departments taking part, then choose who leads each criterion; those left \"Office\" are filled by the "
                 "coordinating office. The split travels signed in every packet and in the merged submission; the rubric file is unchanged."));
  for (size_t i = 0; i < p.agencies.size(); ++i) {
    std::string n = std::to_string(i);
    std::string old_id = p.agencies[i].id;
    text_field("##parts:plan-id:" + n, p.agencies[i].id, is_narrow() ? w * 0.35f : 110.0f, 1, T("Mã", "Id"));
    if (p.agencies[i].id != old_id)  // renamed: what it led follows it
      for (auto* m : {&p.criteria, &p.rows})
        for (auto& [k, list] : *m)
          for (auto& x : list)
            if (x == old_id) x = p.agencies[i].id;
    const std::string del = std::string(T("Xóa", "Remove")) + "##parts:plan-del:" + n;
    if (!is_narrow()) ImGui::SameLine();
    text_field("##parts:plan-name:" + n, p.agencies[i].name, is_narrow() ? w : std::max(120.0f, w - 110.0f - button_width(del.c_str()) - 24), 1,
               T("Tên cơ quan", "Agency name"));
    same_line_if_fits(button_width(del.c_str()));
    if (small_button(del.c_str())) {
      std::string gone = p.agencies[i].id;
      p.agencies.erase(p.agencies.begin() + static_cast<long>(i));
      for (auto* m : {&p.criteria, &p.rows})
        for (auto it = m->begin(); it != m->end();) {
          it->second.erase(std::remove(it->second.begin(), it->second.end(), gone), it->second.end());
          it = it->second.empty() ? m->erase(it) : std::next(it);
        }
      break;
    }
  }
  if (button(T("+ Thêm cơ quan##parts:plan-add", "+ Add an agency##parts:plan-add")))
    p.agencies.push_back({"CQ" + std::to_string(p.agencies.size() + 1), "", {}});
  const char* open_l = T("Mở tệp phân công…##parts:plan-open", "Open a split file…##parts:plan-open");
  same_line_if_fits(button_width(open_l));
  open_button(open_l, picker(Request::Parts, {}, ".json,application/json", false));
  const char* save_l = T("Lưu tệp phân công##parts:plan-save", "Save the split##parts:plan-save");
  same_line_if_fits(button_width(save_l));
  if (button(save_l))
    platform::save_file(cds::file_name_part(r.id) + ".assignment.json", "application/json",
                        cds::assignment_to_json(plan_checked_ ? *plan_checked_ : p).dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n");
  // Who leads each criterion and row.
  auto chooser = [&](std::map<std::string, std::vector<std::string>>& leads, const std::string& id, const std::string& label) {
    text_wrapped(label);
    auto it = leads.find(id);
    std::string cur = it == leads.end() || it->second.empty() ? std::string() : it->second.front();
    bool first = true;
    auto choice = [&](const std::string& ag, const std::string& shown) {
      std::string l = shown + "##parts:plan:" + id + ":" + ag;
      if (!first) same_line_if_fits(button_width(l.c_str()));
      first = false;
      if (button(l.c_str(), cur == ag)) {
        if (ag.empty()) leads.erase(id);
        else leads[id] = {ag};
      }
    };
    choice("", T("Tự điền", "Office"));
    for (const auto& ag : p.agencies)
      if (!ag.id.empty()) choice(ag.id, ag.id);
  };
  if (!p.agencies.empty()) {
    // By section, as the document prints it (codes repeat across sections: "1.1" of A.I and of A.III).
    std::function<void(const std::vector<cds::Section>&)> walk = [&](const std::vector<cds::Section>& secs) {
      for (const auto& sec : secs) {
        heading((sec.code.empty() ? std::string() : sec.code + ". ") + sec.title);
        for (size_t i : sec.criteria)
          if (i < r.criteria.size()) chooser(p.criteria, r.criteria[i].id, r.criteria[i].code + ". " + r.criteria[i].title);
        walk(sec.sections);
      }
    };
    walk(r.sections);
    for (const auto& g : r.general_info) chooser(p.rows, g.id, std::string(T("Dòng: ", "Row: ")) + g.label);
  }
  // Checked as a file would be: ids and names normalised, every name filled, ids distinct.
  if (p.agencies.empty()) {
    text_disabled_wrapped(T("Bắt đầu bằng \"+ Thêm cơ quan\".", "Start with \"+ Add an agency\"."));
    split_.reset();
    plan_checked_.reset();
    return nullptr;
  }
  auto la = cds::assignment_from_json(cds::assignment_to_json(p));
  cds::Messages why = la.messages;
  split_.reset();
  plan_checked_.reset();
  if (la.plan) split_ = cds::with_assignment(r, sha, *la.plan, &why);
  for (const auto& m : why) text_colored_wrapped(m.severity == cds::Severity::Error ? c_error() : c_warn(), m.text(lang()));
  if (!split_) return nullptr;
  plan_checked_ = std::move(la.plan);
  ImGui::Separator();
  return &*split_;
}

const cds::CatalogueEntry* PartsScreen::merge_rubric(App& a) const {
  for (const auto& [n, t] : packet_files_) {
    cds::Packet p = cds::open_packet(t);
    if (p.env.parsed)
      if (auto* e = a.rubrics().catalogue().find(p.rubric_id, p.rubric_version)) return e;
  }
  for (const auto& f : parts_) {
    cds::Part p = cds::open_part(f.bytes);
    if (p.env.parsed)
      if (auto* e = a.rubrics().catalogue().find(p.rubric_id, p.rubric_version)) return e;
  }
  return nullptr;
}

void PartsScreen::remerge(App& a) {
  merged_.reset();
  board_.reset();
  const cds::CatalogueEntry* e = merge_rubric(a);
  if (!e) return;
  packets_.clear();
  for (const auto& [n, t] : packet_files_) {
    cds::Packet p = cds::open_packet(t, e->rubric.get(), e->sha256);
    if (p.ok()) packets_.push_back(std::move(p));
  }
  cds::Answers base = base_ ? *base_ : cds::Answers{};
  if (!base_ && !packets_.empty()) {
    base.unit = packets_[0].unit;
    base.period = packets_[0].period;
  }
  cds::MergeOptions o;
  o.trust = trust_ ? &*trust_ : nullptr;
  o.packets = packets_;
  o.decisions = decisions_;
  // A rubric split by the office (its document assigns nothing): the split the packets carry, or
  // the one opened here.
  std::optional<cds::AssignmentPlan> plan;
  merge_error_.clear();
  for (const auto& k : packets_)
    if (k.assignment) {
      if (plan && cds::assignment_to_json(*plan) != cds::assignment_to_json(*k.assignment)) {
        merge_error_ = T("Các phiếu phân công mang hai cách chia phần khác nhau: hãy ghép từng đợt riêng (\"Xóa hết\" rồi thêm lại các tệp của một đợt).",
                         "The packets carry two different splits: merge each round apart (\"Clear all\", then add one round's files).");
        merged_.reset();
        board_.reset();
        return;
      }
      plan = k.assignment;
    }
  if (!plan && plan_ && plan_->rubric_id == e->rubric->id && plan_->rubric_version == e->rubric->version) plan = plan_;
  merge_split_.reset();
  if (plan && e->rubric->agencies.empty()) merge_split_ = cds::with_assignment(*e->rubric, e->sha256, *plan, nullptr);
  o.assignment = merge_split_ ? &*plan : nullptr;
  const cds::Rubric& mr = merge_split_ ? *merge_split_ : *e->rubric;
  merged_ = cds::merge_parts(mr, e->sha256, base, parts_, o);
  board_ = cds::progress_board(mr, packets_, *merged_, platform::local_time_iso());
}

void PartsScreen::draw_merge(App& a) {
  text_wrapped(T("Thêm các phần số liệu các cơ quan gửi về (.part.json hoặc hồ sơ .part.zip), danh sách khóa tin cậy (có mục \"agencies\"), các phiếu đã gửi (hoặc tệp chia phần) và, nếu có, bài làm của văn phòng.",
                 "Add the parts the agencies sent back (.part.json or .part.zip dossiers), the trust list (with \"agencies\"), the packets sent (or the split file) and, if any, the office's own answers."));
  open_button(T("Thêm tệp…##parts:add", "Add files…##parts:add"), picker(Request::Parts, {}, ".json,.zip,application/json,application/zip", true), true);
  ImGui::SameLine();
  if (small_button(T("Xóa hết##parts:clear", "Clear all##parts:clear"))) {
    parts_.clear();
    rejected_.clear();
    packet_files_.clear();
    decisions_.clear();
    trust_.reset();
    base_.reset();
    remerge(a);
  }
  text_colored_wrapped(trust_ ? c_ok() : c_warn(), trust_ ? std::string(T("Danh sách tin cậy: ", "Trust list: ")) + trust_name_ + " (" +
                                                               std::to_string(trust_->agencies.size()) + T(" khóa của cơ quan)", " agency keys)")
                                                         : std::string(T("Chưa có danh sách tin cậy: không phần nào được nhận.", "No trust list yet: no part is accepted.")));
  text_disabled_wrapped(std::to_string(parts_.size()) + T(" phần số liệu, ", " parts, ") + std::to_string(packet_files_.size()) + T(" phiếu phân công", " packets"));
  if (!merge_error_.empty()) text_colored_wrapped(c_error(), merge_error_);
  for (size_t i = 0; i < rejected_.size(); ++i) {
    text_colored_wrapped(c_error(), "[" + std::string(T("KHÔNG ĐỌC ĐƯỢC", "NOT READ")) + "] " + rejected_[i].first + " — " + rejected_[i].second);
    if (small_button((std::string(T("Bỏ tệp này", "Remove this file")) + "##parts:reject:" + std::to_string(i)).c_str())) {
      rejected_.erase(rejected_.begin() + static_cast<long>(i));
      return;
    }
  }
  if (!merged_) return;
  const cds::MergeResult& m = *merged_;
  ImGui::Separator();
  heading(std::string(T("Các phần: ", "Parts: ")) + std::to_string(m.accepted) + T(" được nhận, ", " accepted, ") + std::to_string(m.refused) +
          T(" bị từ chối", " refused"));
  for (const auto& p : m.parts) {
    const char* st = p.state == cds::MergedPart::State::Accepted   ? T("nhận", "accepted")
                     : p.state == cds::MergedPart::State::Refused  ? T("TỪ CHỐI", "REFUSED")
                     : p.state == cds::MergedPart::State::Superseded ? T("đã có bản sau", "superseded")
                                                                     : T("bản sao", "copy");
    std::string line = std::string("[") + st + "] " + (p.part.agency_name.empty() ? p.name : p.part.agency_name) + " — " + p.name;
    if (p.late) line += T(" — TRỄ HẠN", " — LATE");
    bool lacking = p.evidence && !p.evidence->complete();
    if (p.evidence) line += " — " + p.evidence->summary(lang());
    text_colored_wrapped(p.state == cds::MergedPart::State::Refused ? c_error() : p.late || lacking ? c_warn() : ImGui::GetStyleColorVec4(ImGuiCol_Text), line);
    if (p.state != cds::MergedPart::State::Accepted && p.index < parts_.size()) {  // a refused part, a copy: taken out alone
      if (small_button((std::string(T("Bỏ tệp này", "Remove this file")) + "##parts:drop:" + p.name).c_str())) {
        parts_.erase(parts_.begin() + static_cast<long>(p.index));
        remerge(a);
        return;
      }
    }
    if (lacking)
      for (const auto& e : m.problems)
        if (e.code == "part.evidence" && e.where == p.name) text_disabled_wrapped("    " + e.text(lang()));
    if (p.state == cds::MergedPart::State::Refused)
      for (const auto& e : p.part.problems)
        if (e.severity == cds::Severity::Error) text_disabled_wrapped("    " + e.text(lang()));
  }
  if (!m.conflicts.empty()) {
    ImGui::Separator();
    heading(T("Xung đột: hai cơ quan trả lời khác nhau — chọn một", "Conflicts: two agencies answer differently — choose one"));
    const cds::CatalogueEntry* e = merge_rubric(a);
    for (const auto& c : m.conflicts) {
      // "1.4 Cơ quan báo chí… — Số lượng tin, bài…", or the row's label.
      std::string what = c.key;
      if (e && !c.criterion.empty())
        if (const cds::Criterion* cr = e->rubric->criterion(c.criterion)) {
          const cds::InputDef* in = cr->input(c.input);
          what = cr->code + " " + cds::ellipsize(cr->title, 70) + " — " + (in ? in->label : c.input);
        }
      if (e && !c.row.empty())
        if (const cds::GeneralInfoField* g = e->rubric->general(c.row)) what = g->label;
      text_wrapped(what + (c.chosen.empty() ? T(" (chưa quyết định)", " (undecided)") : T(" (đã quyết định)", " (decided)")));
      for (const auto& o : c.options) {
        std::string label = o.agency_name + ": " + value_text(o.value) + "##parts:choose:" + c.key + ":" + o.agency_id;
        if (ImGui::RadioButton(label.c_str(), c.chosen == o.sha256)) {
          decisions_[c.key] = o.agency_id;
          remerge(a);
          return;
        }
      }
    }
  }
  if (board_) {
    ImGui::Separator();
    heading(std::string(T("Tiến độ: ", "Progress: ")) + std::to_string(board_->returned) + "/" + std::to_string(board_->rows.size()) +
            T(" cơ quan đã gửi, ", " agencies returned, ") + std::to_string(board_->late) + T(" trễ hạn", " late"));
    for (const auto& row : board_->rows) {
      std::string st = row.returned ? (row.late ? T("đã gửi (trễ hạn)", "returned (late)") : T("đã gửi", "returned"))
                       : row.refused ? T("bị từ chối", "refused")
                       : row.late    ? T("QUÁ HẠN", "OVERDUE")
                                     : T("chưa gửi", "not yet");
      text_colored_wrapped(row.late ? c_error() : row.returned ? c_ok() : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                           row.agency_name + " — " + st + " — " + std::to_string(row.filled) + "/" + std::to_string(row.inputs));
      if (!row.returned && (row.late || row.refused)) {
        ImGui::SameLine();
        if (small_button((std::string(T("Chép lời nhắc", "Copy reminder")) + "##parts:remind:" + row.agency_id).c_str())) {
          platform::clipboard_set(cds::reminder_text(*board_, row, lang(), display_clock()).c_str());
          a.toast(T("Đã chép lời nhắc, dán vào thư hoặc Zalo.", "Reminder copied; paste it into mail or Zalo."));
        }
      }
    }
    if (button(T("In bảng tiến độ##parts:print", "Print the board##parts:print"))) platform::print_html(cds::progress_html(*board_, lang(), display_clock()));
  }
  ImGui::Separator();
  ImGui::BeginDisabled(!m.ok() || m.accepted == 0);
  if (button(T("Tạo bản nháp từ kết quả ghép##parts:draft", "Make a draft from the merge##parts:draft"), true)) {
    std::string name = cds::file_name_part(m.answers.unit.code) + "_tong-hop.json";
    // The accepted parts' bytes stay on this device, so the dossier signed from the draft carries
    // them under parts/ (web/screen_submit.cpp) and the next level can check each value.
    for (const auto& mp : m.parts)
      if (mp.state == cds::MergedPart::State::Accepted && mp.index < parts_.size())
        platform::storage_put(kPartPrefix + mp.part.signed_hash, parts_[mp.index].bytes, [&a](bool ok, const std::string& why) {
          if (!ok) a.toast(std::string(T("Không lưu được phần số liệu vào bộ nhớ trình duyệt: ", "Could not keep a part in the browser's storage: ")) + why, true);
        });
    // The evidence files the part dossiers brought, kept as if attached here ("ev:<sha256>").
    for (const auto& f : cds::merged_evidence_files(m, parts_)) a.drafts().keep_evidence_bytes(f.name, cds::sha256_hex(f.bytes), f.bytes);
    a.drafts().import_file(name, cds::answers_to_text(m.answers));
    a.go(ScreenId::Home);
  }
  ImGui::EndDisabled();
  if (!m.ok())
    text_disabled_wrapped(T("Còn phần bị từ chối hoặc xung đột chưa quyết định.", "Refused parts or undecided conflicts remain."));
}

void PartsScreen::add_state(cds::Json& j) const {
  cds::Json s = cds::Json::object();
  s["problems"] = problems_;
  if (work_) {
    s["agency"] = work_->packet.scope.id;
    s["criteria"] = work_->packet.scope.criteria;
    s["rows"] = work_->packet.scope.general_info;
    s["draft"] = work_->draft_id;
  }
  if (signed_)
    s["signed"] = {{"file", signed_->file},       {"sha256", signed_->sha256},   {"supplied", signed_->supplied},
                   {"files", signed_->files},     {"packed", signed_->packed},   {"packing", signed_->packing},
                   {"packError", signed_->pack_error}};
  s["signError"] = sign_error_;
  s["rejected"] = rejected_.size();
  if (merged_) {
    s["merge"] = {{"accepted", merged_->accepted}, {"refused", merged_->refused}, {"unresolved", merged_->unresolved}, {"conflicts", merged_->conflicts.size()},
                  {"evidence", cds::Json::object()}};
    for (const auto& p : merged_->parts)
      if (p.evidence) s["merge"]["evidence"][p.part.agency_id] = {{"named", p.evidence->named}, {"present", p.evidence->present}};
  }
  s["made"] = made_.size();
  s["plan"] = plan_checked_ ? cds::assignment_to_json(*plan_checked_) : cds::Json();
  s["mergeSplit"] = merge_split_.has_value();
  j["parts"] = s;
}

}  // namespace

std::unique_ptr<Screen> make_parts_screen() { return std::make_unique<PartsScreen>(); }

}  // namespace ui
