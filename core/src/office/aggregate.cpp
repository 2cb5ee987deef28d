#include "cds/office/aggregate.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/info_sheet.hpp"
#include "cds/rules/rule_kind.hpp"

namespace cds {
namespace {

std::string rubric_key(const std::string& id, const std::string& version) { return id + "\n" + version; }
// One submission counts per unit, rubric and period.
std::string counting_key(const IntakeRecord& r) { return rubric_key(r.rubric_id, r.rubric_version) + "\n" + r.period_key; }

std::string unit_key(const IntakeRecord& r) { return r.unit_code.empty() ? "name:" + r.unit_name : r.unit_code; }

// a is newer than b: by the instant signed into the file (every valid file has one: the envelope
// refuses a time that is not ISO 8601 with an offset), then by hash, so that the choice never
// depends on the order files arrive in.
bool newer(const IntakeRecord& a, const IntakeRecord& b) {
  if (a.created_at != b.created_at) return a.created_at > b.created_at;
  return a.signed_hash > b.signed_hash;
}

// Which of two copies of the same signed content to keep: more valid signatures (a countersigned
// copy), then a dossier that holds (every evidence file there and, for a merged submission, its
// agencies' parts matching), then a plain file, then a dossier that does not hold; then the shorter
// file name (copies tend to gain " (1)" or "-copy"), then the name in byte order, then the file hash.
int evidence_rank(const IntakeRecord& r) { return !r.evidence ? 1 : (intake_dossier_lacking(r) ? 0 : 2); }
bool better_copy(const IntakeRecord& a, const IntakeRecord& b) {
  if (a.valid_signatures != b.valid_signatures) return a.valid_signatures > b.valid_signatures;
  if (evidence_rank(a) != evidence_rank(b)) return evidence_rank(a) > evidence_rank(b);
  if (a.file.size() != b.file.size()) return a.file.size() < b.file.size();
  if (a.file != b.file) return a.file < b.file;
  return a.file_sha256 < b.file_sha256;
}

// Sums of criterion values over each section's subtree, in flat_sections() order.
void section_sums(const Section& sec, const std::vector<Num>& v, std::vector<Num>& out) {
  size_t at = out.size();
  out.push_back(Num(0));
  Num sum = 0;
  for (size_t i : sec.criteria) sum += v[i];
  for (const auto& sub : sec.sections) {
    size_t child = out.size();
    section_sums(sub, v, out);
    sum += out[child];
  }
  out[at] = sum;
}


template <class Column>  // std::vector<Num> or NumColumn
Num sum_of(const Column& v) {
  Num s = 0;
  for (size_t i = 0; i < v.size(); ++i) s += v[i];
  return s;
}

// The general-information fields a criterion reads: what its rules need (every node, through the
// rule-kind registry), and the fields its inputs divide by.
void general_info_read(const Rule& rule, std::set<std::string>& out) {
  const RuleKindDef& kind = rule_kind(rule.kind);
  for (const auto& g : kind.needs(rule).general) out.insert(g);
  for (const Rule* sub : kind.sub_rules(rule)) general_info_read(*sub, out);
}

std::set<std::string> general_info_read(const Criterion& c) {
  std::set<std::string> out;
  general_info_read(c.rule, out);
  for (const auto& in : c.inputs)
    if (!in.den_from.empty()) out.insert(in.den_from);
  return out;
}

// A file's errors as the intake keeps them: the first kMaxIntakeReasons, then one line counting the
// rest. A hostile file of 16 MiB can fail in a hundred thousand places; every reason kept for every
// such file made intake.csv 8 MB and the roll-up's memory grow with the file (an outside test: 20
// files, 158 MB of intake.csv). `cds verify` on the file still lists them all.
Messages errors_only(const Messages& ms) {
  Messages out;
  size_t more = 0;
  for (const auto& m : ms)
    if (m.severity == Severity::Error) {
      if (out.size() < kMaxIntakeReasons) out.push_back(m);
      else ++more;
    }
  if (more) {
    const std::string n = format_number(Num(static_cast<long long>(more)), Lang::Vi, 0), en = format_number(Num(static_cast<long long>(more)), Lang::En, 0);
    out.push_back(error("intake.more_reasons", "… và " + n + " lỗi khác (xem đủ bằng lệnh cds verify với tệp này)",
                        "… and " + en + " more (cds verify on this file lists them all)"));
  }
  return out;
}

// What the intake keeps of a file's texts: what a valid file may hold (check_answers_size's 1,000
// bytes for a name; a reason of a few hundred) stays whole; beyond, an invalid file's megabyte of
// rubric id, time, role or reason is cut to its first characters, so that no file costs the
// roll-up's memory and reports more than a few kilobytes whatever it holds.
void bound_text(std::string& s, size_t over, size_t keep) {
  if (s.size() > over) s = ellipsize(s, keep);
}

void bound_record(IntakeRecord& rec) {
  for (std::string* t : {&rec.unit_code, &rec.unit_name, &rec.rubric_id, &rec.rubric_version, &rec.created, &rec.period, &rec.period_key})
    bound_text(*t, kMaxAnswerLabelBytes, 200);
  for (std::string& t : rec.signers) bound_text(t, kMaxAnswerLabelBytes, 200);
  for (Message& m : rec.problems)
    for (std::string* t : {&m.vi, &m.en, &m.where, &m.input}) bound_text(*t, 4000, 1000);
}

std::string show_value(const Num& v, bool percent, Lang l) { return percent ? format_percent(v, l, 2) : format_number(v, l, 4); }

}  // namespace

std::vector<Num> section_column(const Rubric& r, const std::vector<Num>& column) {
  std::vector<Num> out;
  for (const auto& s : r.sections) section_sums(s, column, out);
  return out;
}

std::vector<Num> section_column(const Rubric& r, const NumColumn& column) { return section_column(r, column.values()); }

Num UnitResult::appraised(size_t i) const {
  auto it = appraised_at.find(i);
  return it == appraised_at.end() ? self[i] : it->second;
}

bool chain_forks(const AggregateResult& res, const UnitResult& u) {
  if (u.levels.empty()) return false;
  const std::string& last = res.appraisals[u.levels.back()].signed_hash;
  return std::any_of(res.appraisals.begin(), res.appraisals.end(), [&](const AppraisalRecord& ar) {
    return !ar.applied && ar.appraisal && ar.appraisal->previous_sha256 == last;
  });
}

Num level_score(const AggregateResult& res, const UnitResult& u, size_t k, size_t i) {
  for (size_t j = std::min(k + 1, u.levels.size()); j-- > 0;)
    if (const AppraisalChange* c = level_change(res, u, j, i)) return c->score;
  // No level changed it up to k: the value before the chain (self, or a cross-unit criterion's).
  auto b = u.before_levels.find(i);
  if (b != u.before_levels.end()) return b->second;
  return u.reasons_from_levels.count(i) ? u.self[i] : u.appraised(i);
}

const AppraisalChange* level_change(const AggregateResult& res, const UnitResult& u, size_t k, size_t i) {
  if (k >= u.levels.size()) return nullptr;
  const AppraisalRecord& ar = res.appraisals[u.levels[k]];
  if (!ar.appraisal) return nullptr;
  return ar.appraisal->change(res.rubrics[u.rubric].rubric->criteria[i].id);
}

size_t max_levels(const AggregateResult& res) {
  size_t m = 0;
  for (const auto& u : res.units) m = std::max(m, u.levels.size());
  return m;
}

const Json* UnitResult::info_value(size_t f) const {
  return f < info_values.size() && !info_values[f].is_discarded() ? &info_values[f] : nullptr;
}

Json UnitResult::general_info(const Rubric& r) const {
  if (info_values.empty()) return Json();
  Json out = Json::object();
  for (size_t f = 0; f < info_values.size() && f < r.general_info.size(); ++f)
    if (const Json* v = info_value(f)) out[r.general_info[f].id] = *v;
  return out;
}

void EvidenceNames::add(uint32_t criterion, bool file, std::string_view name, std::string_view sha256) {
  // A signed file is at most kMaxSignedFileBytes, so one unit's evidence text never nears 4 GiB.
  Entry e{criterion, static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(name.size()),
          static_cast<uint32_t>(sha256.size()) | (file ? 0x80000000u : 0u)};
  text_.append(name);
  text_.append(sha256);
  entries_.push_back(e);
}

void EvidenceNames::sort_by_criterion() {
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.criterion < b.criterion; });
}

