#include "cds/office/parts.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/base/text.hpp"
#include "cds/model/report.hpp"

namespace cds {
namespace {

std::string jcs_of(const Json& j) { return jcs(j).value_or(std::string()); }

bool instant_text(const std::string& t) { return t.size() > 10 && t[10] == 'T' && parse_instant(t).has_value(); }

// Exactly these members (sorted as written), each problem named.
void check_members(const Json& obj, std::initializer_list<const char*> names, const std::string& code, const std::string& where,
                   Messages& out) {
  if (!obj.is_object()) {
    out.push_back(error(code + ".structure", "\"" + where + "\" phải là một đối tượng", "\"" + where + "\" must be an object", where));
    return;
  }
  std::set<std::string> want(names.begin(), names.end());
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!want.count(it.key()))
      out.push_back(error(code + ".members", "Trường lạ \"" + it.key() + "\" trong " + where, "Unexpected field \"" + it.key() + "\" in " + where,
                          where + "." + it.key()));
  for (const auto& n : want)
    if (!obj.contains(n))
      out.push_back(error(code + ".members", "Thiếu trường \"" + n + "\" trong " + where, "Missing field \"" + n + "\" in " + where, where + "." + n));
}

// A list of distinct non-empty strings.
std::vector<std::string> string_list(const Json* j, const std::string& code, const std::string& where, Messages& out) {
  std::vector<std::string> v;
  if (!j || !j->is_array()) {
    if (j) out.push_back(error(code + ".structure", "\"" + where + "\" phải là mảng", "\"" + where + "\" must be an array", where));
    return v;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < j->size(); ++i) {
    const Json& e = (*j)[i];
    std::string w = where + "[" + std::to_string(i) + "]";
    if (!e.is_string() || e.get<std::string>().empty()) {
      out.push_back(error(code + ".structure", "Phần tử phải là mã (chuỗi không rỗng)", "Each element must be an id (a non-empty string)", w));
      continue;
    }
    if (!seen.insert(e.get<std::string>()).second) {
      out.push_back(error(code + ".duplicate", "Mã \"" + e.get<std::string>() + "\" được kê hai lần", "Id \"" + e.get<std::string>() + "\" is listed twice", w));
      continue;
    }
    v.push_back(e.get<std::string>());
  }
  return v;
}

std::string short_hash(const std::string& h) { return h.substr(0, 12); }

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

// The key of a criterion input or a row, as decisions and conflicts name it.
std::string input_key(const std::string& crit, const std::string& input) { return crit + "/" + input; }
std::string row_key(const std::string& row) { return "gi:" + row; }

}  // namespace

const EnvelopeKind& packet_envelope() {
  static const EnvelopeKind k{kPacketFormat, "", {"office"}, "packet", "phiếu phân công", "work packet"};
  return k;
}

const EnvelopeKind& part_envelope() {
  static const EnvelopeKind k{kPartFormat, "", {"preparer", "head"}, "part", "phần số liệu", "part"};
  return k;
}

bool AgencyScope::covers_criterion(std::string_view id) const { return std::find(criteria.begin(), criteria.end(), id) != criteria.end(); }
bool AgencyScope::covers_general(std::string_view id) const {
  return std::find(general_info.begin(), general_info.end(), id) != general_info.end();
}

