#include "drafts.hpp"

#include <algorithm>

#include "cds/base/crypto.hpp"
#include "cds/base/json_io.hpp"
#include "cds/base/text.hpp"
#include "cds/model/draft_store.hpp"
#include "i18n.hpp"
#include "rubric_list.hpp"
#include "toast.hpp"

namespace ui {
namespace {

const double kAutosaveMs = 600;  // a change reaches storage within a second

std::string new_id() { return cds::to_hex(cds::random_bytes(8)); }

cds::Json submission_json(const SubmissionRecord& s) {
  return {{"time", s.time}, {"file", s.file}, {"sha256", s.sha256}, {"key_id", s.key_id}, {"role", s.role}, {"total", cds::num_to_json(s.total)}};
}

SubmissionRecord submission_from(const cds::Json& s) {
  const cds::Json* total = cds::field(s, "total");
  return {cds::str_or(s, "time"), cds::str_or(s, "file"), cds::str_or(s, "sha256"), cds::str_or(s, "key_id"), cds::str_or(s, "role"),
          total ? cds::json_num(*total).value_or(cds::Num(0)) : cds::Num(0)};
}

std::string draft_payload(const Draft& d) {
  cds::Json j = cds::Json::object();
  j["cds-draft"] = 1;
  j["id"] = d.id;
  j["rubric_key"] = d.rubric_key;
  j["created"] = d.created;
  j["updated"] = d.updated;
  j["exported_hash"] = d.exported_hash;
  j["submitted_hash"] = d.submitted_hash;
  j["answers"] = cds::answers_to_json(d.answers);
  cds::Json subs = cds::Json::array();
  for (const auto& s : d.submissions) subs.push_back(submission_json(s));
  j["submissions"] = subs;
  return j.dump(-1, ' ', false, cds::Json::error_handler_t::replace);
}

std::optional<Draft> draft_from_payload(const std::string& payload) {
  auto parsed = cds::parse_json(payload);
  if (!parsed.doc || !parsed.doc->is_object()) return std::nullopt;
  const cds::Json& j = *parsed.doc;
  Draft d;
  d.id = cds::str_or(j, "id");
  d.rubric_key = cds::str_or(j, "rubric_key");
  d.created = cds::str_or(j, "created");
  d.updated = cds::str_or(j, "updated");
  d.exported_hash = cds::str_or(j, "exported_hash");
  d.submitted_hash = cds::str_or(j, "submitted_hash");
  const cds::Json* a = cds::field(j, "answers");
  if (d.id.empty() || !a) return std::nullopt;
  auto loaded = cds::load_answers_json(*a);
  if (!loaded.answers) return std::nullopt;
  d.answers = std::move(*loaded.answers);
  if (const cds::Json* subs = cds::field(j, "submissions"); subs && subs->is_array())
    for (const auto& s : *subs) d.submissions.push_back(submission_from(s));
  return d;
}

}  // namespace

std::string Draft::answers_hash() const { return cds::sha256_hex(cds::answers_to_text(answers)); }
bool Draft::changed_since_export() const { return exported_hash != answers_hash(); }

Draft* DraftStore::current() {
  if (!current_ || *current_ >= drafts_.size()) return nullptr;
  return &drafts_[*current_];
}

const cds::Rubric* DraftStore::rubric_of(const Draft& d) const {
  const RubricItem* e = rubrics_.find(d.rubric_key);
  return e ? e->rubric() : nullptr;
}

Draft& DraftStore::insert_front(Draft d) {
  drafts_.insert(drafts_.begin(), std::move(d));
  if (current_) ++*current_;
  return drafts_.front();
}

bool DraftStore::create(const std::string& rubric_key) {
  const RubricItem* e = rubrics_.find(rubric_key);
  if (!e || !e->rubric()) return false;
  Draft d;
  d.id = new_id();
  d.rubric_key = rubric_key;
  d.answers = cds::answers_template(*e->rubric());
  d.created = d.updated = platform::local_time_iso();
  d.answers.updated = d.updated;
  insert_front(std::move(d));
  current_ = 0;
  changed(drafts_[0]);
  return true;
}

bool DraftStore::open(size_t i) {
  if (i >= drafts_.size()) return false;
  current_ = i;
  rescore(drafts_[i]);
  return true;
}

void DraftStore::duplicate(size_t i) {
  if (i >= drafts_.size()) return;
  Draft d = drafts_[i];
  d.id = new_id();
  d.seq = 0;
  d.exported_hash.clear();
  d.submitted_hash.clear();
  d.answers.unit.name += T(" (bản sao)", " (copy)");
  d.created = platform::local_time_iso();
  changed(insert_front(std::move(d)));
  toasts_.show(T("Đã nhân bản bản nháp.", "Draft duplicated."));
}

void DraftStore::remove(size_t i) {
  if (i >= drafts_.size()) return;
  platform::storage_delete("draft:" + drafts_[i].id + ":a");
  platform::storage_delete("draft:" + drafts_[i].id + ":b");
  std::vector<std::string> shas = evidence_shas(drafts_[i].answers), parts;
  for (const auto& p : provenance_parts(drafts_[i].answers)) parts.push_back(p.sha256);
  drafts_.erase(drafts_.begin() + static_cast<long>(i));
  forget_evidence(shas);
  forget_parts(parts);
  current_.reset();
  toasts_.show(T("Đã xóa bản nháp.", "Draft deleted."));
}

void DraftStore::export_file(Draft& d) {
  const cds::Rubric* r = rubric_of(d);
  std::string name = cds::file_name_part(d.answers.unit.code.empty() ? d.answers.unit.name : d.answers.unit.code) + "_" +
                     (r ? r->id : d.answers.rubric_id) + "_nhap_" + file_stamp_now() + ".json";
  platform::save_file(name, "application/json", cds::answers_to_text(d.answers));
  d.exported_hash = d.answers_hash();
  save_now(d);
  toasts_.show(std::string(T("Đã xuất bản nháp: ", "Draft exported: ")) + name);
}

void DraftStore::import_file(const std::string& name, const std::string& bytes) {
  auto loaded = cds::load_answers(bytes);
  if (!loaded.answers) {
    toasts_.show(name + ": " + (loaded.messages.empty() ? std::string() : loaded.messages[0].line(lang())), true);
    return;
  }
  const RubricItem* e = rubrics_.find_id(loaded.answers->rubric_id);
  if (!e) {
    toasts_.show(name + ": " + T("chưa có bộ tiêu chí \"", "no rubric \"") + loaded.answers->rubric_id +
                     T("\". Hãy mở tệp tiêu chí đó trước.", "\" here. Open that rubric file first."),
                 true);
    return;
  }
  Draft d;
  d.id = new_id();
  d.rubric_key = e->key;
  d.answers = std::move(*loaded.answers);
  d.created = platform::local_time_iso();
  d.updated = d.answers.updated.empty() ? d.created : d.answers.updated;
  d.exported_hash = d.answers_hash();  // it came from a file: nothing new to export yet
  rescore(d);
  save_now(insert_front(std::move(d)));
  toasts_.show(std::string(T("Đã nhập bản nháp: ", "Draft imported: ")) + name);
}

void DraftStore::add_evidence(const std::string& criterion, const std::vector<platform::OpenedFile>& files) {
  Draft* d = current();
  if (!d || criterion.empty()) return;
  for (const auto& f : files) {
    if (f.skipped != platform::OpenedFile::Skipped::No) continue;
    cds::EvidenceItem e;
    e.kind = "file";
    e.name = cds::to_nfc_lossy(f.name);
    e.size = static_cast<long long>(f.bytes.size());
    e.sha256 = cds::sha256_hex(f.bytes);  // computed here; the file leaves the device only in the dossier the user saves
    keep_evidence_bytes(e.name, e.sha256, f.bytes);
    d->answers.evidence[criterion].push_back(std::move(e));
  }
  changed(*d);
}

// The bytes stay in this browser's storage under their SHA-256, for the dossier (.zip) saved when
// signing; shared by every draft that names the same file.
void DraftStore::keep_evidence_bytes(const std::string& name, const std::string& sha256, const std::string& bytes) {
  std::string shown = name;
  platform::storage_put(kEvidencePrefix + sha256, bytes, [this, shown](bool ok, const std::string&) {
    if (!ok)
      toasts_.show(shown + T(": không lưu được bản sao tệp trên máy (bộ nhớ trình duyệt đầy?). Khi lưu hồ sơ .zip, cds sẽ nhờ chọn lại tệp này.",
                             ": could not keep a copy of the file on this device (browser storage full?). When saving the dossier, cds will ask for it again."),
                   true);
  });
}

bool DraftStore::names_evidence(const std::string& sha256) const {
  for (const auto& d : drafts_)
    for (const auto& [c, items] : d.answers.evidence)
      for (const auto& it : items)
        if (it.kind == "file" && it.sha256 == sha256) return true;
  return false;
}

void DraftStore::forget_evidence(const std::vector<std::string>& sha256s) {
  if (!storage_.loaded) return;  // drafts not read yet: another may name them
  for (const auto& sha : sha256s)
    if (!sha.empty() && !names_evidence(sha)) platform::storage_delete(kEvidencePrefix + sha);
}

void DraftStore::forget_parts(const std::vector<std::string>& sha256s) {
  if (!storage_.loaded) return;
  for (const auto& sha : sha256s) {
    bool named = false;
    for (const auto& d : drafts_)
      for (const auto& p : provenance_parts(d.answers)) named |= p.sha256 == sha;
    if (!named) platform::storage_delete(kPartPrefix + sha);
  }
}

EvidenceFiles evidence_files(const cds::Answers& a) {
  EvidenceFiles out;
  for (const auto& [c, items] : a.evidence)
    for (const auto& it : items)
      if (it.kind == "file" && !it.sha256.empty() && std::find(out.sha256.begin(), out.sha256.end(), it.sha256) == out.sha256.end()) {
        out.sha256.push_back(it.sha256);
        out.bytes += static_cast<uint64_t>(std::max<long long>(it.size, 0));
      }
  return out;
}

std::vector<std::string> evidence_shas(const cds::Answers& a) {
  std::vector<std::string> out;
  for (const auto& [c, items] : a.evidence)
    for (const auto& it : items)
      if (it.kind == "file") out.push_back(it.sha256);
  return out;
}

std::vector<PartRef> provenance_parts(const cds::Answers& a) {
  std::vector<PartRef> out;
  const cds::Json* pv = cds::field(a.extra, "provenance");
  const cds::Json* ps = pv ? cds::field(*pv, "parts") : nullptr;
  if (!ps || !ps->is_array()) return out;
  for (const auto& p : *ps) {
    PartRef r{cds::str_or(p, "file"), cds::str_or(p, "sha256")};
    if (!r.sha256.empty()) out.push_back(std::move(r));
  }
  return out;
}

void DraftStore::record_submission(Draft& d, SubmissionRecord rec) {
  d.submissions.push_back(std::move(rec));
  d.submitted_hash = d.answers_hash();
  save_now(d);
}

void DraftStore::rescore(Draft& d) {
  if (const cds::Rubric* r = rubric_of(d)) {
    cds::ScoreOptions o;
    o.lang = lang();
    d.sheet = cds::score(*r, d.answers, o);
  }
}

void DraftStore::rescore_all() {
  for (auto& d : drafts_) rescore(d);
}

void DraftStore::changed(Draft& d) {
  d.updated = platform::local_time_iso();
  d.answers.updated = d.updated;
  rescore(d);
  if (!d.dirty) d.dirty_since = platform::now_ms();
  d.dirty = true;
  platform::request_timer(kAutosaveMs + 50);
}

void DraftStore::probe_storage() {
  platform::storage_put("probe", "1", [this](bool ok, const std::string&) {
    storage_.failed = !ok;
    if (!ok)
      toasts_.show(platform::is_file_url() ? T("Khi mở từ tệp, trình duyệt này không cho lưu bản nháp. Hãy xuất bản nháp ra tệp trước khi đóng trang.",
                                               "Opened from a file, this browser does not let the page save drafts. Export drafts before closing.")
                                           : T("Trình duyệt không cho lưu bản nháp. Hãy xuất bản nháp ra tệp trước khi đóng trang.",
                                               "The browser does not let the page save drafts. Export drafts before closing."),
                   true);
  });
}

void DraftStore::restore(const std::map<std::string, std::vector<std::string>>& slots) {
  for (const auto& [id, candidates] : slots) {
    auto rec = cds::load_latest(candidates);
    if (!rec) {
      toasts_.show(T("Một bản nháp trong bộ nhớ bị hỏng và không đọc được.", "A stored draft is damaged and cannot be read."), true);
      continue;
    }
    auto d = draft_from_payload(rec->payload);
    if (!d) continue;
    d->seq = rec->seq;
    rescore(*d);
    drafts_.push_back(std::move(*d));
  }
  std::sort(drafts_.begin(), drafts_.end(), [](const Draft& a, const Draft& b) { return a.updated > b.updated; });
}

void DraftStore::save_now(Draft& d) {
  d.dirty = false;
  ++d.seq;
  std::string key = "draft:" + d.id + ":" + cds::slot_for(d.seq);
  std::string id = d.id;
  platform::storage_put(key, cds::encode_record(d.seq, draft_payload(d)), [this, id](bool ok, const std::string& err) {
    if (!ok) return save_failed(id, err);
    ++storage_.saves_ok;
    storage_.last_error.clear();
  });
}

void DraftStore::save_failed(const std::string& id, const std::string& error) {
  for (auto& x : drafts_) {
    if (x.id != id) continue;
    x.dirty = true;  // keep trying; the other slot still holds the previous good copy
    x.dirty_since = platform::now_ms() + 5000;
  }
  platform::request_timer(6000);
  bool quota = error.find("Quota") != std::string::npos;
  std::string msg = quota ? T("Bộ nhớ trình duyệt đã đầy: chưa lưu được thay đổi mới nhất. Bản lưu trước vẫn còn. "
                              "Hãy xuất bản nháp ra tệp ngay, rồi xóa bớt bản nháp cũ.",
                              "Browser storage is full: the latest change is not saved. The previous copy is kept. "
                              "Export the draft to a file now and delete old drafts.")
                          : T("Không lưu được vào bộ nhớ trình duyệt. Hãy xuất bản nháp ra tệp để giữ an toàn.",
                              "Could not save to browser storage. Export the draft to a file to keep it safe.");
  if (storage_.last_error != msg) toasts_.show(msg, true);
  storage_.last_error = msg;
}

void DraftStore::tick_autosave() {
  double now = platform::now_ms();
  for (auto& d : drafts_)
    if (d.dirty && now - d.dirty_since >= kAutosaveMs) save_now(d);
}

void DraftStore::save_dirty() {
  for (auto& d : drafts_)
    if (d.dirty) save_now(d);
}

}  // namespace ui