void EvidenceNames::shrink_to_fit() {
  entries_.shrink_to_fit();
  text_.shrink_to_fit();
}

NamedEvidence EvidenceNames::operator[](size_t k) const {
  const Entry& e = entries_[k];
  NamedEvidence out;
  out.file = (e.sha_len & 0x80000000u) != 0;
  out.criterion = e.criterion;
  std::string_view t(text_);
  out.name = t.substr(e.offset, e.name_len);
  out.sha256 = t.substr(e.offset + e.name_len, e.sha_len & 0x7fffffffu);
  return out;
}

std::pair<size_t, size_t> EvidenceNames::range_of(size_t i) const {
  auto lo = std::lower_bound(entries_.begin(), entries_.end(), i, [](const Entry& e, size_t c) { return e.criterion < c; });
  auto hi = std::upper_bound(lo, entries_.end(), i, [](size_t c, const Entry& e) { return c < e.criterion; });
  return {static_cast<size_t>(lo - entries_.begin()), static_cast<size_t>(hi - entries_.begin())};
}

EvidenceList UnitResult::evidence_of(size_t i) const {
  auto [b, e] = evidence.range_of(i);
  return EvidenceList(&evidence, b, e);
}

bool UnitResult::unsupported_claim(size_t i) const { return std::binary_search(unsupported.begin(), unsupported.end(), i); }

EvidenceSeen evidence_seen(const IntakeRecord& rec, const NamedEvidence& e) {
  if (!e.file) return EvidenceSeen::Reference;
  if (!rec.evidence || e.sha256.empty()) return EvidenceSeen::OnlyNamed;  // no dossier; or a file no dossier can hold
  switch (rec.evidence->state_of(std::string(e.sha256))) {
    case EvidenceState::Present: return EvidenceSeen::Present;
    case EvidenceState::Missing: return EvidenceSeen::Missing;
    case EvidenceState::Changed: return EvidenceSeen::Changed;
  }
  return EvidenceSeen::Missing;
}

const char* evidence_seen_name(EvidenceSeen s) {
  switch (s) {
    case EvidenceSeen::Reference: return "reference";
    case EvidenceSeen::OnlyNamed: return "named";
    case EvidenceSeen::Present: return "present";
    case EvidenceSeen::Missing: return "missing";
    case EvidenceSeen::Changed: return "changed";
  }
  return "";
}

const char* evidence_seen_label(EvidenceSeen s, Lang l) {
  switch (s) {
    case EvidenceSeen::Reference: return "";
    case EvidenceSeen::OnlyNamed: return T(l, "chỉ kê tên, không gửi kèm", "only named, not sent");
    case EvidenceSeen::Present: return T(l, "có trong hồ sơ", "in the dossier");
    case EvidenceSeen::Missing: return T(l, "thiếu trong hồ sơ", "missing from the dossier");
    case EvidenceSeen::Changed: return T(l, "bị thay, khác tệp đã ký", "changed, not the file signed");
  }
  return "";
}

const char* unsupported_claim_text(Lang l) { return T(l, "Có điểm nhưng chưa kèm tài liệu kiểm chứng", "Points claimed with no evidence"); }

std::string criterion_evidence_text(const AggregateResult& res, const UnitResult& u, size_t i, Lang l) {
  std::string s = u.unsupported_claim(i) ? unsupported_claim_text(l) : "";
  const IntakeRecord& rec = res.records[u.record];
  for (const NamedEvidence& e : u.evidence_of(i)) {
    if (!s.empty()) s += "; ";
    if (!e.file) {
      s += T(l, "văn bản ", "document ");
      s += e.name;
      continue;
    }
    s += e.name;
    s += " (";
    s += evidence_seen_label(evidence_seen(rec, e), l);
    s += ')';
  }
  return s;
}

Num UnitResult::final_score(size_t i) const { return proportion ? appraised(i) * *proportion : appraised(i); }

const std::string& UnitResult::reason(size_t i) const {
  static const std::string none;
  auto it = reasons.find(i);
  return it == reasons.end() ? none : it->second;
}

bool UnitResult::changed(size_t i) const { return appraised(i) != self[i]; }

std::vector<Num> UnitResult::column(Column c) const {
  std::vector<Num> v(self.size());
  for (size_t i = 0; i < self.size(); ++i) v[i] = c == Column::Self ? self[i] : c == Column::Appraised ? appraised(i) : final_score(i);
  return v;
}

const char* intake_status_name(IntakeStatus s) {
  switch (s) {
    case IntakeStatus::Valid: return "valid";
    case IntakeStatus::Invalid: return "invalid";
    case IntakeStatus::Superseded: return "superseded";
    case IntakeStatus::Duplicate: return "duplicate";
  }
  return "invalid";
}

const char* intake_status_label(IntakeStatus s, Lang l) {
  bool vi = l == Lang::Vi;
  switch (s) {
    case IntakeStatus::Valid: return vi ? "Hợp lệ" : "Valid";
    case IntakeStatus::Invalid: return vi ? "Không hợp lệ" : "Invalid";
    case IntakeStatus::Superseded: return vi ? "Bị thay thế" : "Superseded";
    case IntakeStatus::Duplicate: return vi ? "Trùng lặp" : "Duplicate";
  }
  return "";
}

const char* receipt_source_name(ReceiptSource s) {
  switch (s) {
    case ReceiptSource::Unknown: return "";
    case ReceiptSource::Given: return "given";
    case ReceiptSource::FileTime: return "file_mtime";
    case ReceiptSource::Opened: return "opened";
  }
  return "";
}

const char* receipt_source_label(ReceiptSource s, Lang l) {
  switch (s) {
    case ReceiptSource::Unknown: return "";
    case ReceiptSource::Given: return T(l, "do cơ quan nhập", "given by the office");
    case ReceiptSource::FileTime: return T(l, "giờ sửa tệp", "file modification time");
    case ReceiptSource::Opened: return T(l, "lúc mở trong ứng dụng", "when opened in the app");
  }
  return "";
}

void IntakeRecord::set_received(std::string iso, ReceiptSource source) {
  received_at = parse_instant(iso);
  received = received_at ? std::move(iso) : std::string();
  received_source = received_at ? source : ReceiptSource::Unknown;
}