std::vector<AgencyScope> agency_scopes(const Rubric& r) {
  std::vector<AgencyScope> out;
  for (const auto& a : r.agencies) {
    AgencyScope s;
    s.id = a.id;
    s.name = a.name;
    for (const auto& c : r.criteria)
      if (std::find(c.assignment.agencies.begin(), c.assignment.agencies.end(), a.id) != c.assignment.agencies.end()) {
        s.criteria.push_back(c.id);
        s.inputs += c.inputs.size();
      }
    for (const auto& g : r.general_info)
      if (std::find(g.assignment.agencies.begin(), g.assignment.agencies.end(), a.id) != g.assignment.agencies.end()) {
        s.general_info.push_back(g.id);
        s.inputs += 1;
      }
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<AgencyScope> agency_scope(const Rubric& r, std::string_view agency_id) {
  for (auto& s : agency_scopes(r))
    if (s.id == agency_id) return s;
  return std::nullopt;
}

std::vector<std::string> office_rows(const Rubric& r) {
  std::vector<std::string> out;
  for (const auto& g : r.general_info)
    if (g.assignment.agencies.empty()) out.push_back(g.id);
  return out;
}

const Agency* agency_by_name(const Rubric& r, std::string_view text) {
  std::string t = to_nfc_lossy(trim(text));
  for (const auto& a : r.agencies) {
    if (a.name == t || a.id == t) return &a;
    for (const auto& al : a.aliases)
      if (al == t) return &a;
  }
  return nullptr;
}

std::string criterion_label(const Rubric& r, const Criterion& c) {
  int same = 0;
  for (const auto& x : r.criteria) same += x.code == c.code;
  return same > 1 || c.code.empty() ? c.id : c.code;
}

// ---- Assignment plans -------------------------------------------------------------------------

LoadedAssignment assignment_from_json(const Json& j, const std::string& where) {
  LoadedAssignment out;
  Messages& ms = out.messages;
  const std::string w = where.empty() ? std::string() : where + ".";
  if (!j.is_object() || str_or(j, "format") != kAssignmentFormat) {
    ms.push_back(error("assignment.format", "Không phải tệp phân công cds-assignment/1", "Not a cds-assignment/1 file", where));
    return out;
  }
  check_members(j, {"agencies", "criteria", "format", "general_info", "rubric"}, "assignment", where.empty() ? "assignment" : where, ms);
  AssignmentPlan a;
  if (const Json* r = field(j, "rubric"); r && r->is_object()) {
    check_members(*r, {"id", "sha256", "version"}, "assignment", w + "rubric", ms);
    a.rubric_id = str_or(*r, "id");
    a.rubric_version = str_or(*r, "version");
    a.rubric_sha256 = str_or(*r, "sha256");
  }
  std::set<std::string> ids;
  const Json* ag = field(j, "agencies");
  if (!ag || !ag->is_array() || ag->empty()) {
    ms.push_back(error("assignment.agencies", "Tệp phân công cần danh sách cơ quan (\"agencies\") không rỗng",
                       "The assignment needs a non-empty list of agencies (\"agencies\")", w + "agencies"));
  } else if (ag->size() > kMaxPlanAgencies) {
    ms.push_back(error("assignment.agencies", "Tệp phân công kê " + std::to_string(ag->size()) + " cơ quan, quá " + std::to_string(kMaxPlanAgencies),
                       "The assignment lists " + std::to_string(ag->size()) + " agencies, more than " + std::to_string(kMaxPlanAgencies), w + "agencies"));
  } else {
    for (size_t i = 0; i < ag->size(); ++i) {
      const Json& e = (*ag)[i];
      std::string ew = w + "agencies[" + std::to_string(i) + "]";
      Agency x;
      if (e.is_object()) {
        for (auto it = e.begin(); it != e.end(); ++it)
          if (it.key() != "id" && it.key() != "name" && it.key() != "aliases")
            ms.push_back(error("assignment.members", "Trường lạ \"" + it.key() + "\" trong " + ew, "Unexpected field \"" + it.key() + "\" in " + ew, ew));
        x.id = to_nfc_lossy(trim(str_or(e, "id")));
        x.name = to_nfc_lossy(trim(str_or(e, "name")));
        if (const Json* al = field(e, "aliases")) x.aliases = string_list(al, "assignment", ew + ".aliases", ms);
      }
      if (x.id.empty() || x.name.empty() || x.id.size() > 40 || x.name.size() > 300) {
        ms.push_back(error("assignment.agencies", "Mỗi cơ quan cần mã (đến 40 ký tự) và tên", "Each agency needs an id (up to 40 characters) and a name", ew));
        continue;
      }
      if (!ids.insert(x.id).second) {
        ms.push_back(error("assignment.duplicate", "Mã cơ quan \"" + x.id + "\" được kê hai lần", "Agency id \"" + x.id + "\" is listed twice", ew));
        continue;
      }
      a.agencies.push_back(std::move(x));
    }
  }
  auto leads = [&](const char* member, std::map<std::string, std::vector<std::string>>& to) {
    const Json* m = field(j, member);
    if (!m || !m->is_object()) {
      ms.push_back(error("assignment.structure", std::string("\"") + member + "\" phải là một đối tượng {mã: [mã cơ quan]}",
                         std::string("\"") + member + "\" must be an object {id: [agency ids]}", w + member));
      return;
    }
    for (auto it = m->begin(); it != m->end(); ++it) {
      auto list = string_list(&it.value(), "assignment", w + member + "." + it.key(), ms);
      for (const auto& id : list)
        if (!ids.count(id))
          ms.push_back(error("assignment.agency", "Cơ quan \"" + id + "\" chưa được khai báo trong \"agencies\"",
                             "Agency \"" + id + "\" is not declared in \"agencies\"", w + member + "." + it.key()));
      if (!list.empty()) to[it.key()] = std::move(list);
    }
  };
  leads("criteria", a.criteria);
  leads("general_info", a.rows);
  if (!has_errors(ms)) out.plan = std::move(a);
  return out;
}

LoadedAssignment load_assignment(std::string_view bytes) {
  auto pj = parse_json(bytes);
  if (!pj.doc) {
    LoadedAssignment out;
    out.messages = pj.messages;
    return out;
  }
  return assignment_from_json(*pj.doc);
}

Json assignment_to_json(const AssignmentPlan& a) {
  Json ag = Json::array();
  for (const auto& x : a.agencies) {
    Json e = {{"id", x.id}, {"name", x.name}};
    if (!x.aliases.empty()) e["aliases"] = x.aliases;
    ag.push_back(std::move(e));
  }
  Json crit = Json::object(), rows = Json::object();
  for (const auto& [k, v] : a.criteria) crit[k] = v;
  for (const auto& [k, v] : a.rows) rows[k] = v;
  return {{"agencies", ag},
          {"criteria", crit},
          {"format", kAssignmentFormat},
          {"general_info", rows},
          {"rubric", {{"id", a.rubric_id}, {"sha256", a.rubric_sha256}, {"version", a.rubric_version}}}};
}

std::optional<Rubric> with_assignment(const Rubric& r, std::string_view rubric_sha256, const AssignmentPlan& a, Messages* problems) {
  Messages ms;
  if (a.rubric_id != r.id || a.rubric_version != r.version || (!rubric_sha256.empty() && a.rubric_sha256 != rubric_sha256))
    ms.push_back(error("assignment.rubric", "Tệp phân công dành cho bộ tiêu chí " + a.rubric_id + " " + a.rubric_version + ", không phải " + r.id + " " + r.version +
                                                " (hoặc tệp tiêu chí đã khác)",
                       "The assignment is for rubric " + a.rubric_id + " " + a.rubric_version + ", not " + r.id + " " + r.version +
                           " (or the rubric file differs)",
                       "rubric"));
  if (!r.agencies.empty())
    ms.push_back(error("assignment.declared", "Bộ tiêu chí " + r.id + " đã có phân công của văn bản; không dùng tệp phân công riêng",
                       "Rubric " + r.id + " declares its own assignment; a separate one is not used", "agencies"));
  Rubric out = r;
  out.agencies = a.agencies;
  std::set<std::string> used;
  for (const auto& [id, list] : a.criteria) {
    Criterion* c = nullptr;
    for (auto& x : out.criteria)
      if (x.id == id) c = &x;
    if (!c) {
      ms.push_back(error("assignment.unknown", "Bộ tiêu chí không có chỉ số \"" + id + "\"", "The rubric has no criterion \"" + id + "\"", "criteria." + id));
      continue;
    }
    c->assignment.agencies = list;
    used.insert(list.begin(), list.end());
  }
  for (const auto& [id, list] : a.rows) {
    GeneralInfoField* g = nullptr;
    for (auto& x : out.general_info)
      if (x.id == id) g = &x;
    if (!g) {
      ms.push_back(error("assignment.unknown", "Bộ tiêu chí không có dòng thông tin \"" + id + "\"", "The rubric has no information row \"" + id + "\"",
                         "general_info." + id));
      continue;
    }
    g->assignment.agencies = list;
    used.insert(list.begin(), list.end());
  }
  for (const auto& x : a.agencies)
    if (!used.count(x.id))
      ms.push_back(warning("assignment.unused", "Cơ quan " + x.name + " không được giao chỉ số hay dòng nào", "Agency " + x.name + " is assigned nothing",
                           "agencies." + x.id));
  bool bad = has_errors(ms);
  if (problems)
    for (auto& m : ms) problems->push_back(std::move(m));
  if (bad) return std::nullopt;
  return out;
}

AssignmentPlan assignment_template(const Rubric& r, std::string_view rubric_sha256) {
  AssignmentPlan a;
  a.rubric_id = r.id;
  a.rubric_version = r.version;
  a.rubric_sha256 = std::string(rubric_sha256);
  a.agencies = {{"VP", "Văn phòng", {}}, {"BTG", "Ban Tuyên giáo", {}}};
  return a;
}

// ---- Packets ---------------------------------------------------------------------------------

std::optional<Json> make_packet(const Rubric& r, std::string_view rubric_sha256, const PacketSpec& spec, const KeyPair& office_key,
                                Messages* problems) {
  auto refuse = [&](Message m) -> std::optional<Json> {
    if (problems) problems->push_back(std::move(m));
    return std::nullopt;
  };
  auto scope = agency_scope(r, spec.agency);
  if (!scope)
    return refuse(error("packet.agency", "Bộ tiêu chí " + r.id + " không có cơ quan mã \"" + spec.agency + "\"",
                        "Rubric " + r.id + " declares no agency \"" + spec.agency + "\""));
  if (scope->criteria.empty() && scope->general_info.empty())
    return refuse(error("packet.empty", "Cơ quan " + scope->name + " không chủ trì chỉ số hay dòng thông tin nào",
                        "Agency " + scope->name + " leads no criterion or row"));
  if (spec.unit.code.empty()) return refuse(error("packet.unit", "Thiếu mã đơn vị tự đánh giá (tỉnh)", "The self-assessing unit's code is missing"));
  if (!instant_text(spec.deadline))
    return refuse(error("packet.deadline", "Hạn nộp \"" + spec.deadline + "\" không phải thời gian ISO 8601 có múi giờ (ví dụ 2026-11-23T17:00:00+07:00)",
                        "The deadline \"" + spec.deadline + "\" is not an ISO 8601 time with an offset (e.g. 2026-11-23T17:00:00+07:00)"));
  // A deadline not after the signing would make a packet no agency can use (open_packet refuses it).
  if (instant_text(spec.created) && *parse_instant(spec.deadline) <= *parse_instant(spec.created))
    return refuse(error("packet.deadline", "Hạn nộp " + spec.deadline + " đã qua (phiếu ký lúc " + spec.created + "): hãy chọn hạn nộp sau thời điểm này",
                        "The deadline " + spec.deadline + " has passed (the packet is signed at " + spec.created + "): choose a later deadline"));
  Json s = Json::object();
  s["agency"] = {{"id", scope->id}, {"name", scope->name}};
  s["app"] = {{"name", "cds"}, {"version", spec.app_version}};
  if (spec.assignment) s["assignment"] = assignment_to_json(*spec.assignment);
  s["created"] = spec.created;
  s["criteria"] = scope->criteria;
  s["deadline"] = spec.deadline;
  s["general_info"] = scope->general_info;
  s["office"] = {{"contact", spec.office_contact}, {"name", spec.office_name}};
  s["period"] = spec.period;
  s["rubric"] = {{"id", r.id}, {"sha256", std::string(rubric_sha256)}, {"version", r.version}};
  s["unit"] = {{"code", spec.unit.code}, {"name", spec.unit.name}, {"type", spec.unit.type}};
  return seal(packet_envelope(), s, office_key, problems);
}

std::string packet_file_name(const Json& packet) {
  const Json* s = field(packet, "signed");
  if (!s) return "packet.json";
  std::string unit = file_name_part(s->contains("unit") ? str_or((*s)["unit"], "code") : "");
  std::string ag = file_name_part(s->contains("agency") ? str_or((*s)["agency"], "id") : "");
  std::string rid = s->contains("rubric") ? file_name_part(str_or((*s)["rubric"], "id")) : "rubric";
  return unit + "_" + ag + "_" + rid + ".packet.json";
}

Packet open_packet(std::string_view bytes, const Rubric* rubric, std::string_view rubric_sha256) {
  Packet p;
  p.env = open_envelope(packet_envelope(), bytes);
  p.problems = p.env.problems;
  const Json* s = p.env.signed_part();
  if (!p.env.parsed || !s) return p;
  p.signed_hash = p.env.signed_hash;
  Messages& out = p.problems;
  if (s->contains("assignment"))
    check_members(*s, {"agency", "app", "assignment", "created", "criteria", "deadline", "general_info", "office", "period", "rubric", "unit"}, "packet",
                  "signed", out);
  else
    check_members(*s, {"agency", "app", "created", "criteria", "deadline", "general_info", "office", "period", "rubric", "unit"}, "packet", "signed",
                  out);
  if (const Json* as = field(*s, "assignment")) {
    auto la = assignment_from_json(*as, "signed.assignment");
    for (auto& m : la.messages) out.push_back(std::move(m));
    p.assignment = std::move(la.plan);
  }
  p.created = str_or(*s, "created");
  p.deadline = str_or(*s, "deadline");
  if (!instant_text(p.deadline))
    out.push_back(error("packet.deadline", "Hạn nộp \"" + p.deadline + "\" không phải thời gian ISO 8601 có múi giờ",
                        "The deadline \"" + p.deadline + "\" is not an ISO 8601 time with an offset", "signed.deadline"));
  else
    p.deadline_at = parse_instant(p.deadline);
  if (p.deadline_at && p.env.created_at && *p.deadline_at <= *p.env.created_at)
    out.push_back(error("packet.deadline", "Hạn nộp " + p.deadline + " không sau lúc phiếu được ký (" + p.created + ")",
                        "The deadline " + p.deadline + " is not after the packet was signed (" + p.created + ")", "signed.deadline"));
  p.period = str_or(*s, "period");
  if (const Json* a = field(*s, "agency"); a && a->is_object()) {
    check_members(*a, {"id", "name"}, "packet", "signed.agency", out);
    p.scope.id = str_or(*a, "id");
    p.scope.name = str_or(*a, "name");
  }
  if (p.scope.id.empty()) out.push_back(error("packet.agency", "Phiếu không ghi cơ quan được giao", "The packet names no agency", "signed.agency"));
  if (const Json* rr = field(*s, "rubric"); rr && rr->is_object()) {
    check_members(*rr, {"id", "sha256", "version"}, "packet", "signed.rubric", out);
    p.rubric_id = str_or(*rr, "id");
    p.rubric_version = str_or(*rr, "version");
    p.rubric_sha256 = str_or(*rr, "sha256");
  }
  if (const Json* u = field(*s, "unit"); u && u->is_object()) {
    check_members(*u, {"code", "name", "type"}, "packet", "signed.unit", out);
    p.unit = {str_or(*u, "name"), str_or(*u, "code"), str_or(*u, "type")};
  }
  if (p.unit.code.empty()) out.push_back(error("packet.unit", "Phiếu không ghi mã đơn vị tự đánh giá", "The packet names no unit code", "signed.unit"));
  if (const Json* o = field(*s, "office"); o && o->is_object()) {
    check_members(*o, {"contact", "name"}, "packet", "signed.office", out);
    p.office_name = str_or(*o, "name");
    p.office_contact = str_or(*o, "contact");
  }
  p.scope.criteria = string_list(field(*s, "criteria"), "packet", "signed.criteria", out);
  p.scope.general_info = string_list(field(*s, "general_info"), "packet", "signed.general_info", out);
  if (p.scope.criteria.empty() && p.scope.general_info.empty())
    out.push_back(error("packet.empty", "Phiếu không giao chỉ số hay dòng thông tin nào", "The packet assigns no criterion or row"));
  if (rubric) {
    if (rubric->id != p.rubric_id || rubric->version != p.rubric_version || (!rubric_sha256.empty() && rubric_sha256 != p.rubric_sha256))
      out.push_back(error("packet.rubric", "Phiếu dùng bộ tiêu chí " + p.rubric_id + " " + p.rubric_version + " khác với bộ đang mở (" + rubric->id + " " +
                                               rubric->version + ")",
                          "The packet names rubric " + p.rubric_id + " " + p.rubric_version + ", not the one open (" + rubric->id + " " +
                              rubric->version + ")",
                          "signed.rubric"));
    std::optional<Rubric> split;  // the packet's own assignment applied to the rubric
    if (p.assignment) {
      Messages why;
      split = with_assignment(*rubric, rubric_sha256.empty() ? p.rubric_sha256 : rubric_sha256, *p.assignment, &why);
      for (auto& m : why)
        if (m.severity == Severity::Error) {
          m.where = "signed.assignment" + (m.where.empty() ? std::string() : "." + m.where);
          out.push_back(std::move(m));
        }
    }
    auto want = agency_scope(split ? *split : *rubric, p.scope.id);
    if (!want) {
      out.push_back(error("packet.agency", "Bộ tiêu chí không có cơ quan mã \"" + p.scope.id + "\"", "The rubric declares no agency \"" + p.scope.id + "\"",
                          "signed.agency.id"));
    } else {
      if (want->name != p.scope.name)
        out.push_back(error("packet.agency", "Tên cơ quan trong phiếu (\"" + p.scope.name + "\") khác tên trong bộ tiêu chí (\"" + want->name + "\")",
                            "The agency's name in the packet (\"" + p.scope.name + "\") differs from the rubric's (\"" + want->name + "\")",
                            "signed.agency.name"));
      if (want->criteria != p.scope.criteria || want->general_info != p.scope.general_info)
        out.push_back(error("packet.scope",
                            "Danh sách chỉ số và dòng thông tin trong phiếu khác với phân công của bộ tiêu chí cho " + want->name + " (" +
                                join(want->criteria, ", ") + ")",
                            "The packet's criteria and rows differ from what the rubric assigns " + want->name + " (" + join(want->criteria, ", ") + ")",
                            "signed.criteria"));
      p.scope.inputs = want->inputs;
    }
  }
  return p;
}

// ---- Parts -----------------------------------------------------------------------------------

std::vector<std::string> outside_scope(const Packet& packet, const Answers& a) {
  std::vector<std::string> out;
  if (a.inputs.is_object())
    for (auto it = a.inputs.begin(); it != a.inputs.end(); ++it) {
      if (packet.scope.covers_criterion(it.key()) || !it.value().is_object()) continue;
      for (auto jt = it.value().begin(); jt != it.value().end(); ++jt)
        if (!jt.value().is_null()) out.push_back(input_key(it.key(), jt.key()));
    }
  if (a.general_info.is_object())
    for (auto it = a.general_info.begin(); it != a.general_info.end(); ++it)
      if (!it.value().is_null() && !packet.scope.covers_general(it.key())) out.push_back(row_key(it.key()));
  for (const auto& [c, n] : a.notes)
    if (!n.empty() && !packet.scope.covers_criterion(c)) out.push_back(c + "/notes");
  for (const auto& [c, e] : a.evidence)
    if (!e.empty() && !packet.scope.covers_criterion(c)) out.push_back(c + "/evidence");
  return out;
}

Json build_part_signed(const Packet& packet, const Answers& in, std::string_view created, std::string_view app_version, bool keep_outside) {
  Answers a;
  a.rubric_id = packet.rubric_id;
  a.rubric_version = packet.rubric_version;
  a.unit = packet.unit;
  a.period = packet.period;
  a.preparer = in.preparer;
  a.updated = std::string(created);
  if (in.inputs.is_object())
    for (auto it = in.inputs.begin(); it != in.inputs.end(); ++it) {
      if (!it.value().is_object() || (!keep_outside && !packet.scope.covers_criterion(it.key()))) continue;
      for (auto jt = it.value().begin(); jt != it.value().end(); ++jt)
        if (!jt.value().is_null()) a.inputs[it.key()][jt.key()] = jt.value();
    }
  if (in.general_info.is_object())
    for (auto it = in.general_info.begin(); it != in.general_info.end(); ++it)
      if (!it.value().is_null() && (keep_outside || packet.scope.covers_general(it.key()))) a.general_info[it.key()] = it.value();
  for (const auto& [c, n] : in.notes)
    if (!n.empty() && (keep_outside || packet.scope.covers_criterion(c))) a.notes[c] = n;
  for (const auto& [c, e] : in.evidence)
    if (!e.empty() && (keep_outside || packet.scope.covers_criterion(c))) a.evidence[c] = e;
  Json s = Json::object();
  s["agency"] = {{"id", packet.scope.id}, {"name", packet.scope.name}};
  s["answers"] = answers_to_json(a);
  s["app"] = {{"name", "cds"}, {"version", std::string(app_version)}};
  s["created"] = std::string(created);
  s["packet"] = {{"deadline", packet.deadline}, {"sha256", packet.signed_hash}};
  s["rubric"] = {{"id", packet.rubric_id}, {"sha256", packet.rubric_sha256}, {"version", packet.rubric_version}};
  return s;
}

std::optional<SignedPart> sign_part(const Packet& packet, const Answers& a, std::string_view created, std::string_view app_version,
                                    const KeyPair& key, Messages* problems) {
  Messages local;
  Messages& out = problems ? *problems : local;
  if (!packet.ok()) {
    out.push_back(error("part.packet", "Phiếu phân công không hợp lệ; không ký phần số liệu", "The work packet is not valid; the part is not signed"));
    return std::nullopt;
  }
  auto outside = outside_scope(packet, a);
  if (!outside.empty()) {
    for (const auto& o : outside)
      out.push_back(error("part.outside", "\"" + o + "\" không thuộc phần được giao cho " + packet.scope.name + "; hãy xóa giá trị này trước khi ký",
                          "\"" + o + "\" is not assigned to " + packet.scope.name + "; remove this value before signing", o));
    return std::nullopt;
  }
  Json s = build_part_signed(packet, a, created, app_version);
  auto doc = seal(part_envelope(), s, key, &out);
  if (!doc) return std::nullopt;
  SignedPart sp;
  sp.text = envelope_text(*doc);
  sp.signed_sha256 = sha256_hex(jcs_of((*doc)["signed"]));
  sp.file_name = part_file_name(*doc);
  for (const auto& [c, obj] : s["answers"]["inputs"].items()) sp.supplied += static_cast<int>(obj.size());
  sp.supplied += static_cast<int>(s["answers"]["general_info"].size());
  sp.doc = std::move(*doc);
  return sp;
}

std::string part_file_name(const Json& part) {
  const Json* s = field(part, "signed");
  if (!s) return "part.json";
  std::string unit = s->contains("answers") && (*s)["answers"].contains("unit") ? str_or((*s)["answers"]["unit"], "code") : "";
  std::string ag = s->contains("agency") ? str_or((*s)["agency"], "id") : "";
  return file_name_part(unit) + "_" + file_name_part(ag) + "_" + file_stamp(str_or(*s, "created")) + ".part.json";
}

Part open_part(std::string_view bytes) {
  Part p;
  p.env = open_envelope(part_envelope(), bytes);
  p.problems = p.env.problems;
  const Json* s = p.env.signed_part();
  if (!p.env.parsed || !s) return p;
  p.signed_hash = p.env.signed_hash;
  p.created = p.env.created;
  p.created_at = p.env.created_at;
  Messages& out = p.problems;
  check_members(*s, {"agency", "answers", "app", "created", "packet", "rubric"}, "part", "signed", out);
  if (const Json* a = field(*s, "agency"); a && a->is_object()) {
    check_members(*a, {"id", "name"}, "part", "signed.agency", out);
    p.agency_id = str_or(*a, "id");
    p.agency_name = str_or(*a, "name");
  }
  if (p.agency_id.empty()) out.push_back(error("part.agency", "Phần số liệu không ghi cơ quan", "The part names no agency", "signed.agency"));
  if (const Json* k = field(*s, "packet"); k && k->is_object()) {
    check_members(*k, {"deadline", "sha256"}, "part", "signed.packet", out);
    p.packet_sha256 = str_or(*k, "sha256");
    p.deadline = str_or(*k, "deadline");
    if (instant_text(p.deadline))
      p.deadline_at = parse_instant(p.deadline);
    else
      out.push_back(error("part.deadline", "Hạn nộp \"" + p.deadline + "\" trong phần số liệu không phải thời gian ISO 8601 có múi giờ",
                          "The deadline \"" + p.deadline + "\" in the part is not an ISO 8601 time with an offset", "signed.packet.deadline"));
  }
  if (const Json* rr = field(*s, "rubric"); rr && rr->is_object()) {
    check_members(*rr, {"id", "sha256", "version"}, "part", "signed.rubric", out);
    p.rubric_id = str_or(*rr, "id");
    p.rubric_version = str_or(*rr, "version");
    p.rubric_sha256 = str_or(*rr, "sha256");
  }
  if (const Json* a = field(*s, "answers")) {
    auto la = load_answers_json(*a);
    for (auto& m : la.messages) {
      m.where = "signed.answers" + (m.where.empty() ? std::string() : "." + m.where);
      out.push_back(m);
    }
    if (la.answers) {
      p.answers = std::move(la.answers);
      if (p.answers->rubric_id != p.rubric_id || p.answers->rubric_version != p.rubric_version)
        out.push_back(error("part.rubric", "Bài làm trong phần số liệu ghi bộ tiêu chí khác với phần ký", "The part's answers name another rubric than the part",
                            "signed.answers.rubric"));
    }
  }
  return p;
}

Messages check_part_scope(const Rubric& r, std::string_view rubric_sha256, const Part& p) {
  Messages out;
  if (p.rubric_id != r.id || p.rubric_version != r.version || p.rubric_sha256 != rubric_sha256) {
    out.push_back(error("part.rubric", "Phần số liệu dùng bộ tiêu chí " + p.rubric_id + " " + p.rubric_version + ", khác bộ đang tổng hợp (" + r.id + " " +
                                           r.version + ")",
                        "The part uses rubric " + p.rubric_id + " " + p.rubric_version + ", not the one being merged (" + r.id + " " + r.version + ")",
                        "signed.rubric"));
    return out;
  }
  auto scope = agency_scope(r, p.agency_id);
  if (!scope) {
    out.push_back(error("part.agency", "Bộ tiêu chí không có cơ quan mã \"" + p.agency_id + "\"", "The rubric declares no agency \"" + p.agency_id + "\"",
                        "signed.agency.id"));
    return out;
  }
  if (scope->name != p.agency_name)
    out.push_back(error("part.agency", "Tên cơ quan trong phần số liệu (\"" + p.agency_name + "\") khác tên trong bộ tiêu chí (\"" + scope->name + "\")",
                        "The agency's name in the part (\"" + p.agency_name + "\") differs from the rubric's (\"" + scope->name + "\")",
                        "signed.agency.name"));
  if (!p.answers) return out;
  const Answers& a = *p.answers;
  auto outside = [&](const std::string& what) {
    out.push_back(error("part.outside", "Phần của " + p.agency_name + " trả lời \"" + what + "\", không thuộc phần được giao cho cơ quan này",
                        "The part of " + p.agency_name + " answers \"" + what + "\", which is not assigned to that agency", what));
  };
  if (a.inputs.is_object())
    for (auto it = a.inputs.begin(); it != a.inputs.end(); ++it) {
      const Criterion* c = r.criterion(it.key());
      if (!it.value().is_object()) {
        out.push_back(error("part.structure", "Giá trị của chỉ số " + it.key() + " phải là một đối tượng", "Criterion " + it.key() + " must hold an object",
                            it.key()));
        continue;
      }
      for (auto jt = it.value().begin(); jt != it.value().end(); ++jt) {
        if (jt.value().is_null()) continue;
        if (!c || !scope->covers_criterion(it.key()))
          outside(input_key(it.key(), jt.key()));
        else if (!c->input(jt.key()))
          out.push_back(error("part.unknown", "Chỉ số " + c->code + " không có ô \"" + jt.key() + "\"", "Criterion " + c->code + " has no input \"" + jt.key() + "\"",
                              input_key(it.key(), jt.key())));
      }
    }
  if (a.general_info.is_object())
    for (auto it = a.general_info.begin(); it != a.general_info.end(); ++it)
      if (!it.value().is_null() && !scope->covers_general(it.key())) outside(row_key(it.key()));
  for (const auto& [c, n] : a.notes)
    if (!n.empty() && !scope->covers_criterion(c)) outside(c + "/notes");
  for (const auto& [c, e] : a.evidence)
    if (!e.empty() && !scope->covers_criterion(c)) outside(c + "/evidence");
  return out;
}

Messages check_part_trust(const TrustList& t, Part& p) {
  Messages out;
  for (size_t i = 0; i < p.env.signatures.size(); ++i) {
    auto& s = p.env.signatures[i];
    const TrustedKey* k = t.find_agency(s.public_key, p.agency_id);
    s.trusted = k != nullptr;
    s.trusted_unit = k ? k->unit_code : std::string();
    if (!k) {
      const TrustedKey* other = t.find_agency(s.public_key, {});
      out.push_back(error("trust.agency",
                          other ? "Khóa " + s.key_id + " được đăng ký cho cơ quan " + other->unit_code + ", không phải cho " + p.agency_name + " (" +
                                      p.agency_id + ")"
                                : "Khóa " + s.key_id + " chưa được đăng ký cho " + p.agency_name + " (" + p.agency_id + ") trong danh sách tin cậy",
                          other ? "Key " + s.key_id + " is registered for agency " + other->unit_code + ", not for " + p.agency_name + " (" + p.agency_id + ")"
                                : "Key " + s.key_id + " is not registered for " + p.agency_name + " (" + p.agency_id + ") in the trust list",
                          "signatures[" + std::to_string(i) + "]"));
    }
  }
  return out;
}

// ---- Merge -----------------------------------------------------------------------------------

namespace {

}  // namespace

MergeResult merge_parts(const Rubric& r, std::string_view rubric_sha256, const Answers& base, const std::vector<PartFile>& files,
                        const MergeOptions& o) {
  MergeResult m;
  // Open and check every part.
  for (size_t fi = 0; fi < files.size(); ++fi) {
    const PartFile& f = files[fi];
    MergedPart mp;
    mp.name = f.name;
    mp.index = fi;
    mp.part = open_part(f.bytes);
    Part& p = mp.part;
    if (p.env.parsed && p.answers) {
      for (auto& e : check_part_scope(r, rubric_sha256, p)) p.problems.push_back(e);
      if (o.trust) {
        for (auto& e : check_part_trust(*o.trust, p)) p.problems.push_back(e);
      } else {
        p.problems.push_back(error("merge.no_trust", "Chưa có danh sách tin cậy: không xác định được ai ký cho cơ quan nào",
                                   "No trust list: who signs for which agency cannot be checked"));
      }
      if (!base.unit.code.empty() && p.answers->unit.code != base.unit.code)
        p.problems.push_back(error("part.unit", "Phần số liệu của đơn vị " + p.answers->unit.code + ", không phải " + base.unit.code,
                                   "The part is for unit " + p.answers->unit.code + ", not " + base.unit.code, "signed.answers.unit"));
      if (!base.period.empty() && p.answers->period != base.period)
        p.problems.push_back(error("part.period", "Phần số liệu cho kỳ \"" + p.answers->period + "\", không phải \"" + base.period + "\"",
                                   "The part is for period \"" + p.answers->period + "\", not \"" + base.period + "\"", "signed.answers.period"));
      if (!o.packets.empty()) {
        const Packet* pk = nullptr;
        for (const auto& k : o.packets)
          if (k.signed_hash == p.packet_sha256) pk = &k;
        if (!pk)
          p.problems.push_back(error("part.packet", "Phần số liệu không trả lời phiếu phân công nào đã gửi", "The part answers none of the packets sent",
                                     "signed.packet.sha256"));
        else if (pk->scope.id != p.agency_id)
          p.problems.push_back(error("part.packet", "Phiếu phân công này gửi cho " + pk->scope.name + ", nhưng phần số liệu ghi " + p.agency_name,
                                     "This packet was sent to " + pk->scope.name + ", but the part names " + p.agency_name, "signed.agency"));
        else if (pk->deadline != p.deadline)
          p.problems.push_back(error("part.deadline", "Hạn nộp trong phần số liệu khác hạn trong phiếu phân công", "The part's deadline differs from the packet's",
                                     "signed.packet.deadline"));
        else if (pk->env.created_at && p.created_at && *p.created_at < *pk->env.created_at)
          p.problems.push_back(error("part.time",
                                     "Phần số liệu ghi ký lúc " + p.created + ", trước khi phiếu phân công được tạo (" + pk->created +
                                         "): đồng hồ máy của cơ quan sai hoặc tệp bị sửa; hãy chỉnh đồng hồ và ký lại",
                                     "The part says it was signed at " + p.created + ", before the packet was made (" + pk->created +
                                         "): the agency's clock is wrong or the file was edited; set the clock and sign again",
                                     "signed.created"));
      }
    }
    mp.state = p.ok() ? MergedPart::State::Accepted : MergedPart::State::Refused;
    mp.late = mp.state == MergedPart::State::Accepted && p.created_at && p.deadline_at && *p.created_at > *p.deadline_at;
    m.parts.push_back(std::move(mp));
  }
  // A fixed order whatever order the files came in.
  // Of two copies of one part, the part dossier (with its evidence) comes first and is the one kept.
  std::sort(m.parts.begin(), m.parts.end(), [&files](const MergedPart& a, const MergedPart& b) {
    auto ka = std::make_tuple(a.part.agency_id, a.part.created_at.value_or(0), a.part.signed_hash, !files[a.index].dossier, a.name);
    auto kb = std::make_tuple(b.part.agency_id, b.part.created_at.value_or(0), b.part.signed_hash, !files[b.index].dossier, b.name);
    return ka < kb;
  });
  // Copies of one part, and earlier parts of an agency that sent again.
  std::set<std::string> seen;
  for (auto& mp : m.parts) {
    if (mp.state != MergedPart::State::Accepted) continue;
    if (!seen.insert(mp.part.signed_hash).second) mp.state = MergedPart::State::Duplicate;
  }
  std::map<std::string, MergedPart*> latest;
  for (auto& mp : m.parts)
    if (mp.state == MergedPart::State::Accepted) {
      auto& slot = latest[mp.part.agency_id];
      if (slot) slot->state = MergedPart::State::Superseded;
      slot = &mp;
    }
  for (auto& mp : m.parts) {
    switch (mp.state) {
      case MergedPart::State::Accepted: {
        ++m.accepted;
        mp.dossier_name = std::string(kDossierPartsFolder) + file_name_part(mp.part.agency_id) + "_" + short_hash(mp.part.signed_hash) + ".json";
        if (evidence_refs(*mp.part.answers).empty()) break;
        const PartFile& f = files[mp.index];
        EvidenceTally t = check_evidence(*mp.part.answers, f.evidence).tally();
        if (!t.complete()) {
          std::string n = std::to_string(t.missing + t.changed);
          m.problems.push_back(f.dossier ? warning("part.evidence",
                                                   "Hồ sơ phần số liệu của " + mp.part.agency_name + " thiếu hoặc có tệp kiểm chứng bị thay (" + t.summary(Lang::Vi) +
                                                       "): số liệu vẫn được nhận; cần đủ tệp trước khi đóng hồ sơ của tỉnh",
                                                   "The part dossier of " + mp.part.agency_name + " lacks evidence files or holds changed ones (" +
                                                       t.summary(Lang::En) + "): the values still count; the files are needed before the province's dossier is made",
                                                   mp.name)
                                         : warning("part.evidence",
                                                   "Phần số liệu của " + mp.part.agency_name + " kê " + n +
                                                       " tệp kiểm chứng nhưng gửi tệp .json không kèm tệp: đề nghị cơ quan gửi hồ sơ phần số liệu .zip (hoặc gửi các tệp riêng)",
                                                   "The part of " + mp.part.agency_name + " lists " + n +
                                                       " evidence files but came as a .json without them: ask the agency for its part dossier .zip (or the files)",
                                                   mp.name));
        }
        mp.evidence = std::move(t);
        break;
      }
      case MergedPart::State::Refused: {
        ++m.refused;
        const Message* e = first_error(mp.part.problems);
        std::string who = mp.part.agency_name.empty() ? mp.name : mp.part.agency_name + " (" + mp.name + ")";
        m.problems.push_back(error("merge.refused", "Không nhận phần số liệu " + who + ": " + (e ? e->vi : ""),
                                   "Part " + who + " refused: " + (e ? e->en : ""), mp.name));
        break;
      }
      case MergedPart::State::Superseded:
        m.problems.push_back(info("merge.superseded", "Phần của " + mp.part.agency_name + " ký lúc " + mp.part.created + " được thay bằng phần gửi sau",
                                  "The part of " + mp.part.agency_name + " signed at " + mp.part.created + " is replaced by a later one", mp.name));
        break;
      case MergedPart::State::Duplicate:
        m.problems.push_back(info("merge.duplicate", "Tệp " + mp.name + " là bản sao của một phần đã có", "File " + mp.name + " is a copy of a part already read",
                                  mp.name));
        break;
    }
  }
  std::vector<const MergedPart*> winners;  // by agency id
  for (const auto& mp : m.parts)
    if (mp.state == MergedPart::State::Accepted) winners.push_back(&mp);

  // The office's own part: identity and the rows no agency leads.
  Answers& a = m.answers;
  a.rubric_id = r.id;
  a.rubric_version = r.version;
  a.unit = base.unit;
  a.period = base.period;
  a.preparer = base.preparer;
  a.updated = base.updated;
  a.extra = base.extra;
  a.extra.erase("provenance");
  std::set<std::string> assigned_crit;
  for (const auto& c : r.criteria)
    if (!c.assignment.agencies.empty()) assigned_crit.insert(c.id);
  bool base_assigned = false;
  if (base.general_info.is_object())
    for (auto it = base.general_info.begin(); it != base.general_info.end(); ++it) {
      const GeneralInfoField* g = r.general(it.key());
      if (g && !g->assignment.agencies.empty()) {
        base_assigned |= !it.value().is_null();
        continue;
      }
      a.general_info[it.key()] = it.value();
    }
  if (base.inputs.is_object())
    for (auto it = base.inputs.begin(); it != base.inputs.end(); ++it) {
      if (assigned_crit.count(it.key())) {
        if (it.value().is_object())
          for (const auto& v : it.value()) base_assigned |= !v.is_null();
        continue;
      }
      a.inputs[it.key()] = it.value();
    }
  for (const auto& [c, n] : base.notes)
    if (!assigned_crit.count(c)) a.notes[c] = n;
  for (const auto& [c, e] : base.evidence)
    if (!assigned_crit.count(c)) a.evidence[c] = e;
  if (base_assigned)
    m.problems.push_back(warning("merge.base_assigned", "Bài làm của văn phòng có giá trị cho mục đã giao cơ quan khác; chỉ lấy giá trị từ phần đã ký của cơ quan đó",
                                 "The office's answers hold values for items assigned to agencies; only the agencies' signed parts are used"));

  Json prov_inputs = Json::object(), prov_rows = Json::object(), decisions = Json::array();
  std::map<const MergedPart*, int> supplied;
  std::set<std::string> used_decisions;
  // One value from the candidates, or a conflict.
  auto pick = [&](const std::string& key, const std::string& crit, const std::string& input, const std::string& row,
                  const std::vector<std::pair<const MergedPart*, const Json*>>& cands) -> std::optional<std::pair<const MergedPart*, Json>> {
    if (cands.empty()) return std::nullopt;
    std::set<std::string> distinct;
    for (const auto& c : cands) distinct.insert(jcs_of(*c.second));
    if (distinct.size() == 1) return std::make_pair(cands[0].first, *cands[0].second);
    MergeConflict mc;
    mc.key = key;
    mc.criterion = crit;
    mc.input = input;
    mc.row = row;
    for (const auto& c : cands)
      mc.options.push_back({c.first->part.signed_hash, c.first->part.agency_id, c.first->part.agency_name, c.first->name, *c.second});
    const MergedPart* chosen = nullptr;
    if (auto d = o.decisions.find(key); d != o.decisions.end()) {
      used_decisions.insert(key);
      const std::string& want = d->second;
      for (const auto& c : cands)
        if (c.first->part.agency_id == want || (want.size() >= 8 && c.first->part.signed_hash.compare(0, want.size(), want) == 0)) chosen = c.first;
      if (!chosen)
        m.problems.push_back(error("merge.decision_unknown", "Quyết định cho \"" + key + "\" chọn \"" + want + "\", không phải một trong các phần đang xung đột",
                                   "The decision for \"" + key + "\" names \"" + want + "\", which is not one of the conflicting parts", key));
    }
    std::string names;
    for (const auto& c : cands) names += (names.empty() ? "" : ", ") + c.first->part.agency_name;
    if (!chosen) {
      ++m.unresolved;
      m.problems.push_back(error("merge.conflict", "\"" + key + "\": các cơ quan trả lời khác nhau (" + names + "); cần quyết định chọn phần nào",
                                 "\"" + key + "\": the agencies answer differently (" + names + "); a decision is needed", key));
      m.conflicts.push_back(std::move(mc));
      return std::nullopt;
    }
    mc.chosen = chosen->part.signed_hash;
    Json others = Json::array();
    const Json* value = nullptr;
    for (const auto& c : cands) {
      if (c.first == chosen)
        value = c.second;
      else
        others.push_back(c.first->part.signed_hash);
    }
    decisions.push_back({{"at", key}, {"chosen", chosen->part.signed_hash}, {"over", others}});
    m.conflicts.push_back(std::move(mc));
    return std::make_pair(chosen, *value);
  };
  for (const auto& c : r.criteria) {
    if (c.assignment.agencies.empty()) continue;
    std::vector<const MergedPart*> covering;
    for (const auto* w : winners)
      if (std::find(c.assignment.agencies.begin(), c.assignment.agencies.end(), w->part.agency_id) != c.assignment.agencies.end())
        covering.push_back(w);
    for (const auto& in : c.inputs) {
      std::vector<std::pair<const MergedPart*, const Json*>> cands;
      for (const auto* w : covering)
        if (const Json* v = w->part.answers->value(c.id, in.id)) cands.push_back({w, v});
      if (auto got = pick(input_key(c.id, in.id), c.id, in.id, "", cands)) {
        a.set_value(c.id, in.id, got->second);
        prov_inputs[c.id][in.id] = got->first->part.signed_hash;
        supplied[got->first]++;
      }
    }
    std::vector<std::string> notes;
    for (const auto* w : covering) {
      auto it = w->part.answers->notes.find(c.id);
      if (it != w->part.answers->notes.end() && !it->second.empty())
        notes.push_back(covering.size() > 1 ? w->part.agency_name + ": " + it->second : it->second);
      auto ev = w->part.answers->evidence.find(c.id);
      if (ev != w->part.answers->evidence.end())
        for (const auto& e : ev->second) {
          auto& list = a.evidence[c.id];
          bool dup = std::any_of(list.begin(), list.end(), [&](const EvidenceItem& x) {
            return x.kind == e.kind && x.sha256 == e.sha256 && x.name == e.name && x.number == e.number && x.title == e.title && x.link == e.link;
          });
          if (!dup) list.push_back(e);
        }
    }
    if (!notes.empty()) a.notes[c.id] = join(notes, "\n");
  }
  for (const auto& g : r.general_info) {
    if (g.assignment.agencies.empty()) continue;
    std::vector<std::pair<const MergedPart*, const Json*>> cands;
    for (const auto* w : winners) {
      if (std::find(g.assignment.agencies.begin(), g.assignment.agencies.end(), w->part.agency_id) == g.assignment.agencies.end()) continue;
      const Json& gi = w->part.answers->general_info;
      if (gi.is_object())
        if (auto it = gi.find(g.id); it != gi.end() && !it->is_null()) cands.push_back({w, &*it});
    }
    if (auto got = pick(row_key(g.id), "", "", g.id, cands)) {
      a.general_info[g.id] = got->second;
      prov_rows[g.id] = got->first->part.signed_hash;
      supplied[got->first]++;
    }
  }
  for (const auto& [k, v] : o.decisions)
    if (!used_decisions.count(k))
      m.problems.push_back(warning("merge.decision_unused", "Quyết định cho \"" + k + "\" không dùng đến: không có xung đột ở đó",
                                   "The decision for \"" + k + "\" was not needed: there is no conflict there", k));
  Json prov_parts = Json::array();
  for (auto& mp : m.parts) {
    if (mp.state != MergedPart::State::Accepted) continue;
    mp.supplied = supplied[&mp];
    prov_parts.push_back({{"agency", {{"id", mp.part.agency_id}, {"name", mp.part.agency_name}}},
                          {"created", mp.part.created},
                          {"file", mp.dossier_name},
                          {"key_id", mp.part.key_id()},
                          {"sha256", mp.part.signed_hash}});
  }
  a.extra["provenance"] = {{"decisions", decisions}, {"format", kProvenanceFormat}, {"general_info", prov_rows}, {"inputs", prov_inputs}, {"parts", prov_parts}};
  if (o.assignment) a.extra["provenance"]["assignment"] = assignment_to_json(*o.assignment);
  return m;
}

std::vector<DossierFile> merged_part_files(const MergeResult& m, const std::vector<PartFile>& parts) {
  std::vector<DossierFile> out;
  for (const auto& mp : m.parts)
    if (mp.state == MergedPart::State::Accepted && mp.index < parts.size()) out.push_back({mp.dossier_name, parts[mp.index].bytes});
  return out;
}

std::vector<DossierFile> merged_evidence_files(const MergeResult& m, const std::vector<PartFile>& parts) {
  // The files the accepted parts' dossiers hold as signed, by SHA-256 ...
  std::map<std::string, const std::string*> by_sha;
  for (const auto& mp : m.parts) {
    if (mp.state != MergedPart::State::Accepted || mp.index >= parts.size() || !mp.part.answers) continue;
    std::set<std::string> named;
    for (const auto& r : evidence_refs(*mp.part.answers)) named.insert(r.sha256);
    for (const auto& f : parts[mp.index].evidence) {
      if (is_dossier_part(f.name)) continue;
      std::string sha = sha256_hex(f.bytes);
      if (named.count(sha)) by_sha.emplace(sha, &f.bytes);
    }
  }
  // ... laid out as the province's dossier lays out the merged answers' evidence (two agencies'
  // files of one name in one criterion become "x.pdf" and "x (2).pdf").
  std::vector<DossierFile> out;
  for (const auto& r : evidence_refs(m.answers))
    if (auto it = by_sha.find(r.sha256); it != by_sha.end()) out.push_back({r.path, *it->second});
  return out;
}

// ---- The chain --------------------------------------------------------------------------------

std::string ProvenanceCheck::summary(Lang lang) const {
  if (!present) return T(lang, "Không có phần số liệu của cơ quan nào (bài làm điền trực tiếp)", "No agency parts (answers filled directly)");
  auto count = [&](Severity s) { return count_if(problems.begin(), problems.end(), [&](const Message& m) { return m.severity == s; }); };
  const auto errors = count(Severity::Error), unsourced = count_if(problems.begin(), problems.end(), [](const Message& m) {
    return m.code == "provenance.unsourced";
  });
  std::string n = std::to_string(parts), k = std::to_string(inputs);
  std::string out;
  if (errors == 0)
    out = lang == Lang::Vi ? n + " phần số liệu có chữ ký của các cơ quan khớp với " + k + " số liệu của bài nộp"
                           : n + (parts == 1 ? " signed agency part matches " : " signed agency parts match ") + k +
                                 (inputs == 1 ? " value of the submission" : " values of the submission");
  else
    out = lang == Lang::Vi ? "Chuỗi phần số liệu của các cơ quan KHÔNG khớp (" + std::to_string(errors) + " lỗi)"
                           : "The chain of agency parts does NOT hold (" + std::to_string(errors) + (errors == 1 ? " error)" : " errors)");
  // Values of an agency's items that name no part: the office typed them itself.
  if (unsourced > 0)
    out += lang == Lang::Vi ? "; " + std::to_string(unsourced) + " số liệu do cơ quan phụ trách cung cấp nhưng không ghi phần nào (văn phòng tự nhập)"
                            : "; " + std::to_string(unsourced) + (unsourced == 1 ? " value an agency leads names no part" : " values agencies lead name no part") +
                                  " (typed by the office)";
  return out;
}

std::vector<std::string> ProvenanceCheck::reasons(Lang lang, size_t max, size_t* total) const {
  std::vector<std::string> out;
  size_t n = 0;
  for (const auto& m : problems)
    if (m.severity == Severity::Error && n++ < max) out.push_back(m.text(lang));
  if (total) *total = n;
  return out;
}

std::optional<ProvenanceCheck> dossier_chain(std::string_view submission, const std::vector<DossierFile>& files, const RubricLookup& lookup,
                                             const TrustList* trust) {
  auto a = signed_answers(submission);
  if (!a || !a->extra.contains("provenance") || !lookup) return std::nullopt;
  auto ref = lookup(a->rubric_id, a->rubric_version);
  if (!ref || !ref->rubric) return std::nullopt;
  return verify_provenance(*ref->rubric, ref->sha256, *a, files, trust);
}

ProvenanceCheck verify_provenance(const Rubric& rubric, std::string_view rubric_sha256, const Answers& merged, const std::vector<DossierFile>& files,
                                  const TrustList* trust) {
  ProvenanceCheck pc;
  auto it = merged.extra.find("provenance");
  if (it == merged.extra.end()) return pc;
  pc.present = true;
  const Json& pv = *it;
  auto& out = pc.problems;
  if (!pv.is_object() || str_or(pv, "format") != kProvenanceFormat) {
    out.push_back(error("provenance.format", "Phần nguồn gốc số liệu (\"provenance\") không đúng định dạng cds-provenance/1",
                        "The \"provenance\" is not a cds-provenance/1 record", "answers.provenance"));
    return pc;
  }
  // The split the merge used when the rubric declares none: recorded here, applied again.
  std::optional<Rubric> split;
  if (const Json* as = field(pv, "assignment")) {
    check_members(pv, {"assignment", "decisions", "format", "general_info", "inputs", "parts"}, "provenance", "answers.provenance", out);
    auto la = assignment_from_json(*as, "answers.provenance.assignment");
    for (auto& m : la.messages) out.push_back(std::move(m));
    Messages why;
    if (la.plan) split = with_assignment(rubric, rubric_sha256, *la.plan, &why);
    for (auto& m : why)
      if (m.severity == Severity::Error) out.push_back(std::move(m));
    if (!split) return pc;
  } else {
    check_members(pv, {"decisions", "format", "general_info", "inputs", "parts"}, "provenance", "answers.provenance", out);
  }
  const Rubric& r = split ? *split : rubric;
  // Every parts/ file, opened once, by signed hash; and which file names are there.
  std::map<std::string, Part> by_hash;
  std::set<std::string> names;
  for (const auto& f : files) {
    if (!is_dossier_part(f.name)) continue;
    names.insert(f.name);
    Part p = open_part(f.bytes);
    if (!p.signed_hash.empty()) by_hash.emplace(p.signed_hash, std::move(p));
  }
  std::map<std::string, const Part*> named;
  std::set<std::string> listed;
  const Json* parts = field(pv, "parts");
  if (parts && parts->is_array())
    for (size_t i = 0; i < parts->size(); ++i) {
      const Json& e = (*parts)[i];
      std::string w = "answers.provenance.parts[" + std::to_string(i) + "]";
      std::string sha = e.is_object() ? str_or(e, "sha256") : "";
      std::string file = e.is_object() ? str_or(e, "file") : "";
      if (!listed.insert(sha).second) {
        out.push_back(error("provenance.duplicate", "Phần số liệu " + short_hash(sha) + " (" + file + ") được kê hai lần trong nguồn gốc số liệu",
                            "The part " + short_hash(sha) + " (" + file + ") is listed twice in the provenance", w));
        continue;
      }
      auto f = by_hash.find(sha);
      if (f == by_hash.end()) {
        // A file of that name is there but is not that signed part: changed, or not a part at all.
        if (!file.empty() && names.count(file))
          out.push_back(error("provenance.changed", "Tệp " + file + " có trong hồ sơ nhưng không phải phần số liệu có chữ ký " + short_hash(sha) + " (đã bị sửa hoặc thay)",
                              "The file " + file + " is in the dossier but is not the signed part " + short_hash(sha) + " (edited or replaced)", w));
        else
          out.push_back(error("provenance.missing", "Thiếu phần số liệu có chữ ký " + short_hash(sha) + " (" + file + ") trong hồ sơ",
                              "The signed part " + short_hash(sha) + " (" + file + ") is not in the dossier", w));
        continue;
      }
      Part& p = f->second;
      std::string who = p.agency_name.empty() ? short_hash(sha) : p.agency_name;
      Messages ms = p.problems;
      if (p.env.parsed && p.answers) {
        for (auto& m : check_part_scope(r, rubric_sha256, p)) ms.push_back(m);
        if (trust)
          for (auto& m : check_part_trust(*trust, p)) ms.push_back(m);
      }
      if (e.contains("agency") && e["agency"].is_object() && str_or(e["agency"], "id") != p.agency_id)
        ms.push_back(error("provenance.agency", "Bài nộp ghi phần này của " + str_or(e["agency"], "id") + ", nhưng phần ký ghi " + p.agency_id,
                           "The submission says this part is " + str_or(e["agency"], "id") + "'s, but the signed part says " + p.agency_id));
      if (p.answers && p.answers->unit.code != merged.unit.code)
        ms.push_back(error("part.unit", "Phần số liệu của đơn vị " + p.answers->unit.code + ", không phải " + merged.unit.code,
                           "The part is for unit " + p.answers->unit.code + ", not " + merged.unit.code));
      // The merge refuses a part for another period (part.period); the chain holds it to the same.
      if (p.answers && !merged.period.empty() && p.answers->period != merged.period)
        ms.push_back(error("part.period", "Phần số liệu cho kỳ \"" + p.answers->period + "\", không phải \"" + merged.period + "\"",
                           "The part is for period \"" + p.answers->period + "\", not \"" + merged.period + "\""));
      if (e.contains("key_id") && e["key_id"].is_string() && e["key_id"].get<std::string>() != p.key_id())
        ms.push_back(error("provenance.key", "Bài nộp ghi phần này do khóa " + e["key_id"].get<std::string>() + " ký, nhưng phần ký bằng khóa " + p.key_id(),
                           "The submission says this part was signed by key " + e["key_id"].get<std::string>() + ", but it was signed by " + p.key_id()));
      for (const auto& m : ms)
        if (m.severity == Severity::Error)
          out.push_back(error(m.code, who + ": " + m.vi, who + ": " + m.en, w));
      if (!has_errors(ms)) named[sha] = &p;
      ++pc.parts;
    }
  std::map<std::string, std::string> source_of;  // input or row key → the part said to supply it
  auto check_value = [&](const std::string& key, const std::string& sha, const Json* merged_value, auto get) {
    source_of[key] = sha;
    auto n = named.find(sha);
    if (n == named.end()) {
      // A listed part that is missing from the dossier or refused is reported once, above; a value
      // is only flagged here when it names a part the list does not hold.
      if (!std::any_of(parts->begin(), parts->end(), [&](const Json& e) { return e.is_object() && str_or(e, "sha256") == sha; }))
        out.push_back(error("provenance.unlisted", "\"" + key + "\" ghi nguồn là một phần số liệu không có trong danh sách",
                            "\"" + key + "\" names a source part that is not listed", key));
      return;
    }
    const Json* v = get(*n->second);
    if (!v || !merged_value || jcs_of(*v) != jcs_of(*merged_value))
      out.push_back(error("provenance.value", "\"" + key + "\": giá trị trong bài nộp khác giá trị trong phần ký của " + n->second->agency_name,
                          "\"" + key + "\": the submission's value differs from the signed part of " + n->second->agency_name, key));
    else
      ++pc.inputs;
  };
  if (const Json* ins = field(pv, "inputs"); ins && ins->is_object() && parts && parts->is_array())
    for (auto ct = ins->begin(); ct != ins->end(); ++ct) {
      if (!ct.value().is_object()) continue;
      for (auto jt = ct.value().begin(); jt != ct.value().end(); ++jt) {
        std::string crit = ct.key(), input = jt.key();
        check_value(input_key(crit, input), jt.value().is_string() ? jt.value().get<std::string>() : "", merged.value(crit, input),
                    [&](const Part& p) { return p.answers->value(crit, input); });
      }
    }
  if (const Json* rows = field(pv, "general_info"); rows && rows->is_object() && parts && parts->is_array())
    for (auto rt = rows->begin(); rt != rows->end(); ++rt) {
      std::string row = rt.key();
      const Json* mv = nullptr;
      if (merged.general_info.is_object())
        if (auto f = merged.general_info.find(row); f != merged.general_info.end() && !f->is_null()) mv = &*f;
      check_value(row_key(row), rt.value().is_string() ? rt.value().get<std::string>() : "", mv, [&](const Part& p) -> const Json* {
        const Json& gi = p.answers->general_info;
        if (!gi.is_object()) return nullptr;
        auto f = gi.find(row);
        return f == gi.end() || f->is_null() ? nullptr : &*f;
      });
    }
  // A conflict's decision names the part whose value was taken: that must be the part the value is
  // said to come from.
  if (const Json* ds = field(pv, "decisions"); ds && ds->is_array())
    for (size_t i = 0; i < ds->size(); ++i) {
      const Json& d = (*ds)[i];
      if (!d.is_object()) continue;
      std::string at = str_or(d, "at"), chosen = str_or(d, "chosen");
      auto src = source_of.find(at);
      if (src == source_of.end() || src->second != chosen)
        out.push_back(error("provenance.decision", "Quyết định cho \"" + at + "\" chọn phần " + short_hash(chosen) + " nhưng giá trị ghi nguồn là phần khác",
                            "The decision for \"" + at + "\" chose part " + short_hash(chosen) + " but the value names another source",
                            "answers.provenance.decisions[" + std::to_string(i) + "]"));
    }
  // A value of an assigned item with no source: typed by the office itself (criteria and rows).
  const Json* ins = field(pv, "inputs");
  for (const auto& c : r.criteria) {
    if (c.assignment.agencies.empty()) continue;
    for (const auto& in : c.inputs)
      if (merged.value(c.id, in.id) && !(ins && ins->is_object() && ins->contains(c.id) && (*ins)[c.id].is_object() && (*ins)[c.id].contains(in.id)))
        out.push_back(warning("provenance.unsourced", "\"" + input_key(c.id, in.id) + "\" có giá trị nhưng không ghi phần số liệu nào cung cấp",
                              "\"" + input_key(c.id, in.id) + "\" has a value but names no part that supplied it", input_key(c.id, in.id)));
  }
  const Json* grows = field(pv, "general_info");
  if (merged.general_info.is_object())
    for (const auto& g : r.general_info) {
      if (g.assignment.agencies.empty()) continue;
      auto v = merged.general_info.find(g.id);
      if (v == merged.general_info.end() || v->is_null()) continue;
      if (grows && grows->is_object() && grows->contains(g.id)) continue;
      out.push_back(warning("provenance.unsourced", "\"" + row_key(g.id) + "\" có giá trị nhưng không ghi phần số liệu nào cung cấp",
                            "\"" + row_key(g.id) + "\" has a value but names no part that supplied it", row_key(g.id)));
    }
  return pc;
}

// ---- Progress ---------------------------------------------------------------------------------

ProgressBoard progress_board(const Rubric& r, const std::vector<Packet>& packets, const MergeResult& merged, std::string_view now) {
  ProgressBoard b;
  b.unit_name = merged.answers.unit.name;
  b.rubric_title = r.title;
  b.now = std::string(now);
  auto now_at = parse_instant(now);
  for (const auto& k : packets)
    if (b.office_name.empty()) {
      b.office_name = k.office_name;
      b.office_contact = k.office_contact;
      if (b.unit_name.empty()) b.unit_name = k.unit.name;
    }
  const Answers& a = merged.answers;
  auto has_row = [&](const std::string& id) {
    if (!a.general_info.is_object()) return false;
    auto f = a.general_info.find(id);
    return f != a.general_info.end() && !f->is_null();
  };
  for (const auto& s : agency_scopes(r)) {
    if (s.criteria.empty() && s.general_info.empty()) continue;
    ProgressRow row;
    row.agency_id = s.id;
    row.agency_name = s.name;
    row.criteria = static_cast<int>(s.criteria.size());
    row.rows = static_cast<int>(s.general_info.size());
    row.inputs = static_cast<int>(s.inputs);
    std::optional<long long> deadline_at;
    for (const auto& k : packets)
      if (k.scope.id == s.id) {
        row.packet = true;
        row.deadline = k.deadline;
        deadline_at = k.deadline_at;
      }
    bool refused = false;
    for (const auto& mp : merged.parts) {
      if (mp.part.agency_id != s.id) continue;
      if (mp.state == MergedPart::State::Accepted) {
        row.returned = true;
        row.returned_at = mp.part.created;
        if (row.deadline.empty()) {
          row.deadline = mp.part.deadline;
          deadline_at = mp.part.deadline_at;
        }
      } else if (mp.state == MergedPart::State::Refused) {
        refused = true;
      }
    }
    row.refused = refused && !row.returned;
    auto returned_at = parse_instant(row.returned_at);
    row.late = deadline_at && (row.returned ? (returned_at && *returned_at > *deadline_at) : (now_at && *now_at > *deadline_at));
    for (const auto& cid : s.criteria) {
      const Criterion* c = r.criterion(cid);
      int got = 0;
      for (const auto& in : c->inputs)
        if (a.value(c->id, in.id)) ++got;
      row.filled += got;
      if (got == 0 && !c->inputs.empty()) row.empty.push_back(criterion_label(r, *c));
    }
    for (const auto& gid : s.general_info) {
      if (has_row(gid))
        ++row.filled;
      else
        row.empty.push_back(r.general(gid)->label);
    }
    b.returned += row.returned;
    b.late += row.late;
    b.inputs += row.inputs;
    b.filled += row.filled;
    b.rows.push_back(std::move(row));
  }
  for (const auto& c : r.criteria) {
    if (c.inputs.empty()) continue;
    bool any = false;
    for (const auto& in : c.inputs) any |= a.value(c.id, in.id) != nullptr;
    if (!any) b.empty_criteria.push_back(criterion_label(r, c));
  }
  return b;
}

namespace {

std::string status_text(const ProgressRow& r, Lang lang) {
  if (r.returned) return r.late ? T(lang, "đã gửi (trễ hạn)", "returned (late)") : T(lang, "đã gửi", "returned");
  if (r.refused) return T(lang, "phần gửi về bị từ chối", "part refused");
  if (r.late) return T(lang, "QUÁ HẠN, chưa gửi", "OVERDUE, not returned");
  return T(lang, "chưa gửi", "not returned");
}

std::string list_or_dash(const std::vector<std::string>& v, size_t max = 12) {
  if (v.empty()) return "—";
  std::vector<std::string> head(v.begin(), v.begin() + std::min(v.size(), max));
  std::string s = join(head, ", ");
  if (v.size() > max) s += ", … (+" + std::to_string(v.size() - max) + ")";
  return s;
}

}  // namespace

std::string progress_text(const ProgressBoard& b, Lang lang, const DisplayClock& clock) {
  std::ostringstream o;
  o << T(lang, "BẢNG THEO DÕI TIẾN ĐỘ — ", "PROGRESS BOARD — ") << b.unit_name << "\n" << b.rubric_title << "\n";
  o << T(lang, "Tính đến ", "As of ") << format_instant(b.now, clock) << "\n";
  o << T(lang, "Đã gửi: ", "Returned: ") << b.returned << "/" << b.rows.size() << T(lang, " cơ quan; trễ hoặc quá hạn: ", " agencies; late or overdue: ")
    << b.late << T(lang, "; số liệu đã có: ", "; values in: ") << b.filled << "/" << b.inputs << "\n\n";
  for (const auto& r : b.rows) {
    o << (r.returned ? (r.late ? "[!]" : "[x]") : (r.late ? "[!!]" : "[ ]")) << " " << r.agency_name << " (" << r.agency_id << ") — " << status_text(r, lang);
    if (!r.deadline.empty()) o << T(lang, "; hạn ", "; due ") << format_instant(r.deadline, clock);
    if (r.returned) o << T(lang, "; ký lúc ", "; signed ") << format_instant(r.returned_at, clock);
    o << "; " << r.filled << "/" << r.inputs << "\n";
    if (!r.empty.empty()) o << "    " << T(lang, "Còn trống: ", "Still empty: ") << list_or_dash(r.empty) << "\n";
  }
  o << "\n" << T(lang, "Chỉ số còn trống: ", "Criteria still empty: ") << list_or_dash(b.empty_criteria, 60) << "\n";
  return o.str();
}

std::string progress_csv(const ProgressBoard& b) {
  std::string s = csv_row(Lang::Vi, {"agency_id", "agency", "status", "late", "deadline", "returned_at", "criteria", "rows", "filled", "inputs", "empty"});
  for (const auto& r : b.rows)
    s += csv_row(Lang::Vi, {csv_text(r.agency_id), csv_text(r.agency_name),
                            csv_text(r.returned ? "returned" : r.refused ? "refused" : "missing"), r.late ? "1" : "0", csv_text(r.deadline),
                            csv_text(r.returned_at), std::to_string(r.criteria), std::to_string(r.rows), std::to_string(r.filled),
                            std::to_string(r.inputs), csv_text(join(r.empty, "; "))});
  return s;
}

std::string progress_html(const ProgressBoard& b, Lang lang, const DisplayClock& clock) {
  std::ostringstream o;
  o << "<!DOCTYPE html><html lang=\"" << (lang == Lang::Vi ? "vi" : "en") << "\"><head><meta charset=\"utf-8\"><title>"
    << html_escape(T(lang, "Tiến độ", "Progress")) << " — " << html_escape(b.unit_name) << "</title>"
    << "<style>body{font:14px/1.4 sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:4px 6px;"
       "vertical-align:top;text-align:left}th{background:#eee}.late{color:#a00;font-weight:bold}.ok{color:#060}@media print{body{margin:0}}</style>"
    << "</head><body><h1>" << html_escape(T(lang, "Bảng theo dõi tiến độ", "Progress board")) << " — " << html_escape(b.unit_name) << "</h1><p>"
    << html_escape(b.rubric_title) << "<br>" << html_escape(T(lang, "Tính đến ", "As of ")) << html_escape(format_instant(b.now, clock)) << ". "
    << html_escape(T(lang, "Đã gửi ", "Returned ")) << b.returned << "/" << b.rows.size() << "; " << html_escape(T(lang, "trễ hoặc quá hạn ", "late or overdue "))
    << b.late << "; " << html_escape(T(lang, "số liệu đã có ", "values in ")) << b.filled << "/" << b.inputs << ".</p><table><tr><th>"
    << html_escape(T(lang, "Cơ quan", "Agency")) << "</th><th>" << html_escape(T(lang, "Tình trạng", "Status")) << "</th><th>"
    << html_escape(T(lang, "Hạn", "Due")) << "</th><th>" << html_escape(T(lang, "Số liệu", "Values")) << "</th><th>"
    << html_escape(T(lang, "Còn trống", "Still empty")) << "</th></tr>";
  for (const auto& r : b.rows)
    o << "<tr><td>" << html_escape(r.agency_name) << " (" << html_escape(r.agency_id) << ")</td><td class=\"" << (r.late ? "late" : r.returned ? "ok" : "")
      << "\">" << html_escape(status_text(r, lang)) << "</td><td>" << html_escape(r.deadline.empty() ? "—" : format_instant(r.deadline, clock)) << "</td><td>"
      << r.filled << "/" << r.inputs << "</td><td>" << html_escape(list_or_dash(r.empty, 40)) << "</td></tr>";
  o << "</table><p>" << html_escape(T(lang, "Chỉ số còn trống: ", "Criteria still empty: ")) << html_escape(list_or_dash(b.empty_criteria, 60))
    << "</p></body></html>\n";
  return o.str();
}

std::string reminder_text(const ProgressBoard& b, const ProgressRow& r, Lang lang, const DisplayClock& clock) {
  std::string due = r.deadline.empty() ? std::string() : format_instant(r.deadline, clock);
  std::string office = b.office_name.empty() ? T(lang, "Cơ quan điều phối", "The coordinating office") : b.office_name;
  std::ostringstream o;
  if (lang == Lang::Vi) {
    o << "Kính gửi " << r.agency_name << ",\n" << office << " đề nghị quý cơ quan gửi phần số liệu và tài liệu kiểm chứng được phân công trong \""
      << b.rubric_title << "\" của " << b.unit_name << ".";
    if (!due.empty()) o << " Hạn nộp là " << due << (r.late ? " và đã quá hạn." : ".");
    if (!r.empty.empty()) o << "\nCòn thiếu: " << list_or_dash(r.empty, 40) << ".";
    o << "\nCách gửi: mở tệp phiếu phân công (.packet.json) bằng ứng dụng cds, điền, ký bằng khóa của cơ quan và gửi lại tệp phần số liệu đã ký (.part.json).";
    if (!b.office_contact.empty()) o << "\nLiên hệ: " << b.office_contact << ".";
    o << "\nTrân trọng cảm ơn.\n";
  } else {
    o << "To " << r.agency_name << ",\n" << office << " asks for the figures and evidence assigned to you in \"" << b.rubric_title << "\" of " << b.unit_name
      << ".";
    if (!due.empty()) o << " The deadline is " << due << (r.late ? " and has passed." : ".");
    if (!r.empty.empty()) o << "\nStill missing: " << list_or_dash(r.empty, 40) << ".";
    o << "\nHow: open the work packet (.packet.json) in the cds app, fill it, sign with your agency's key and send back the signed part (.part.json).";
    if (!b.office_contact.empty()) o << "\nContact: " << b.office_contact << ".";
    o << "\nThank you.\n";
  }
  return o.str();
}

}  // namespace cds
