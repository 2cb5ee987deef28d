#include "cds/model/answers.hpp"

#include <algorithm>

#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {

const Json* Answers::value(std::string_view criterion, std::string_view input) const {
  if (!inputs.is_object()) return nullptr;
  auto c = inputs.find(criterion);  // transparent comparator: no allocation
  if (c == inputs.end() || !c->is_object()) return nullptr;
  auto v = c->find(input);
  if (v == c->end() || v->is_null()) return nullptr;
  return &*v;
}

void Answers::set_value(const std::string& criterion, const std::string& input, Json v) {
  if (!inputs.is_object()) inputs = Json::object();
  Json& c = inputs[criterion];
  if (!c.is_object()) c = Json::object();
  c[input] = std::move(v);
}

namespace {

void read_str(const Json& obj, const char* key, std::string* out, Messages& msgs, const std::string& where) {
  const Json* f = field(obj, key);
  if (!f || f->is_null()) return;
  if (f->is_string()) {
    *out = f->get<std::string>();
  } else if (f->is_number()) {
    *out = f->dump();
  } else {
    msgs.push_back(warning("answers.type", std::string("\"") + key + "\" phải là chuỗi; đã bỏ qua",
                           std::string("\"") + key + "\" must be a string; ignored", where));
  }
}

}  // namespace

namespace {

// `owned`: the same object as `doc`, when its values may be moved out.
LoadedAnswers load_answers_doc(const Json& doc, Json* owned) {
  // A value of `doc` (found through it), moved out when the caller gave it away.
  auto take = [owned](const Json& v) { return owned ? std::move(const_cast<Json&>(v)) : Json(v); };
  LoadedAnswers out;
  Messages& msgs = out.messages;
  if (!doc.is_object()) {
    msgs.push_back(error("answers.type", "Tệp bài làm phải là một đối tượng JSON", "An answers file must be a JSON object"));
    return out;
  }
  std::string format = str_or(doc, "format");
  if (format.empty()) {
    msgs.push_back(error("answers.format", "Thiếu \"format\": đây không phải tệp bài làm cds-answers/1",
                         "Missing \"format\": this is not a cds-answers/1 file"));
    return out;
  }
  if (format != kAnswersFormat) {
    msgs.push_back(error("answers.format",
                         "Định dạng \"" + format + "\" không được hỗ trợ (cần \"" + kAnswersFormat + "\")",
                         "Format \"" + format + "\" is not supported (expected \"" + kAnswersFormat + "\")"));
    return out;
  }
  Answers a;
  const Json* rub = field(doc, "rubric");
  if (!rub || !rub->is_object() || str_or(*rub, "id").empty()) {
    msgs.push_back(error("answers.rubric", "Thiếu \"rubric\": {\"id\", \"version\"}", "Missing \"rubric\": {\"id\", \"version\"}"));
    return out;
  }
  a.rubric_id = str_or(*rub, "id");
  a.rubric_version = str_or(*rub, "version");
  // An object where one is expected; anything else is reported and left out (the rest still loads).
  auto object_or_warn = [&](const char* key, const char* vi_shape) -> const Json* {
    const Json* v = field(doc, key);
    if (!v || v->is_null() || v->is_object()) return v && v->is_object() ? v : nullptr;
    msgs.push_back(warning("answers.type", std::string("\"") + key + "\" phải là đối tượng " + vi_shape + ", không phải " + json_type_vi(*v) + "; đã bỏ qua",
                           std::string("\"") + key + "\" must be an object, not " + json_type_en(*v) + "; ignored", key));
    return nullptr;
  };
  if (const Json* u = object_or_warn("unit", "{name, code, type}")) {
    read_str(*u, "name", &a.unit.name, msgs, "unit");
    read_str(*u, "code", &a.unit.code, msgs, "unit");
    read_str(*u, "type", &a.unit.type, msgs, "unit");
  }
  read_str(doc, "period", &a.period, msgs, "$");
  if (const Json* p = object_or_warn("preparer", "{name, title, phone, email}")) {
    read_str(*p, "name", &a.preparer.name, msgs, "preparer");
    read_str(*p, "title", &a.preparer.title, msgs, "preparer");
    read_str(*p, "phone", &a.preparer.phone, msgs, "preparer");
    read_str(*p, "email", &a.preparer.email, msgs, "preparer");
  }
  if (const Json* g = field(doc, "general_info"); g && !g->is_null()) {
    if (g->is_object()) {
      a.general_info = take(*g);
    } else {
      msgs.push_back(warning("answers.type", "\"general_info\" phải là đối tượng; đã bỏ qua", "\"general_info\" must be an object; ignored"));
    }
  }
  if (const Json* in = field(doc, "inputs"); in && !in->is_null()) {
    if (in->is_object()) {
      a.inputs = take(*in);
    } else {
      msgs.push_back(error("answers.type", "\"inputs\" phải là đối tượng {mã tiêu chí: {mã đầu vào: giá trị}}",
                           "\"inputs\" must be an object {criterion id: {input id: value}}"));
      return out;
    }
  }
  if (const Json* n = field(doc, "notes"); n && n->is_object()) {
    for (auto it = n->begin(); it != n->end(); ++it)
      if (it.value().is_string()) a.notes[it.key()] = it.value().get<std::string>();
  }
  if (const Json* ev = field(doc, "evidence"); ev && ev->is_object()) {
    for (auto it = ev->begin(); it != ev->end(); ++it) {
      if (!it.value().is_array()) continue;
      for (const auto& e : it.value()) {
        if (!e.is_object()) continue;
        EvidenceItem item;
        item.kind = str_or(e, "kind", "ref");
        item.number = str_or(e, "number");
        item.date = str_or(e, "date");
        item.title = str_or(e, "title");
        item.link = str_or(e, "link");
        item.name = str_or(e, "name");
        item.sha256 = str_or(e, "sha256");
        if (const Json* s = field(e, "size"); s && s->is_number_integer()) item.size = s->get<long long>();
        a.evidence[it.key()].push_back(std::move(item));
      }
    }
  }
  a.updated = str_or(doc, "updated");
  static const char* kKnown[] = {"format", "rubric", "unit", "period", "preparer", "general_info",
                                 "inputs", "notes", "evidence", "updated"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    bool known = false;
    for (const char* k : kKnown) known = known || it.key() == k;
    if (!known) a.extra[it.key()] = it.value();
  }
  out.answers = std::move(a);
  return out;
}

}  // namespace