std::optional<bool> IntakeRecord::late_signed() const {
  if (!deadline || !created_at) return std::nullopt;
  return is_late(*deadline, *created_at);
}

std::optional<bool> IntakeRecord::late_received() const {
  if (!deadline || !received_at) return std::nullopt;
  return is_late(*deadline, *received_at);
}

std::vector<std::string> intake_deadline_headings(Lang l) {
  return {T(l, "Kỳ đánh giá", "Period"), T(l, "Thời điểm nhận", "Received"), T(l, "Thời điểm nhận theo", "Receipt time from"),
          T(l, "Hạn nộp", "Deadline"), T(l, "Hạn nộp — theo giờ ký", "Deadline — by signed time"),
          T(l, "Hạn nộp — theo giờ nhận", "Deadline — by receipt time")};
}

std::vector<std::string> intake_deadline_cells(const IntakeRecord& rec, Lang l) {
  std::vector<std::string> out = {rec.period, rec.received, receipt_source_label(rec.received_source, l),
                                  rec.deadline ? iso_at_offset(rec.deadline->at) : "", "", ""};
  if (rec.late_signed()) out[4] = lateness_text(*rec.deadline, *rec.created_at, l);
  if (rec.late_received()) out[5] = lateness_text(*rec.deadline, *rec.received_at, l);
  return out;
}

std::string intake_dossier_text(const IntakeRecord& rec, Lang l) {
  std::string out = rec.evidence ? rec.evidence->summary(l) : std::string();
  if (rec.chain) out += (out.empty() ? "" : "; ") + rec.chain->summary(l);
  return out;
}

bool intake_dossier_lacking(const IntakeRecord& rec) {
  return (rec.evidence && !rec.evidence->complete()) || (rec.chain && !rec.chain->ok());
}

std::map<std::string, Num> RubricGroup::best_override() const {
  std::map<std::string, Num> m;
  for (const auto& c : cross)
    if (c.reference) m[rubric->criteria[c.criterion].id] = *c.reference;
  return m;
}

LoadedReferences load_references(std::string_view bytes) {
  LoadedReferences out;
  auto parsed = parse_json(bytes);
  if (!parsed.doc) {
    out.messages = parsed.messages;
    return out;
  }
  const Json& j = *parsed.doc;
  if (!j.is_object() || str_or(j, "format") != "cds-references/1") {
    out.messages.push_back(error("references.format", "Đây không phải tệp giá trị tham chiếu cds-references/1", "This is not a cds-references/1 file"));
    return out;
  }
  const Json* list = field(j, "references");
  if (!list || !list->is_array()) {
    out.messages.push_back(error("references.list", "Thiếu danh sách \"references\"", "The \"references\" list is missing"));
    return out;
  }
  AggregateReferences refs;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& x = (*list)[i];
    std::string where = "references[" + std::to_string(i) + "]";
    std::string rubric = x.is_object() ? str_or(x, "rubric") : "", crit = x.is_object() ? str_or(x, "criterion") : "";
    const Json* v = x.is_object() ? field(x, "value") : nullptr;
    auto n = v ? json_num(*v) : std::nullopt;
    if (rubric.empty() || crit.empty() || !n || n->sign() <= 0) {
      out.messages.push_back(error("references.entry", "Mỗi giá trị tham chiếu cần \"rubric\", \"criterion\" và \"value\" > 0",
                                   "Each reference needs \"rubric\", \"criterion\" and a \"value\" above 0", where));
      continue;
    }
    if (!refs.emplace(std::make_pair(rubric, crit), AggregateReference{*n, str_or(x, "source")}).second)
      out.messages.push_back(error("references.duplicate", "Tiêu chí " + crit + " có hai giá trị tham chiếu", "Criterion " + crit + " has two references", where));
  }
  if (!has_errors(out.messages)) out.references = std::move(refs);
  return out;
}

std::vector<size_t> pillar_sections(const Rubric& r) {
  auto flat = r.flat_sections();
  std::map<const Section*, size_t> index;
  for (size_t i = 0; i < flat.size(); ++i) index[flat[i].first] = i;
  std::vector<const Section*> level;
  for (const auto& s : r.sections)
    if (!s.bonus_penalty) level.push_back(&s);
  while (level.size() == 1 && !level[0]->sections.empty()) {
    std::vector<const Section*> next;
    for (const auto& s : level[0]->sections)
      if (!s.bonus_penalty) next.push_back(&s);
    level = next;
  }
  std::vector<size_t> out;
  for (const Section* s : level) out.push_back(index[s]);
  return out;
}

Aggregator::Aggregator(std::vector<KnownRubric> rubrics, std::optional<TrustList> trust)
    : known_(std::move(rubrics)), trust_(std::move(trust)) {
  for (auto& k : known_) {
    // Every file of a rubric is scored with the same plan (the catalogue's, else made here).
    if (k.rubric && (!k.plan || &k.plan->rubric() != k.rubric.get())) k.plan = std::make_shared<const ScoringPlan>(*k.rubric);
    std::vector<size_t> cross;
    if (k.rubric)
      for (size_t i = 0; i < k.rubric->criteria.size(); ++i)
        if (k.rubric->criteria[i].rule.kind == RuleKind::RelativeToBest) cross.push_back(i);
    cross_.push_back(std::move(cross));
  }
}

int Aggregator::find_known(const std::string& id, const std::string& version) const {
  for (size_t i = 0; i < known_.size(); ++i)
    if (known_[i].rubric && known_[i].rubric->id == id && known_[i].rubric->version == version) return static_cast<int>(i);
  return -1;
}

RubricLookup Aggregator::lookup() const {
  return [this](const std::string& id, const std::string& version) -> std::optional<RubricRef> {
    int k = find_known(id, version);
    if (k < 0) return std::nullopt;
    const KnownRubric& known = known_[static_cast<size_t>(k)];
    return RubricRef{known.rubric.get(), known.sha256, known.plan.get()};
  };
}

CheckedFile Aggregator::check_file(std::string name, std::string_view bytes) const {
  if (detect_format(bytes).kind != FileKind::Appraisal) return check_submission(std::move(name), bytes, verify_submission(bytes, lookup(), trust()));
  CheckedFile out;
  IntakeRecord& rec = out.record;
  rec.file = std::move(name);
  rec.file_sha256 = sha256_hex(bytes);
  rec.kind = FileKind::Appraisal;
  AppraisalVerification av = verify_appraisal(bytes, trust());
  rec.signed_hash = av.signed_hash;
  if (av.appraisal) {
    rec.unit_code = av.appraisal->unit_code;
    rec.unit_name = av.appraisal->unit_name;
    rec.rubric_id = av.appraisal->rubric_id;
    rec.rubric_version = av.appraisal->rubric_version;
    rec.created = av.appraisal->created;
    rec.created_at = parse_instant(rec.created);
  }
  for (const auto& s : av.signatures) {
    rec.signers.push_back(s.role + " " + s.key_id);
    if (s.valid) ++rec.valid_signatures;
  }
  rec.status = av.ok() ? IntakeStatus::Valid : IntakeStatus::Invalid;
  rec.problems = errors_only(av.problems);
  bound_record(rec);
  out.appraisal = std::move(av);
  return out;
}

namespace {

// The unit an answers file (cds-answers/1) names, read within a signed file's bounds (a document
// costs about 100 bytes a value): beyond them the record keeps naming no unit.
void read_answers_unit(std::string_view bytes, IntakeRecord& rec) {
  JsonLimits limits;
  limits.max_bytes = kMaxIntakeBytes;
  limits.max_values = kMaxSignedFileValues;
  ParsedJson p = parse_json(bytes, limits);
  if (!p.doc) return;
  if (const Json* unit = field(*p.doc, "unit")) {
    rec.unit_code = str_or(*unit, "code");
    rec.unit_name = str_or(*unit, "name");
  }
}

}  // namespace

CheckedFile Aggregator::check_submission(std::string name, std::string_view bytes, Verification v) const {
  check_sizes(v);  // the office refuses answers beyond their sizes
  CheckedFile out;
  IntakeRecord& rec = out.record;
  rec.file = std::move(name);
  rec.file_sha256 = sha256_hex(bytes);
  rec.kind = v.parsed ? FileKind::Submission : FileKind::Unknown;
  rec.unit_code = v.unit_code;
  rec.unit_name = v.unit_name;
  rec.rubric_id = v.rubric_id;
  rec.rubric_version = v.rubric_version;
  rec.created = v.created;
  rec.created_at = v.created_at;
  rec.signed_hash = v.signed_hash;
  rec.total = v.total;
  rec.scale = v.scale;
  for (const auto& s : v.signatures) {
    rec.signers.push_back(s.role + " " + s.key_id);
    if (s.valid) ++rec.valid_signatures;
  }
  int k = find_known(v.rubric_id, v.rubric_version);
  const Rubric* known = k >= 0 ? known_[static_cast<size_t>(k)].rubric.get() : nullptr;
  if (v.answers) {
    Period p = submission_period(known, v.answers->period);
    rec.period = std::move(p.label);
    rec.period_key = std::move(p.key);
  }
  // The rubric's deadline is its own period's: a submission for another period (the same form used
  // again next year) has a deadline this file does not know.
  if (known && (!v.answers || rec.period_key == submission_period(known, "").key)) rec.deadline = rubric_deadline(*known);
  if (!v.ok()) {
    rec.status = IntakeStatus::Invalid;
    if (rec.unit_code.empty()) {  // whose it is, where the file says so without being a submission
      const FileKind k = detect_format(bytes).kind;
      if (k == FileKind::Rubric || k == FileKind::TrustList || k == FileKind::AppraisalChanges) {
        rec.office_file = true;
      } else if (k == FileKind::Answers) {  // a unit's answers sent without signing them: its unit
        read_answers_unit(bytes, rec);
      }
    }
    rec.problems = errors_only(v.problems);
    if (rec.problems.empty())
      rec.problems.push_back(error("intake.invalid", "Bài nộp không hợp lệ", "The submission is not valid"));
    bound_record(rec);
    return out;
  }
  rec.status = IntakeStatus::Valid;
  if (v.legacy) rec.problems.push_back(warning("envelope.legacy", "Định dạng cũ (cds-submission/1): vai trò người ký không được ký kèm",
                                               "Old format (cds-submission/1): the signers' roles are not signed"));
  UnitScores us;
  if (v.sheet) {
    us.criteria.reserve(v.sheet->criteria.size());
    for (const auto& c : v.sheet->criteria) {
      us.criteria.push_back(c.score);
      us.status.push_back(c.status);
    }
  }
  if (v.answers) {  // the information sheet, for the reports (a few values per unit)
    const Json& gi = v.answers->general_info;
    if (known && !known->general_info.empty() && gi.is_object() && !gi.empty()) {
      us.info_values.reserve(known->general_info.size());
      for (const GeneralInfoField& f : known->general_info) {
        const Json* x = field(gi, f.id.c_str());
        us.info_values.push_back(x ? *x : Json(Json::value_t::discarded));
      }
    }
    us.unit_type = v.answers->unit.type;
  }
  if (known && v.answers) {  // what each criterion names as evidence, and points claimed with none
    const auto& index = known->criterion_index();
    // The text a piece keeps: a file's name and SHA-256; a reference's number, else its title, else its link.
    auto kept = [](const EvidenceItem& it) -> const std::string& {
      return it.kind == "file" ? it.name : !it.number.empty() ? it.number : !it.title.empty() ? it.title : it.link;
    };
    size_t named = 0, text = 0;
    for (const auto& [id, items] : v.answers->evidence)
      if (index.count(id))
        for (const EvidenceItem& it : items) {
          ++named;
          text += kept(it).size() + (it.kind == "file" ? it.sha256.size() : 0);
        }
    us.evidence.reserve(named, text);
    for (const auto& [id, items] : v.answers->evidence) {
      auto ci = index.find(id);
      if (ci == index.end() || items.empty()) continue;
      for (const EvidenceItem& it : items) {
        const bool file = it.kind == "file";
        us.evidence.add(static_cast<uint32_t>(ci->second), file, kept(it), file ? std::string_view(it.sha256) : std::string_view());
      }
    }
    // By criterion (the answers list them by id, "10" before "2"), each criterion's as named.
    us.evidence.sort_by_criterion();
    us.evidence.shrink_to_fit();
    if (v.sheet)
      for (const Message& m : unsupported_claims(*known, *v.answers, *v.sheet))
        if (auto ci = index.find(m.where); ci != index.end()) us.unsupported.push_back(ci->second);
    std::sort(us.unsupported.begin(), us.unsupported.end());
  }
  if (k >= 0 && v.answers && !cross_[static_cast<size_t>(k)].empty()) {
    const Rubric& r = *known_[static_cast<size_t>(k)].rubric;
    auto cross = std::make_shared<Answers>();
    Answers& t = *cross;
    t.rubric_id = v.answers->rubric_id;
    t.rubric_version = v.answers->rubric_version;
    t.unit = v.answers->unit;
    // Only what the cross-unit criteria read: their inputs and the general information they read
    // (a few values per unit, whatever the size of the answers).
    for (size_t ci : cross_[static_cast<size_t>(k)]) {
      const std::string& id = r.criteria[ci].id;
      if (v.answers->inputs.is_object() && v.answers->inputs.contains(id)) {
        const Json& given = v.answers->inputs[id];
        if (!given.is_object()) {
          t.inputs[id] = given;
        } else {
          // The criterion's own inputs only: members it does not declare are never read, and a
          // signed file may hold megabytes of them.
          Json& kept = t.inputs[id] = Json::object();
          for (const auto& in : r.criteria[ci].inputs)
            if (auto x = given.find(in.id); x != given.end()) kept[in.id] = *x;
        }
      }
      for (const auto& g : general_info_read(r.criteria[ci]))
        if (v.answers->general_info.is_object() && v.answers->general_info.contains(g)) t.general_info[g] = v.answers->general_info[g];
    }
    us.cross_inputs = std::move(cross);
  }
  out.scores = std::move(us);
  return out;
}