LoadedAnswers load_answers_json(const Json& doc) { return load_answers_doc(doc, nullptr); }

LoadedAnswers load_answers_json(Json&& doc) { return load_answers_doc(doc, &doc); }

LoadedAnswers load_answers(std::string_view bytes) {
  auto parsed = parse_json(bytes);
  if (!parsed.doc) return LoadedAnswers{std::nullopt, std::move(parsed.messages)};
  auto out = load_answers_json(*parsed.doc);
  out.messages.insert(out.messages.begin(), parsed.messages.begin(), parsed.messages.end());
  return out;
}

Json answers_to_json(const Answers& a) {
  Json j = Json::object();
  j["format"] = kAnswersFormat;
  j["rubric"] = {{"id", a.rubric_id}, {"version", a.rubric_version}};
  j["unit"] = {{"name", a.unit.name}, {"code", a.unit.code}, {"type", a.unit.type}};
  j["period"] = a.period;
  j["preparer"] = {{"name", a.preparer.name}, {"title", a.preparer.title}, {"phone", a.preparer.phone}, {"email", a.preparer.email}};
  j["general_info"] = a.general_info.is_object() ? a.general_info : Json::object();
  j["inputs"] = a.inputs.is_object() ? a.inputs : Json::object();
  Json notes = Json::object();
  for (const auto& [k, v] : a.notes)
    if (!v.empty()) notes[k] = v;
  j["notes"] = notes;
  Json ev = Json::object();
  for (const auto& [k, items] : a.evidence) {
    if (items.empty()) continue;
    Json arr = Json::array();
    for (const auto& e : items) {
      if (e.kind == "file") {
        arr.push_back({{"kind", "file"}, {"name", e.name}, {"size", e.size}, {"sha256", e.sha256}});
      } else {
        arr.push_back({{"kind", "ref"}, {"number", e.number}, {"date", e.date}, {"title", e.title}, {"link", e.link}});
      }
    }
    ev[k] = arr;
  }
  j["evidence"] = ev;
  if (!a.updated.empty()) j["updated"] = a.updated;
  for (auto it = a.extra.begin(); it != a.extra.end(); ++it) j[it.key()] = it.value();
  return j;
}