void Aggregator::add(CheckedFile f) {
  if (f.record.kind == FileKind::Appraisal) {
    appraisals_.push_back(std::move(f));
    return;
  }
  size_t idx = records_.size();
  records_.push_back(std::move(f.record));
  IntakeRecord& rec = records_[idx];
  if (rec.status != IntakeStatus::Valid || !f.scores) {
    if (rec.status == IntakeStatus::Valid) rec.status = IntakeStatus::Invalid;
    return;
  }
  auto key = std::make_pair(counting_key(rec), unit_key(rec));
  // The same signed content again: one copy counts.
  if (auto h = by_hash_.find(rec.signed_hash); h != by_hash_.end()) {
    size_t e = h->second;
    if (better_copy(records_[idx], records_[e])) {
      records_[idx].status = records_[e].status;
      records_[e].status = IntakeStatus::Duplicate;
      auto cur = current_.find(key);
      if (cur != current_.end() && cur->second.record == e) cur->second.record = idx;
      h->second = idx;
    } else {
      records_[idx].status = IntakeStatus::Duplicate;
    }
    return;
  }
  by_hash_[rec.signed_hash] = idx;
  auto cur = current_.find(key);
  if (cur == current_.end()) {
    current_.emplace(key, Current{idx, std::move(*f.scores)});
    return;
  }
  if (newer(records_[idx], records_[cur->second.record])) {
    records_[cur->second.record].status = IntakeStatus::Superseded;
    cur->second = Current{idx, std::move(*f.scores)};
  } else {
    records_[idx].status = IntakeStatus::Superseded;
  }
}

AggregateResult Aggregator::finish() const& {
  AggregateFinishSteps steps(*this);
  while (!steps.step(static_cast<size_t>(-1))) {
  }
  return steps.take();
}

AggregateResult Aggregator::finish() && {
  AggregateFinishSteps steps(*this, std::move(records_), std::move(current_));
  while (!steps.step(static_cast<size_t>(-1))) {
  }
  return steps.take();
}

// Superseded and duplicate files say which file counts instead.
void Aggregator::explain_copies(AggregateResult& res, const ByUnit& by_unit) const {
  for (auto& rec : res.records) {
    if (rec.status == IntakeStatus::Duplicate) {
      auto h = by_hash_.find(rec.signed_hash);
      if (h == by_hash_.end()) continue;
      const IntakeRecord& kept = res.records[h->second];
      rec.counted_file = kept.file;
      rec.problems.push_back(warning("intake.duplicate", "Bản sao của tệp " + kept.file + " (cùng nội dung đã ký); chỉ tính một lần",
                                     "A copy of " + kept.file + " (the same signed content); counted once"));
    } else if (rec.status == IntakeStatus::Superseded) {
      auto cur = by_unit.find(std::make_pair(counting_key(rec), unit_key(rec)));
      if (cur == by_unit.end()) continue;
      const IntakeRecord& counted = res.records[cur->second.record];
      rec.counted_file = counted.file;
      rec.problems.push_back(warning("intake.superseded",
                                     "Đơn vị đã nộp bản mới hơn (ký " + format_instant_as_written(counted.created) +
                                         ", tệp " + counted.file + "); bản này không được tính",
                                     "The unit sent a newer submission (signed " +
                                         format_instant_as_written(counted.created) + ", file " + counted.file +
                                         "); this one does not count"));
    }
  }

}

// Rubric groups: one per known rubric and period among the counted units, in that order; per
// group, the known rubric's index.
Aggregator::Groups Aggregator::build_groups(AggregateResult& res, const ByUnit& by_unit,
                                            std::vector<int>& group_known) const {
  Groups group_of;                                               // (known rubric, period key) → group
  std::map<std::pair<int, std::string>, std::string> period_of;  // its label: the rubric's own, else the first unit's
  for (const auto& [key, cur] : by_unit) {
    const IntakeRecord& rec = res.records[cur.record];
    int k = find_known(rec.rubric_id, rec.rubric_version);
    if (k < 0) continue;
    auto gk = std::make_pair(k, rec.period_key);
    if (!group_of.count(gk)) {
      group_of[gk] = 0;
      Period own = submission_period(known_[static_cast<size_t>(k)].rubric.get(), "");
      period_of[gk] = own.key == rec.period_key ? own.label : rec.period;
    }
  }
  for (auto& [gk, g] : group_of) {
    int k = gk.first;
    g = res.rubrics.size();
    RubricGroup grp;
    grp.rubric = known_[static_cast<size_t>(k)].rubric;
    grp.sha256 = known_[static_cast<size_t>(k)].sha256;
    grp.period_key = gk.second;
    grp.period = period_of[gk];
    grp.pillars = pillar_sections(*grp.rubric);
    ScoreOptions quiet;
    quiet.explain = false;
    for (const auto& s : score(*grp.rubric, answers_template(*grp.rubric), quiet).sections) grp.section_max.push_back(s.max);
    grp.general_info_users = general_info_users(*grp.rubric);
    res.rubrics.push_back(std::move(grp));
    group_known.push_back(k);
  }
  res.units.reserve(by_unit.size());
  return group_of;
}

// One counted unit's result, its criterion scores moved in (a unit of no known rubric has none);
// `scores` gets what its cross-unit criteria read, which stays in `cur`.
void Aggregator::build_unit(AggregateResult& res, Current& cur, const Groups& groups,
                            std::map<std::string, size_t>& unit_by_hash, std::vector<const UnitScores*>& scores) const {
  const IntakeRecord& rec = res.records[cur.record];
  int k = find_known(rec.rubric_id, rec.rubric_version);
  if (k < 0) return;
  UnitResult u;
  u.unit_code = rec.unit_code;
  u.unit_name = rec.unit_name;
  u.record = cur.record;
  u.rubric = groups.at(std::make_pair(k, rec.period_key));
  u.self = std::move(cur.scores.criteria);
  u.status = std::move(cur.scores.status);
  u.info_values = std::move(cur.scores.info_values);
  u.unit_type = std::move(cur.scores.unit_type);
  u.evidence = std::move(cur.scores.evidence);
  u.unsupported = std::move(cur.scores.unsupported);
  unit_by_hash[rec.signed_hash] = res.units.size();
  res.units.push_back(std::move(u));
  scores.push_back(&cur.scores);
}

namespace {
// What a unit's cross-unit criteria read (an empty Answers where it kept none).
const Answers& cross_inputs_of(const UnitScores& s) {
  static const Answers none;
  return s.cross_inputs ? *s.cross_inputs : none;
}
}  // namespace

// 1. Cross-unit criteria: each unit's own reference stands unless the office supplied an
// authoritative one; the intake's best value is information. Per criterion of each rubric group,
// two passes over its units (each unit's own score and the best; then the office's reference or
// the pending reason), up to `budget` units a call; true once every criterion is done.
bool Aggregator::finalise_cross_unit(AggregateResult& res, const std::vector<const UnitScores*>& scores,
                                     const std::vector<int>& group_known, CrossUnitCursor& at, size_t budget) const {
  while (at.group < res.rubrics.size()) {
    const std::vector<size_t>& cross = cross_[static_cast<size_t>(group_known[at.group])];
    if (at.criterion >= cross.size()) {
      ++at.group;
      at.criterion = 0;
      continue;
    }
    if (budget == 0) return false;
    RubricGroup& grp = res.rubrics[at.group];
    const Rubric& r = *grp.rubric;
    const size_t ci = cross[at.criterion];
    CrossUnitValue& cv = at.value;
    cv.criterion = ci;
    if (!at.measured) {  // each unit's criterion as it scored it (its status), and the best value
      ScoreOptions o;
      o.explain = false;
      for (; at.unit < res.units.size() && budget > 0; ++at.unit) {
        const size_t ui = at.unit;
        if (res.units[ui].rubric != at.group) continue;
        --budget;
        CriterionScore cs = score_criterion(r, ci, cross_inputs_of(*scores[ui]), o);
        if ((cs.status == Status::Answered || cs.status == Status::Pending) && cs.value) {
          ++cv.units_with_value;
          const UnitResult& u = res.units[ui];
          if (!cv.best || *cs.value > *cv.best || (*cs.value == *cv.best && u.unit_code < cv.best_unit_code)) {
            cv.best = cs.value;
            cv.best_unit_code = u.unit_code;
            cv.best_unit_name = u.unit_name;
          }
        }
        at.own.emplace_back(ui, cs.status);
      }
      if (at.unit < res.units.size()) return false;
      at.measured = true;
      at.unit = 0;  // now an index into `own`
    }
    auto ref = references_.find({r.id, r.criteria[ci].id});
    if (ref != references_.end()) {
      bool percent = r.criteria[ci].rule.value.percent;
      cv.reference = ref->second.value;
      cv.reference_source = ref->second.source;
      ScoreOptions fo;
      fo.explain = false;
      fo.best_override[r.criteria[ci].id] = ref->second.value;
      for (; at.unit < at.own.size() && budget > 0; ++at.unit, --budget) {
        const size_t ui = at.own[at.unit].first;
        UnitResult& u = res.units[ui];
        CriterionScore cs = score_criterion(r, ci, cross_inputs_of(*scores[ui]), fo);
        if (cs.status != Status::Answered && cs.status != Status::Pending) continue;
        u.appraised_at[ci] = cs.score;
        u.status[ci] = cs.status;
        if (cs.value && *cs.value > ref->second.value) ++cv.units_above_reference;
        u.reasons[ci] =
            "Theo giá trị tham chiếu của cơ quan tổng hợp: " + show_value(ref->second.value, percent, Lang::Vi) +
            (ref->second.source.empty() ? "" : " (" + ref->second.source + ")") +
            " / Against the office's reference: " + show_value(ref->second.value, percent, Lang::En) +
            (ref->second.source.empty() ? "" : " (" + ref->second.source + ")");
      }
    } else {
      for (; at.unit < at.own.size() && budget > 0; ++at.unit, --budget)
        if (at.own[at.unit].second == Status::Pending)
          res.units[at.own[at.unit].first].reasons[ci] =
              "Đơn vị chưa nhập giá trị tham chiếu (địa phương cao nhất); chờ cơ quan tổng hợp cung cấp / "
              "The unit entered no reference (the best locality); pending until the office supplies one";
    }
    if (at.unit < at.own.size()) return false;
    grp.cross.push_back(std::move(at.value));
    at.value = CrossUnitValue();
    at.own.clear();
    at.measured = false;
    at.unit = 0;
    ++at.criterion;
  }
  return true;
}

// 2. Appraisals: each level applies to the counted submission it names. Level 1 judges the
// submission (the newest of several level-1 appraisals applies, the others are replaced); each
// later level must build on the level before it in the applied chain. A level whose predecessor is
// missing, not the latest, about another submission, or shared with another level (a fork) is not
// applied, with the reason; the chain stops where it breaks.
void Aggregator::apply_appraisals(AggregateResult& res, const std::map<std::string, size_t>& unit_by_hash) const {
  if (appraisals_.empty()) return;  // most intakes: no index of every record for nothing
  std::map<std::string, std::vector<size_t>> records_by_hash;
  for (size_t i = 0; i < res.records.size(); ++i) records_by_hash[res.records[i].signed_hash].push_back(i);
  // Every level of every file, once (a level sent as its own file and embedded in a later one is
  // the same level; the file of its own is named).
  struct Level {
    const AppraisalVerification* v;
    std::string file, within;
  };
  std::vector<Level> pool;
  std::set<std::string> standalone, seen;
  for (const auto& f : appraisals_)
    if (!f.record.signed_hash.empty()) standalone.insert(f.record.signed_hash);
  for (const auto& f : appraisals_) {
    for (const auto& e : f.appraisal->earlier)
      if (!e.signed_hash.empty() && !standalone.count(e.signed_hash) && seen.insert(e.signed_hash).second) pool.push_back({&e, f.record.file, f.record.file});
    seen.insert(f.record.signed_hash);
    pool.push_back({&*f.appraisal, f.record.file, ""});  // every file is listed, even one with the same signed part as another
  }
  std::map<std::string, size_t> by_hash;  // level's signed hash → index in res.appraisals
  std::map<size_t, std::vector<size_t>> by_unit;  // unit → its valid levels
  for (const auto& lv : pool) {
    const AppraisalVerification& av = *lv.v;
    AppraisalRecord ar;
    ar.file = lv.within.empty() ? lv.file : lv.file + " › cấp " + std::to_string(av.appraisal ? av.appraisal->level : 1);
    ar.within = lv.within;
    ar.signed_hash = av.signed_hash;
    for (const auto& sg : av.signatures) ar.signers.push_back(sg.role + " " + sg.key_id);
    ar.appraisal = av.appraisal;
    if (av.appraisal) ar.level = av.appraisal->level;
    size_t idx = res.appraisals.size();
    if (!av.signed_hash.empty()) by_hash.emplace(av.signed_hash, idx);
    if (!av.level_ok()) {
      ar.problems = errors_only(av.problems);
      for (Message& m : ar.problems)
        for (std::string* t : {&m.vi, &m.en, &m.where, &m.input}) bound_text(*t, 4000, 1000);
      res.appraisals.push_back(std::move(ar));
      continue;
    }
    const Appraisal& a = *av.appraisal;
    auto u = unit_by_hash.find(a.submission_sha256);
    if (u == unit_by_hash.end()) {
      auto any = records_by_hash.find(a.submission_sha256);
      if (any != records_by_hash.end()) {
        const IntakeRecord& rec = res.records[any->second.front()];
        ar.problems.push_back(error("appraisal.not_counted",
                                    std::string("Thẩm định một bài nộp không được tính (") + intake_status_label(rec.status, Lang::Vi) + ": " + rec.file +
                                        "); không áp dụng",
                                    std::string("Appraises a submission that does not count (") + intake_status_label(rec.status, Lang::En) + ": " +
                                        rec.file + "); not applied"));
      } else {
        ar.problems.push_back(error("appraisal.no_submission", "Không có bài nộp được thẩm định (" + a.submission_sha256.substr(0, 12) + "…) trong đợt tổng hợp",
                                    "The appraised submission (" + a.submission_sha256.substr(0, 12) + "…) is not in the intake"));
      }
      res.appraisals.push_back(std::move(ar));
      continue;
    }
    Messages fit = check_appraisal(a, *res.rubrics[res.units[u->second].rubric].rubric);
    ar.problems = fit;
    ar.valid = !has_errors(fit);
    if (ar.valid) by_unit[u->second].push_back(idx);
    res.appraisals.push_back(std::move(ar));
  }

  auto refuse = [&](AppraisalRecord& ar, const char* code, std::string vi, std::string en) {
    ar.valid = false;
    ar.problems.push_back(error(code, std::move(vi), std::move(en)));
  };
  for (auto& [ui, levels] : by_unit) {
    UnitResult& unit = res.units[ui];
    // Level 1: the newest applies.
    std::optional<size_t> root;
    for (size_t i : levels) {
      AppraisalRecord& ar = res.appraisals[i];
      if (ar.level != 1) continue;
      if (!root) {
        root = i;
        continue;
      }
      AppraisalRecord& other = res.appraisals[*root];
      auto ta = parse_instant(ar.appraisal->created), tb = parse_instant(other.appraisal->created);
      bool mine = ta != tb ? ta > tb : ar.signed_hash > other.signed_hash;  // valid appraisals always carry an instant
      AppraisalRecord& older = mine ? other : ar;
      const AppraisalRecord& newer = mine ? ar : other;
      older.problems.push_back(warning("appraisal.replaced", "Đã có bản thẩm định mới hơn (" + newer.file + ")",
                                       "A newer appraisal replaces this one (" + newer.file + ")"));
      if (mine) root = i;
    }
    std::set<size_t> chain_set;
    if (root) {
      size_t cur = *root;
      for (;;) {
        unit.levels.push_back(cur);
        chain_set.insert(cur);
        res.appraisals[cur].applied = true;
        std::vector<size_t> kids;
        for (size_t i : levels)
          if (res.appraisals[i].level > 1 && res.appraisals[i].appraisal->previous_sha256 == res.appraisals[cur].signed_hash) kids.push_back(i);
        if (kids.empty()) break;
        const AppraisalRecord& base = res.appraisals[cur];
        if (kids.size() > 1) {
          std::string files;
          for (size_t k : kids) files += (files.empty() ? "" : ", ") + res.appraisals[k].file;
          for (size_t k : kids) {
            chain_set.insert(k);
            refuse(res.appraisals[k], "appraisal.fork",
                   std::to_string(kids.size()) + " bản thẩm định cùng xây trên bản cấp " + std::to_string(base.level) + " (" + base.file +
                       ") — rẽ nhánh, không áp dụng bản nào; cơ quan thẩm định cần thu hồi bản thừa (" + files + ")",
                   std::to_string(kids.size()) + " appraisals build on the same level " + std::to_string(base.level) + " (" + base.file +
                       ") — a fork, none applied; the appraising office must withdraw the extra ones (" + files + ")");
          }
          break;
        }
        AppraisalRecord& next = res.appraisals[kids[0]];
        if (next.level != base.level + 1) {
          chain_set.insert(kids[0]);
          refuse(next, "appraisal.level",
                 "Bản thẩm định ghi cấp " + std::to_string(next.level) + " nhưng xây trên bản cấp " + std::to_string(base.level) + "; không áp dụng",
                 "The appraisal says level " + std::to_string(next.level) + " but builds on level " + std::to_string(base.level) + "; not applied");
          break;
        }
        cur = kids[0];
      }
    }
    // Later levels outside the chain: why.
    for (size_t i : levels) {
      AppraisalRecord& ar = res.appraisals[i];
      if (ar.level == 1 || chain_set.count(i)) continue;
      const std::string& prev = ar.appraisal->previous_sha256;
      std::string lvl = std::to_string(ar.level - 1);
      auto p = by_hash.find(prev);
      if (p == by_hash.end()) {
        refuse(ar, "appraisal.previous_missing",
               "Thiếu bản thẩm định cấp " + lvl + " mà bản này xây trên (" + prev.substr(0, 12) + "…); gửi kèm tệp đó. Không áp dụng",
               "The level " + lvl + " appraisal this one builds on (" + prev.substr(0, 12) + "…) is missing; send that file too. Not applied");
        continue;
      }
      const AppraisalRecord& pr = res.appraisals[p->second];
      if (pr.appraisal && pr.appraisal->submission_sha256 != ar.appraisal->submission_sha256)
        refuse(ar, "appraisal.other_submission",
               "Bản thẩm định cấp " + lvl + " mà bản này xây trên (" + pr.file + ") là của một bài nộp khác; không áp dụng",
               "The level " + lvl + " appraisal this one builds on (" + pr.file + ") judges another submission; not applied");
      else if (!pr.valid)
        refuse(ar, "appraisal.previous_invalid", "Bản thẩm định cấp " + lvl + " mà bản này xây trên (" + pr.file + ") không hợp lệ; không áp dụng",
               "The level " + lvl + " appraisal this one builds on (" + pr.file + ") is not valid; not applied");
      else
        refuse(ar, "appraisal.previous_not_latest",
               "Bản thẩm định cấp " + lvl + " mà bản này xây trên (" + pr.file + ") không phải bản mới nhất được áp dụng; không áp dụng",
               "The level " + lvl + " appraisal this one builds on (" + pr.file + ") is not the latest one applied; not applied");
    }
    if (!unit.levels.empty()) unit.appraisal = unit.levels.back();
  }
}