std::string answers_to_text(const Answers& a) {
  return answers_to_json(a).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Messages check_answers_size(const Answers& a) {
  Messages out;
  auto vi_n = [](size_t n) { return format_number(Num(static_cast<long long>(n)), Lang::Vi, 0); };
  auto en_n = [](size_t n) { return format_number(Num(static_cast<long long>(n)), Lang::En, 0); };
  // "<what> dài 2.000 byte, quá giới hạn 1.000 byte" when `size` is over `limit`.
  auto too_long = [&](const std::string& vi, const std::string& en, size_t size, size_t limit, std::string where) {
    if (size <= limit) return false;
    out.push_back(error("answers.too_long", vi + " dài " + vi_n(size) + " byte, quá giới hạn " + vi_n(limit) + " byte",
                        en + " is " + en_n(size) + " bytes long, over the limit of " + en_n(limit) + " bytes", std::move(where)));
    return true;
  };
  too_long("Mã đơn vị", "The unit's code", a.unit.code.size(), kMaxAnswerLabelBytes, "unit.code");
  too_long("Tên đơn vị", "The unit's name", a.unit.name.size(), kMaxAnswerLabelBytes, "unit.name");
  too_long("Loại đơn vị", "The unit's type", a.unit.type.size(), kMaxAnswerLabelBytes, "unit.type");
  too_long("Kỳ đánh giá", "The period", a.period.size(), kMaxAnswerLabelBytes, "period");
  too_long("Tên người lập biểu", "The preparer's name", a.preparer.name.size(), kMaxAnswerLabelBytes, "preparer.name");
  too_long("Chức vụ người lập biểu", "The preparer's title", a.preparer.title.size(), kMaxAnswerLabelBytes, "preparer.title");
  too_long("Số điện thoại người lập biểu", "The preparer's phone", a.preparer.phone.size(), kMaxAnswerLabelBytes, "preparer.phone");
  too_long("Thư điện tử người lập biểu", "The preparer's email", a.preparer.email.size(), kMaxAnswerLabelBytes, "preparer.email");
  size_t pieces = 0;
  bool long_piece = false;  // one message for the evidence, at its first text over the limit
  for (const auto& [id, items] : a.evidence)
    for (const EvidenceItem& it : items) {
      ++pieces;
      for (const std::string* t : {&it.number, &it.date, &it.title, &it.link, &it.name, &it.sha256, &it.kind})
        if (!long_piece && t->size() > kMaxAnswerLabelBytes) {
          const std::string c = ellipsize(id, 60);
          long_piece = too_long("Tài liệu kiểm chứng của tiêu chí " + c + " có nội dung", "A text of the evidence of criterion " + c, t->size(),
                                kMaxAnswerLabelBytes, "evidence." + c);
        }
    }
  if (pieces > kMaxEvidencePieces)
    out.push_back(error("answers.too_many_evidence",
                        "Bài làm kê " + vi_n(pieces) + " tài liệu kiểm chứng, quá giới hạn " + vi_n(kMaxEvidencePieces),
                        "The answers name " + en_n(pieces) + " pieces of evidence, over the limit of " + en_n(kMaxEvidencePieces),
                        "evidence"));
  if (a.general_info.is_object())
    for (auto it = a.general_info.begin(); it != a.general_info.end(); ++it) {
      const Json& v = it.value();
      const bool list = v.is_object() || v.is_array();
      const size_t text = v.is_string() ? v.get_ref<const std::string&>().size() : 0;
      if (!list && text <= kMaxInfoTextBytes) continue;
      const std::string key = ellipsize(it.key(), 60), where = "general_info." + key;
      if (list)
        out.push_back(error("answers.info_value", "Thông tin chung \"" + key + "\" phải là số hoặc chữ, không phải " + json_type_vi(v),
                            "General information \"" + key + "\" must be a number or text, not " + json_type_en(v), where));
      else
        too_long("Thông tin chung \"" + key + "\"", "General information \"" + key + "\"", text, kMaxInfoTextBytes, where);
    }
  return out;
}

Answers answers_template(const Rubric& r) {
  Answers a;
  a.rubric_id = r.id;
  a.rubric_version = r.version;
  if (r.unit_types.size() == 1) a.unit.type = r.unit_types[0].first;
  for (const auto& g : r.general_info) a.general_info[g.id] = nullptr;
  for (const auto& c : r.criteria) {
    Json obj = Json::object();
    for (const auto& in : c.inputs) obj[in.id] = nullptr;
    a.inputs[c.id] = obj;
  }
  return a;
}

Messages check_answers_fit(const Rubric& r, const Answers& a) {
  Messages out;
  if (a.rubric_id != r.id) {
    out.push_back(error("answers.rubric_mismatch",
                        "Bài làm dành cho bộ tiêu chí \"" + a.rubric_id + "\", không phải \"" + r.id + "\"",
                        "The answers are for rubric \"" + a.rubric_id + "\", not \"" + r.id + "\""));
    return out;
  }
  if (!a.rubric_version.empty() && a.rubric_version != r.version)
    out.push_back(warning("answers.version_mismatch",
                          "Bài làm theo phiên bản " + a.rubric_version + " của bộ tiêu chí; đang chấm theo phiên bản " + r.version,
                          "The answers were made for version " + a.rubric_version + "; scoring with version " + r.version));
  if (a.inputs.is_object()) {
    // Both the answers' criteria and the rubric's index are in the byte order of the ids: one walk.
    const auto& index = r.criterion_index();
    auto at = index.begin();
    for (auto it = a.inputs.begin(); it != a.inputs.end(); ++it) {
      while (at != index.end() && at->first < it.key()) ++at;
      const Criterion* c = at != index.end() && at->first == it.key() ? &r.criteria[at->second] : nullptr;
      if (!c) {
        out.push_back(warning("answers.unknown_criterion", "Không có tiêu chí \"" + it.key() + "\" trong bộ tiêu chí; đã bỏ qua",
                              "No criterion \"" + it.key() + "\" in the rubric; ignored", it.key()));
        continue;
      }
      if (!it.value().is_object()) {
        out.push_back(warning("answers.type", "Giá trị của tiêu chí phải là đối tượng {mã đầu vào: giá trị}",
                              "A criterion's value must be an object {input id: value}", it.key()));
        continue;
      }
      for (auto in = it.value().begin(); in != it.value().end(); ++in)
        if (!c->input(in.key()))
          out.push_back(warning("answers.unknown_input", "Tiêu chí không có đầu vào \"" + in.key() + "\"; đã bỏ qua",
                                "The criterion has no input \"" + in.key() + "\"; ignored", it.key()));
    }
  }
  if (a.general_info.is_object())
    for (auto it = a.general_info.begin(); it != a.general_info.end(); ++it)
      if (!r.general(it.key()))
        out.push_back(warning("answers.unknown_general", "Không có trường thông tin chung \"" + it.key() + "\"; đã bỏ qua",
                              "No general-information field \"" + it.key() + "\"; ignored"));
  return out;
}

AnswersIndex::AnswersIndex(const Rubric& r) {
  auto by_id = [](const auto& x, const auto& y) { return x.first < y.first; };
  // The criteria as the rubric's own index lists them (check_answers_fit and score() walk it).
  criteria.reserve(r.criterion_index().size());
  for (const auto& [id, i] : r.criterion_index()) criteria.emplace_back(id, i);
  input_base.reserve(r.criteria.size() + 1);
  for (size_t i = 0; i < r.criteria.size(); ++i) {
    input_base.push_back(inputs.size());
    const auto& ins = r.criteria[i].inputs;
    for (size_t k = 0; k < ins.size(); ++k) inputs.emplace_back(ins[k].id, inputs.size());
    std::stable_sort(inputs.begin() + static_cast<std::ptrdiff_t>(input_base.back()), inputs.end(), by_id);
  }
  input_base.push_back(inputs.size());
  for (size_t g = 0; g < r.general_info.size(); ++g) general.emplace_back(r.general_info[g].id, g);
  std::stable_sort(general.begin(), general.end(), by_id);
}

namespace {

// std::string_view::compare (byte order) without a library call: ids are short.
int byte_compare(std::string_view a, std::string_view b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace

Messages check_answers_fit(const AnswersIndex& ix, const Rubric& r, const Answers& a, AnswerSlots* slots) {
  slots->criterion.assign(r.criteria.size(), nullptr);
  slots->input.assign(ix.inputs.size(), nullptr);
  slots->general.assign(r.general_info.size(), nullptr);
  Messages out;
  bool same = a.rubric_id == r.id;  // otherwise only that is said (check_answers_fit), the values are still found
  if (!same) {
    out.push_back(error("answers.rubric_mismatch",
                        "Bài làm dành cho bộ tiêu chí \"" + a.rubric_id + "\", không phải \"" + r.id + "\"",
                        "The answers are for rubric \"" + a.rubric_id + "\", not \"" + r.id + "\""));
  } else if (!a.rubric_version.empty() && a.rubric_version != r.version) {
    out.push_back(warning("answers.version_mismatch",
                          "Bài làm theo phiên bản " + a.rubric_version + " của bộ tiêu chí; đang chấm theo phiên bản " + r.version,
                          "The answers were made for version " + a.rubric_version + "; scoring with version " + r.version));
  }
  if (a.inputs.is_object()) {
    // Both walks in the byte order of the ids: the answers' members, the index's entries.
    auto at = ix.criteria.begin();
    for (const auto& [key, value] : a.inputs.get_ref<const Json::object_t&>()) {
      int cmp = 1;  // one comparison per step: where the walk stops, whether it found the id
      while (at != ix.criteria.end() && (cmp = byte_compare(at->first, key)) < 0) ++at;
      if (cmp != 0) {
        if (same)
          out.push_back(warning("answers.unknown_criterion", "Không có tiêu chí \"" + key + "\" trong bộ tiêu chí; đã bỏ qua",
                                "No criterion \"" + key + "\" in the rubric; ignored", key));
        continue;
      }
      size_t c = at->second;
      if (!value.is_object()) {
        if (same)
          out.push_back(warning("answers.type", "Giá trị của tiêu chí phải là đối tượng {mã đầu vào: giá trị}",
                                "A criterion's value must be an object {input id: value}", key));
        continue;
      }
      slots->criterion[c] = &value;
      auto in_at = ix.inputs.begin() + static_cast<std::ptrdiff_t>(ix.input_base[c]);
      auto in_end = ix.inputs.begin() + static_cast<std::ptrdiff_t>(ix.input_base[c + 1]);
      for (const auto& [ikey, ivalue] : value.get_ref<const Json::object_t&>()) {
        int icmp = 1;
        while (in_at != in_end && (icmp = byte_compare(in_at->first, ikey)) < 0) ++in_at;
        if (icmp != 0) {
          if (same)
            out.push_back(warning("answers.unknown_input", "Tiêu chí không có đầu vào \"" + ikey + "\"; đã bỏ qua",
                                  "The criterion has no input \"" + ikey + "\"; ignored", key));
          continue;
        }
        if (ivalue.is_null()) continue;
        slots->input[in_at->second] = &ivalue;
        for (auto e = in_at + 1; e != in_end && byte_compare(e->first, ikey) == 0; ++e) slots->input[e->second] = &ivalue;  // an id listed twice: both
      }
    }
  }
  if (a.general_info.is_object()) {
    auto at = ix.general.begin();
    for (const auto& [key, value] : a.general_info.get_ref<const Json::object_t&>()) {
      int cmp = 1;
      while (at != ix.general.end() && (cmp = byte_compare(at->first, key)) < 0) ++at;
      if (cmp != 0) {
        if (same)
          out.push_back(warning("answers.unknown_general", "Không có trường thông tin chung \"" + key + "\"; đã bỏ qua",
                                "No general-information field \"" + key + "\"; ignored"));
        continue;
      }
      if (value.is_null()) continue;
      slots->general[at->second] = &value;
      for (auto e = at + 1; e != ix.general.end() && byte_compare(e->first, key) == 0; ++e) slots->general[e->second] = &value;
    }
  }
  return out;
}

Json input_from_text(std::string_view typed_raw, InputType type) {
  std::string typed = to_nfc_lossy(typed_raw);
  std::string t(trim(typed));
  if (t.empty()) return nullptr;
  switch (type) {
    case InputType::Count:
    case InputType::Number:
    case InputType::Percent: {
      auto p = parse_vn_number(t);
      if (!p) return t;  // kept as typed; the engine says why it is invalid
      if (p->percent && type != InputType::Percent) return t;
      return num_to_json(p->value);
    }
    case InputType::Date: {
      if (auto d = parse_vn_date(t)) return to_iso(*d);
      return t;
    }
    default:
      return t;
  }
}

}  // namespace cds