namespace {

// 3. Columns, pillar subtotals, totals.
void fill_columns(AggregateResult& res, size_t from, size_t to) {
  for (size_t ui = from; ui < to; ++ui) {
    UnitResult& u = res.units[ui];
    const Rubric& r = *res.rubrics[u.rubric].rubric;
    // Each level in order: its changes over the level before; the latest sampled check applies.
    for (size_t lv : u.levels) {
      const Appraisal& a = *res.appraisals[lv].appraisal;
      for (const auto& ch : a.changes) {
        const Criterion* c = r.criterion(ch.criterion);
        if (!c) continue;
        size_t i = static_cast<size_t>(c - r.criteria.data());
        auto was = u.appraised_at.find(i);
        if (was != u.appraised_at.end() && !u.reasons_from_levels.count(i)) u.before_levels.emplace(i, was->second);
        u.reasons_from_levels.insert(i);
        u.appraised_at[i] = ch.score;
        u.reasons[i] = ch.reason;
      }
      if (a.sampled) u.proportion = a.sampled->proportion();
    }
    std::vector<Num> fin = u.column(Column::Final);
    std::vector<Num> sections = section_column(r, fin);
    for (size_t si : res.rubrics[u.rubric].pillars) u.pillar_final.push_back(sections[si]);
    u.total_self = sum_of(u.self);
    u.total_appraised = sum_of(u.column(Column::Appraised));
    u.total_final = sum_of(fin);
    u.total_final_rounded = u.total_final.round(r.decimals, r.round_mode);
  }

}

// 4. Ranking: by the rounded final total; equal totals share a rank.
void rank_units(AggregateResult& res) {
  for (size_t g = 0; g < res.rubrics.size(); ++g) {
    auto& rk = res.rubrics[g].ranking;
    for (size_t i = 0; i < res.units.size(); ++i)
      if (res.units[i].rubric == g) rk.push_back(i);
    std::sort(rk.begin(), rk.end(), [&](size_t a, size_t b) {
      const auto& ua = res.units[a];
      const auto& ub = res.units[b];
      if (ua.total_final_rounded != ub.total_final_rounded) return ua.total_final_rounded > ub.total_final_rounded;
      return ua.unit_code != ub.unit_code ? ua.unit_code < ub.unit_code : ua.unit_name < ub.unit_name;
    });
    for (size_t i = 0; i < rk.size(); ++i) {
      UnitResult& u = res.units[rk[i]];
      if (i > 0 && res.units[rk[i - 1]].total_final_rounded == u.total_final_rounded) {
        u.rank = res.units[rk[i - 1]].rank;
        u.tied = true;
        res.units[rk[i - 1]].tied = true;
      } else {
        u.rank = static_cast<int>(i) + 1;
      }
    }
  }

}

// Records by rubric, unit, time, file; units follow their records.
void order_records(AggregateResult& res) {
  std::vector<size_t> order(res.records.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const IntakeRecord& a = res.records[x];
    const IntakeRecord& b = res.records[y];
    if (a.rubric_id != b.rubric_id) return a.rubric_id < b.rubric_id;
    if (a.rubric_version != b.rubric_version) return a.rubric_version < b.rubric_version;
    if (a.unit_code != b.unit_code) return a.unit_code < b.unit_code;
    if (a.period_key != b.period_key) return a.period_key < b.period_key;
    if (a.created_at && b.created_at && *a.created_at != *b.created_at) return *a.created_at < *b.created_at;
    return a.file < b.file;
  });
  std::vector<size_t> position(order.size());
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  // In place, one cycle of the permutation at a time (a sorted copy of every record would be the
  // largest allocation of a national roll-up).
  std::vector<bool> placed(order.size(), false);
  for (size_t i = 0; i < order.size(); ++i) {
    if (placed[i]) continue;
    IntakeRecord first = std::move(res.records[i]);
    size_t at = i;
    for (;;) {
      placed[at] = true;
      size_t from = order[at];  // the record that belongs at `at`
      if (from == i) {
        res.records[at] = std::move(first);
        break;
      }
      res.records[at] = std::move(res.records[from]);
      at = from;
    }
  }
  for (auto& u : res.units) u.record = position[u.record];

}

void count(AggregateResult& res) {
  AggregateCounts& c = res.counts;
  for (const auto& rec : res.records) {
    ++c.files;
    if (rec.kind == FileKind::Submission) ++c.submissions;
    if (rec.kind == FileKind::Unknown) ++c.unknown;
    if (rec.unit_code.empty() && !rec.office_file) ++c.no_unit;
    switch (rec.status) {
      case IntakeStatus::Valid: ++c.valid; break;
      case IntakeStatus::Invalid: ++c.invalid; break;
      case IntakeStatus::Superseded: ++c.superseded; break;
      case IntakeStatus::Duplicate: ++c.duplicate; break;
    }
    if (rec.status == IntakeStatus::Valid) {
      c.late_signed += rec.late_signed().value_or(false);
      c.late_received += rec.late_received().value_or(false);
    }
  }
  c.files += static_cast<int>(res.appraisals.size());
  c.appraisals = static_cast<int>(res.appraisals.size());
  for (const auto& a : res.appraisals) {
    if (a.applied) ++c.appraisals_applied;
    else ++c.appraisals_rejected;
  }
  c.missing = static_cast<int>(res.missing.size());
  c.units = static_cast<int>(res.units.size());
}

}  // namespace

// 5. Missing units: in the trust list, with no counted submission.
void Aggregator::list_missing(AggregateResult& res) const {
  if (trust_) {
    // Views of the result's own codes, hashed: a national intake's 20,000 codes copied into two
    // ordered sets took a long frame in the browser.
    std::unordered_set<std::string_view> counted, tried;
    counted.reserve(res.units.size());
    tried.reserve(res.records.size());
    for (const auto& u : res.units) counted.insert(u.unit_code);
    for (const auto& rec : res.records) tried.insert(rec.unit_code);
    for (const auto& [code, name] : trust_->units)
      if (!counted.count(code)) res.missing.push_back({code, name, tried.count(code) > 0});
  }

}

// ---- finish(), step by step ----

namespace {
constexpr size_t kCopySlice = 256;   // records or units copied (or let go) in one step
constexpr size_t kUnitsSlice = 64;   // units whose columns are filled in one step
}  // namespace

AggregateFinishSteps::AggregateFinishSteps(const Aggregator& agg) : agg_(agg), stage_(Stage::CopyRecords), copy_at_(agg.current_.begin()) {
  res_.records.reserve(agg.records_.size());
}

AggregateFinishSteps::AggregateFinishSteps(const Aggregator& agg, std::vector<IntakeRecord> records, Aggregator::ByUnit by_unit)
    : agg_(agg), stage_(Stage::Copies), by_unit_(std::move(by_unit)) {
  res_.records = std::move(records);
}

bool AggregateFinishSteps::step(size_t count) {
  for (size_t i = 0; i < std::max<size_t>(count, 1) && stage_ != Stage::Done; ++i) one_step();
  return stage_ == Stage::Done;
}

void AggregateFinishSteps::one_step() {
  ++done_;
  switch (stage_) {
    case Stage::CopyRecords: {
      const auto& from = agg_.records_;
      size_t end = std::min(from.size(), at_ + kCopySlice);
      res_.records.insert(res_.records.end(), from.begin() + static_cast<std::ptrdiff_t>(at_), from.begin() + static_cast<std::ptrdiff_t>(end));
      at_ = end;
      if (at_ == from.size()) stage_ = Stage::CopyUnits;
      return;
    }
    case Stage::CopyUnits:
      for (size_t n = 0; n < kCopySlice && copy_at_ != agg_.current_.end(); ++n, ++copy_at_) by_unit_.emplace_hint(by_unit_.end(), *copy_at_);
      if (copy_at_ == agg_.current_.end()) stage_ = Stage::Copies;
      return;
    case Stage::Copies:
      res_.trust_checked = agg_.trust_.has_value();
      agg_.explain_copies(res_, by_unit_);
      stage_ = Stage::Groups;
      return;
    case Stage::Groups:
      groups_ = agg_.build_groups(res_, by_unit_, group_known_);
      scores_.reserve(by_unit_.size());
      unit_at_ = by_unit_.begin();
      stage_ = Stage::Units;
      return;
    case Stage::Units:
      for (size_t n = 0; n < kCopySlice && unit_at_ != by_unit_.end(); ++n, ++unit_at_)
        agg_.build_unit(res_, unit_at_->second, groups_, unit_by_hash_, scores_);
      if (unit_at_ == by_unit_.end()) stage_ = Stage::CrossUnit;
      return;
    case Stage::CrossUnit:
      if (!agg_.finalise_cross_unit(res_, scores_, group_known_, cross_at_, kCopySlice)) return;
      // What the cross-unit criteria read is no longer needed: let go (next stage) before the
      // records are reordered, which is when a national roll-up's memory peaks.
      scores_ = {};
      stage_ = Stage::LetGo;
      return;
    case Stage::LetGo: {
      auto end = by_unit_.begin();
      for (size_t n = 0; n < kCopySlice && end != by_unit_.end(); ++n) ++end;
      by_unit_.erase(by_unit_.begin(), end);
      if (by_unit_.empty()) stage_ = Stage::Appraisals;
      return;
    }
    case Stage::Appraisals:
      agg_.apply_appraisals(res_, unit_by_hash_);
      stage_ = Stage::Columns;
      at_ = 0;
      return;
    case Stage::Columns: {
      size_t end = std::min(res_.units.size(), at_ + kUnitsSlice);
      fill_columns(res_, at_, end);
      at_ = end;
      if (at_ == res_.units.size()) stage_ = Stage::Rank;
      return;
    }
    case Stage::Rank:
      rank_units(res_);
      stage_ = Stage::Missing;
      return;
    case Stage::Missing:
      agg_.list_missing(res_);
      stage_ = Stage::Order;
      return;
    case Stage::Order:
      order_records(res_);
      stage_ = Stage::Count;
      return;
    case Stage::Count:
      count(res_);
      stage_ = Stage::Done;
      return;
    case Stage::Done:
      return;
  }
}

}  // namespace cds
