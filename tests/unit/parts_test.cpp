// Work packets, signed parts, the merge and the progress board (cds/office/parts.hpp): fifteen
// agencies share one self-assessment; one is late, one answers outside its assignment, one signs
// with a key not registered for it, two answer one input differently. The merged answers score as
// the whole form filled directly; the same parts in any order give the same bytes; hostile edits of
// packets and parts are refused with a reason; the chain re-verifies from the dossier's files.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/office/aggregate.hpp"
#include "cds/office/parts.hpp"
#include "cds/rules/score.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

constexpr int kAgencies = 15;
const char* kDeadline = "2026-11-20T17:00:00+07:00";

std::string agency_id(int i) {
  char b[8];
  std::snprintf(b, sizeof b, "A%02d", i);
  return b;
}

// 15 agencies; criteria 1…14 led by A01…A14, criterion 15 led by A14 and A15 together; rows:
// "ten" (the office's own), "dan_so" (A01), "so_xa" (A15).
std::string test_rubric_text() {
  std::string ag, crit;
  for (int i = 1; i <= kAgencies; ++i) {
    ag += std::string(i > 1 ? "," : "") + R"({"id":")" + agency_id(i) + R"(","name":"Sở số )" + std::to_string(i) + R"("})";
  }
  for (int i = 1; i <= 15; ++i) {
    std::string leads = i < 15 ? "\"" + agency_id(i) + "\"" : "\"A14\",\"A15\"";
    crit += std::string(i > 1 ? "," : "") + R"({"id":")" + std::to_string(i) + R"(","code":")" + std::to_string(i) +
            R"(","title":"Chỉ số )" + std::to_string(i) +
            R"(","max":10,"inputs":[{"id":"x","type":"yesno","label":"Có"},{"id":"n","type":"count","label":"Số"}],)"
            R"("rule":{"kind":"sum","parts":[{"kind":"yesno","input":"x","yes":5},{"kind":"linear","value":{"input":"n"},"target":10,"points":5,"cap":true}]},)"
            R"("scoring_text":"x","assignment":{"lead":"Sở","agencies":[)" +
            leads + "]}}";
  }
  return R"({"format":"cds-rubric/1","id":"t-parts","version":"1","title":"Bộ thử","authority":"UBND","year":2026,"scale":150,"unit_level":"tinh",)"
         R"("agencies":[)" +
         ag +
         R"(],"general_info":[{"id":"ten","label":"Tên","type":"text"},)"
         R"({"id":"dan_so","label":"Dân số","type":"count","assignment":{"lead":"Sở số 1","agencies":["A01"]}},)"
         R"({"id":"so_xa","label":"Số xã","type":"count","assignment":{"lead":"Sở số 15","agencies":["A15"]}}],)"
         R"("sections":[{"id":"I","title":"S","max":150,"criteria":[)" +
         crit + "]}]}";
}

KeyPair key(int seed) { return keypair_from_seed(std::string(31, 'k') + static_cast<char>(seed)); }

struct World {
  std::string rubric_text = test_rubric_text();
  Rubric r = *load_rubric(rubric_text).rubric;
  std::string sha = sha256_hex(rubric_text);
  KeyPair office = key(100);
  TrustList trust;
  std::vector<Packet> packets;  // index i-1 for agency i
  Answers full;                  // the whole form filled directly

  World() {
    for (int i = 1; i <= kAgencies; ++i) {
      KeyPair k = key(i);
      trust.agencies.push_back({key_id(k.public_key), k.public_key, agency_id(i), "Sở số " + std::to_string(i)});
    }
    trust.reindex();
    for (int i = 1; i <= kAgencies; ++i) {
      PacketSpec s;
      s.agency = agency_id(i);
      s.unit = {"UBND tỉnh Thử", "TINH-THU", ""};
      s.period = "2026";
      s.deadline = kDeadline;
      s.created = "2026-11-01T08:00:00+07:00";
      s.office_name = "Sở KH&CN";
      s.office_contact = "0270 000 000";
      s.app_version = "test";
      Messages why;
      auto doc = make_packet(r, sha, s, office, &why);
      EXPECT_TRUE(doc) << error_lines(why, true);
      auto p = open_packet(envelope_text(*doc), &r, sha);
      EXPECT_TRUE(p.ok()) << error_lines(p.problems, true);
      packets.push_back(std::move(p));
    }
    full.rubric_id = r.id;
    full.rubric_version = r.version;
    full.unit = {"UBND tỉnh Thử", "TINH-THU", ""};
    full.period = "2026";
    full.general_info["ten"] = "Tỉnh Thử";
    full.general_info["dan_so"] = 1000000;
    full.general_info["so_xa"] = 89;
    for (int i = 1; i <= 15; ++i) {
      full.set_value(std::to_string(i), "x", i % 3 != 0);
      full.set_value(std::to_string(i), "n", i);
    }
  }

  // Agency i's answers: what the full form says for what it leads.
  Answers answers_of(int i) const {
    Answers a;
    a.preparer = {"Cán bộ " + std::to_string(i), "", "", ""};
    const AgencyScope& s = packets[i - 1].scope;
    for (const auto& c : s.criteria) a.inputs[c] = full.inputs[c];
    for (const auto& g : s.general_info) a.general_info[g] = full.general_info[g];
    return a;
  }
  PartFile part(int i, const Answers& a, const std::string& created, int key_seed = 0) const {
    Messages why;
    auto sp = sign_part(packets[i - 1], a, created, "test", key(key_seed ? key_seed : i), &why);
    EXPECT_TRUE(sp) << error_lines(why, true);
    return {agency_id(i) + ".part.json", sp ? sp->text : std::string()};
  }
  Answers base() const {
    Answers b;
    b.unit = full.unit;
    b.period = full.period;
    b.general_info["ten"] = full.general_info["ten"];
    return b;
  }
};

std::string codes(const Messages& ms) {
  std::string s;
  for (const auto& m : ms) s += m.code + " (" + m.where + ": " + m.vi + ")\n";
  return s;
}
bool has(const Messages& ms, const std::string& code) {
  return std::any_of(ms.begin(), ms.end(), [&](const Message& m) { return m.code == code; });
}

const MergedPart* find_part(const MergeResult& m, const std::string& agency) {
  for (const auto& p : m.parts)
    if (p.part.agency_id == agency && p.state != MergedPart::State::Superseded) return &p;
  return nullptr;
}

// A signed file edited by `edit` on its text, then re-read.
std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

}  // namespace

TEST(Parts, RubricDeclaresScopes) {
  World w;
  ASSERT_EQ(w.r.agencies.size(), 15u);
  auto scopes = agency_scopes(w.r);
  EXPECT_EQ(scopes[13].criteria, (std::vector<std::string>{"14", "15"}));
  EXPECT_EQ(scopes[14].criteria, (std::vector<std::string>{"15"}));
  EXPECT_EQ(scopes[14].general_info, (std::vector<std::string>{"so_xa"}));
  EXPECT_EQ(office_rows(w.r), (std::vector<std::string>{"ten"}));
  EXPECT_FALSE(has(lint(w.r), "lint.assignment_lead")) << codes(lint(w.r));
}

TEST(Parts, LintWantsALeadForEveryCriterion) {
  std::string t = replace_once(test_rubric_text(), R"("agencies":["A03"])", R"("agencies":[])");
  auto r = load_rubric(t);
  ASSERT_TRUE(r.rubric) << codes(r.messages);
  auto ms = lint(*r.rubric);
  EXPECT_TRUE(has(ms, "lint.assignment_lead")) << codes(ms);
  auto r2 = load_rubric(replace_once(test_rubric_text(), R"("agencies":["A03"])", R"("agencies":["A99"])"));
  EXPECT_TRUE(has(lint(*r2.rubric), "lint.assignment_agency"));
}

TEST(Parts, VinhLongAgenciesCoverEveryCriterion) {
  auto r = *load_rubric(testutil::slurp("assets/rubrics/vinhlong-2025-dti-tinh.json")).rubric;
  EXPECT_EQ(r.agencies.size(), 9u);
  auto ms = lint(r);
  for (const auto& m : ms) EXPECT_NE(m.code.rfind("lint.assignment", 0), 0u) << codes(ms);
  size_t crit = 0;
  for (const auto& s : agency_scopes(r)) crit += s.criteria.size();
  EXPECT_GE(crit, r.criteria.size());  // every criterion led, one by two agencies
  EXPECT_EQ(office_rows(r), (std::vector<std::string>{"ten_tinh", "dia_chi"}));
  ASSERT_NE(agency_by_name(r, "Chi cục Cục Thống kê"), nullptr);
  EXPECT_EQ(agency_by_name(r, "Chi cục Cục Thống kê")->id, "CCTK");
  EXPECT_EQ(agency_by_name(r, "Báo và Đài PTTH Vĩnh Long")->id, "BPTTH");
}

TEST(Parts, FifteenAgenciesMergeAsTheWholeForm) {
  World w;
  std::vector<PartFile> parts;
  for (int i = 1; i <= kAgencies; ++i) {
    Answers a = w.answers_of(i);
    std::string created = "2026-11-15T09:00:00+07:00";
    if (i == 5) created = "2026-11-21T09:00:00+07:00";  // late
    if (i == 15) a.set_value("15", "n", 7);              // conflicts with A14's 15
    if (i == 7) {                                        // answers outside its assignment
      a.set_value("8", "n", 99);
      Json s = build_part_signed(w.packets[6], a, created, "test", true);
      auto doc = seal(part_envelope(), s, key(7), nullptr);
      parts.push_back({"A07.part.json", envelope_text(*doc)});
      continue;
    }
    parts.push_back(w.part(i, a, created, i == 9 ? 55 : 0));  // A09: a key nobody registered
  }
  MergeOptions o;
  o.trust = &w.trust;
  o.packets = w.packets;
  MergeResult m = merge_parts(w.r, w.sha, w.base(), parts, o);
  EXPECT_FALSE(m.ok());
  EXPECT_EQ(m.refused, 2) << codes(m.problems);
  EXPECT_EQ(m.unresolved, 1);
  EXPECT_TRUE(has(find_part(m, "A07")->part.problems, "part.outside")) << codes(find_part(m, "A07")->part.problems);
  EXPECT_TRUE(has(find_part(m, "A09")->part.problems, "trust.agency"));
  EXPECT_TRUE(find_part(m, "A05")->late);
  EXPECT_FALSE(find_part(m, "A04")->late);
  ASSERT_EQ(m.conflicts.size(), 1u);
  EXPECT_EQ(m.conflicts[0].key, "15/n");
  ASSERT_EQ(m.conflicts[0].options.size(), 2u);
  EXPECT_EQ(m.conflicts[0].options[0].agency_id, "A14");
  EXPECT_EQ(m.conflicts[0].options[1].value, 7);
  EXPECT_EQ(m.answers.value("15", "n"), nullptr);  // never silently chosen
  ASSERT_NE(m.answers.value("8", "n"), nullptr);   // A08's value, not A07's stray 99
  EXPECT_EQ(*m.answers.value("8", "n"), 8);

  // The progress board: who is late, what is empty.
  auto b = progress_board(w.r, w.packets, m, "2026-11-22T08:00:00+07:00");
  ASSERT_EQ(b.rows.size(), 15u);
  EXPECT_TRUE(b.rows[4].late && b.rows[4].returned);
  EXPECT_TRUE(b.rows[6].refused && b.rows[6].late && !b.rows[6].returned);
  EXPECT_EQ(b.rows[6].empty, (std::vector<std::string>{"7"}));
  EXPECT_EQ(b.returned, 13);
  auto text = progress_text(b, Lang::Vi, {});
  EXPECT_NE(text.find("Sở số 9 (A09)"), std::string::npos);
  auto rem = reminder_text(b, b.rows[8], Lang::Vi, {});
  EXPECT_NE(rem.find("Kính gửi Sở số 9"), std::string::npos) << rem;
  EXPECT_NE(rem.find("đã quá hạn"), std::string::npos) << rem;
  EXPECT_NE(progress_csv(b).find("A09;Sở số 9;refused;1"), std::string::npos) << progress_csv(b);
  EXPECT_NE(progress_html(b, Lang::En, {}).find("part refused"), std::string::npos);

  // A07 and A09 send again properly; the office decides the conflict for A14.
  parts.push_back(w.part(7, w.answers_of(7), "2026-11-22T10:00:00+07:00"));
  parts.push_back(w.part(9, w.answers_of(9), "2026-11-22T10:00:00+07:00"));
  parts.back().name = parts[parts.size() - 2].name = "again.part.json";  // the same name as each other: matched by content
  o.decisions["15/n"] = "A14";
  m = merge_parts(w.r, w.sha, w.base(), parts, o);
  EXPECT_EQ(m.unresolved, 0);
  EXPECT_EQ(m.accepted, 15) << codes(m.problems);
  // Refused earlier copies stay listed as refused; the result is complete.
  EXPECT_EQ(m.refused, 2);
  auto direct = score(w.r, w.full);
  auto merged = score(w.r, m.answers);
  EXPECT_EQ(merged.total, direct.total);
  for (size_t i = 0; i < direct.criteria.size(); ++i) EXPECT_EQ(merged.criteria[i].score, direct.criteria[i].score) << i;
  EXPECT_EQ(jcs(m.answers.inputs), jcs(w.full.inputs));
  EXPECT_EQ(jcs(m.answers.general_info), jcs(w.full.general_info));

  // Provenance: per input, the part that supplied it, and the decision.
  const Json& pv = m.answers.extra["provenance"];
  EXPECT_EQ(pv["format"], kProvenanceFormat);
  EXPECT_EQ(pv["inputs"]["3"]["n"], find_part(m, "A03")->part.signed_hash);
  EXPECT_EQ(pv["general_info"]["so_xa"], find_part(m, "A15")->part.signed_hash);
  ASSERT_EQ(pv["decisions"].size(), 1u);
  EXPECT_EQ(pv["decisions"][0]["chosen"], find_part(m, "A14")->part.signed_hash);

  // Deterministic: any order of the same files gives the same bytes.
  std::string first = answers_to_text(m.answers);
  const auto given = parts;  // the order merge_parts saw (merged_part_files indexes into it)
  std::mt19937 rng(7);
  for (int k = 0; k < 5; ++k) {
    std::shuffle(parts.begin(), parts.end(), rng);
    auto again = merge_parts(w.r, w.sha, w.base(), parts, o);
    EXPECT_EQ(answers_to_text(again.answers), first);
    ASSERT_EQ(again.parts.size(), m.parts.size());
    for (size_t i = 0; i < m.parts.size(); ++i) EXPECT_EQ(again.parts[i].name, m.parts[i].name);
  }

  // The chain at the next level: the parts from the dossier's parts/ folder.
  auto files = merged_part_files(m, given);
  EXPECT_EQ(files.size(), 15u);
  auto pc = verify_provenance(w.r, w.sha, m.answers, files, &w.trust);
  EXPECT_TRUE(pc.ok()) << codes(pc.problems);
  EXPECT_EQ(pc.parts, 15);
  EXPECT_EQ(pc.inputs, 32);
  // A value changed after the merge, a part missing, a part from an unregistered key.
  Answers edited = m.answers;
  edited.set_value("3", "n", 300);
  EXPECT_TRUE(has(verify_provenance(w.r, w.sha, edited, files, nullptr).problems, "provenance.value"));
  auto fewer = files;
  fewer.erase(fewer.begin() + 2);
  EXPECT_TRUE(has(verify_provenance(w.r, w.sha, m.answers, fewer, nullptr).problems, "provenance.missing"));
  TrustList other;
  EXPECT_TRUE(has(verify_provenance(w.r, w.sha, m.answers, files, &other).problems, "trust.agency"));
  // From an outside test: edits of the record that the chain used to let through, and a changed
  // part that it called missing.
  {
    auto edit = [&](auto f) {
      Answers a = m.answers;
      f(a.extra["provenance"], a);
      return verify_provenance(w.r, w.sha, a, files, &w.trust);
    };
    auto twice = edit([](Json& pv, Answers&) { pv["parts"].push_back(pv["parts"][0]); });
    EXPECT_TRUE(has(twice.problems, "provenance.duplicate"));
    EXPECT_EQ(twice.parts, 15);  // counted once
    auto period = edit([](Json&, Answers& a) { a.period = "2027"; });
    EXPECT_TRUE(has(period.problems, "part.period"));
    auto key = edit([](Json& pv, Answers&) { pv["parts"][1]["key_id"] = "AAAA-BBBB-CCCC-DDDD"; });
    EXPECT_TRUE(has(key.problems, "provenance.key"));
    ASSERT_EQ(m.answers.extra["provenance"]["decisions"].size(), 1u);
    auto flipped = edit([&](Json& pv, Answers&) { pv["decisions"][0]["chosen"] = pv["decisions"][0]["over"][0]; });
    EXPECT_TRUE(has(flipped.problems, "provenance.decision")) << codes(flipped.problems);
    auto row = edit([](Json& pv, Answers&) { pv["general_info"].erase("so_xa"); });
    EXPECT_TRUE(row.ok());  // a warning: the office typed it
    EXPECT_TRUE(std::any_of(row.problems.begin(), row.problems.end(), [](const Message& x) { return x.code == "provenance.unsourced" && x.where == "gi:so_xa"; }))
        << codes(row.problems);
    EXPECT_NE(row.summary(Lang::Vi).find("; 1 số liệu do cơ quan phụ trách cung cấp nhưng không ghi phần nào"), std::string::npos) << row.summary(Lang::Vi);
    EXPECT_NE(row.summary(Lang::En).find("; 1 value an agency leads names no part"), std::string::npos) << row.summary(Lang::En);
    auto changed_files = files;
    changed_files[2].bytes = "{\"format\": \"cds-part/1\"}";  // the same name, not that part any more
    auto changed = verify_provenance(w.r, w.sha, m.answers, changed_files, &w.trust);
    EXPECT_TRUE(has(changed.problems, "provenance.changed"));
    EXPECT_FALSE(has(changed.problems, "provenance.missing"));
    EXPECT_NE(changed.summary(Lang::En).find("(1 error)"), std::string::npos) << changed.summary(Lang::En);
  }

  // The office one level up takes the signed submission and its dossier's other files: the intake
  // checks the same chain (dossier_chain) and the reports carry it.
  auto sub = sign_submission(w.r, w.sha, m.answers, "2026-11-25T10:00:00+07:00", "test", w.office);
  ASSERT_TRUE(sub);
  RubricCatalogue cat;
  ASSERT_NE(cat.add(w.rubric_text, "test"), nullptr);
  Aggregator agg(cat, std::nullopt);
  auto held = dossier_chain(sub->text, files, agg.lookup(), &w.trust);
  ASSERT_TRUE(held);
  EXPECT_TRUE(held->ok()) << codes(held->problems);
  EXPECT_EQ(held->parts, 15);
  EXPECT_EQ(held->inputs, 32);
  // One part taken out: reported once (provenance.missing), its values not flagged again as naming
  // a part the list does not hold.
  auto broken = dossier_chain(sub->text, fewer, agg.lookup(), &w.trust);
  ASSERT_TRUE(broken);
  EXPECT_FALSE(broken->ok());
  EXPECT_TRUE(has(broken->problems, "provenance.missing"));
  EXPECT_FALSE(has(broken->problems, "provenance.unlisted")) << codes(broken->problems);
  // Answers filled directly carry no chain; a rubric the office does not hold leaves it to the
  // submission's own check.
  auto filled = sign_submission(w.r, w.sha, w.full, "2026-11-25T10:00:00+07:00", "test", w.office);
  ASSERT_TRUE(filled);
  EXPECT_FALSE(dossier_chain(filled->text, files, agg.lookup(), &w.trust));
  EXPECT_FALSE(dossier_chain(sub->text, files, Aggregator(RubricCatalogue{}, std::nullopt).lookup(), &w.trust));
  EXPECT_FALSE(dossier_chain("not json", files, agg.lookup(), &w.trust));

  for (const auto* chain : {&*held, &*broken}) {
    CheckedFile cf = agg.check_file("tinh.zip", sub->text);
    cf.record.evidence = EvidenceTally{};
    cf.record.chain = *chain;
    Aggregator one(cat, std::nullopt);
    one.add(std::move(cf));
    AggregateResult res = one.finish();
    ASSERT_EQ(res.records.size(), 1u);
    // report.json's file line, written in place, is the tree's dump, provenance included.
    Json tree = aggregate_to_json(res, {});
    ASSERT_TRUE(tree["files"][0].contains("provenance"));
    EXPECT_EQ(tree["files"][0]["provenance"]["ok"], chain->ok());
    EXPECT_EQ(tree["files"][0]["provenance"]["parts"], chain->parts);
    std::string text = aggregate_json_text(res, {});
    EXPECT_NE(text.find(tree["files"][0].dump(-1, ' ', false, Json::error_handler_t::replace)), std::string::npos);
    // intake.csv and the unit's page say whether the chain holds.
    std::string csv = aggregate_intake_csv(res, Lang::Vi);
    EXPECT_NE(csv.find(chain->ok() ? "15 phần số liệu có chữ ký của các cơ quan khớp với 32 số liệu" : "KHÔNG khớp"), std::string::npos);
    EXPECT_EQ(intake_dossier_lacking(res.records[0]), !chain->ok());
    std::string html = aggregate_html(res, Lang::En, {});
    EXPECT_NE(html.find(chain->ok() ? "15 signed agency parts match 32 values" : "is not in the dossier"), std::string::npos);
  }
  // Two copies of the one signed submission: the one whose parts hold counts, whatever the names.
  {
    Aggregator two(cat, std::nullopt);
    for (const auto& [name, chain] : {std::pair<std::string, const ProvenanceCheck*>{"a.zip", &*broken}, {"tinh-ban-day-du.zip", &*held}}) {
      CheckedFile cf = agg.check_file(name, sub->text);
      cf.record.evidence = EvidenceTally{};
      cf.record.chain = *chain;
      two.add(std::move(cf));
    }
    AggregateResult res = two.finish();
    ASSERT_EQ(res.records.size(), 2u);
    for (const auto& rec : res.records)
      EXPECT_EQ(rec.status, rec.file == "tinh-ban-day-du.zip" ? IntakeStatus::Valid : IntakeStatus::Duplicate) << rec.file;
  }
}

TEST(Parts, SignPartRefusesValuesOutsideTheAssignment) {
  World w;
  Answers a = w.answers_of(2);
  a.set_value("3", "x", true);
  a.general_info["dan_so"] = 5;
  Messages why;
  EXPECT_FALSE(sign_part(w.packets[1], a, "2026-11-15T09:00:00+07:00", "t", key(2), &why));
  EXPECT_TRUE(has(why, "part.outside")) << codes(why);
  EXPECT_EQ(outside_scope(w.packets[1], a), (std::vector<std::string>{"3/x", "gi:dan_so"}));
  // Nulls outside (a whole-form template) are not values: signed without them.
  Answers t = answers_template(w.r);
  Answers own = w.answers_of(2);
  for (auto it = own.inputs.begin(); it != own.inputs.end(); ++it) t.inputs[it.key()] = it.value();
  auto sp = sign_part(w.packets[1], t, "2026-11-15T09:00:00+07:00", "t", key(2), &why);
  ASSERT_TRUE(sp);
  EXPECT_EQ(sp->supplied, 2);
}

TEST(Parts, HostilePacketsAreRefused) {
  World w;
  Messages why;
  PacketSpec s;
  s.agency = "A02";
  s.unit = {"UBND tỉnh Thử", "TINH-THU", ""};
  s.deadline = kDeadline;
  s.created = "2026-11-01T08:00:00+07:00";
  std::string good = envelope_text(*make_packet(w.r, w.sha, s, w.office, &why));
  EXPECT_TRUE(open_packet(good, &w.r, w.sha).ok());
  // Reordered members (the layout is canonical).
  std::string reordered = replace_once(good, R"("criteria": [
      "2"
    ],
    "deadline": ")" + std::string(kDeadline) + "\",",
                                       "\"deadline\": \"" + std::string(kDeadline) + R"(",
    "criteria": [
      "2"
    ],)");
  auto p = open_packet(reordered, &w.r, w.sha);
  EXPECT_FALSE(p.ok());
  EXPECT_TRUE(has(p.problems, "packet.layout")) << codes(p.problems);
  // A duplicated member.
  p = open_packet(replace_once(good, R"("period": "",)", R"("period": "",
    "period": "x",)"),
                  &w.r, w.sha);
  EXPECT_FALSE(p.ok());
  EXPECT_FALSE(p.problems.empty());
  // The agency relabelled: the signature no longer holds.
  p = open_packet(replace_once(good, R"("id": "A02")", R"("id": "A03")"), &w.r, w.sha);
  EXPECT_TRUE(has(p.problems, "signature.invalid")) << codes(p.problems);
  // A criterion listed twice, a deadline without an offset, re-signed: refused by content.
  Json doc = *parse_json(good).doc;
  doc["signed"]["criteria"] = {"2", "2"};
  doc["signed"]["deadline"] = "2026-11-20 17:00";
  doc["signatures"] = Json::array();
  add_signature(packet_envelope(), doc, "office", w.office, nullptr);
  p = open_packet(envelope_text(doc), &w.r, w.sha);
  EXPECT_TRUE(has(p.problems, "packet.duplicate")) << codes(p.problems);
  EXPECT_TRUE(has(p.problems, "packet.deadline"));
  // A packet giving an agency more than the rubric assigns.
  doc = *parse_json(good).doc;
  doc["signed"]["criteria"] = {"2", "3"};
  doc["signatures"] = Json::array();
  add_signature(packet_envelope(), doc, "office", w.office, nullptr);
  p = open_packet(envelope_text(doc), &w.r, w.sha);
  EXPECT_TRUE(has(p.problems, "packet.scope")) << codes(p.problems);
  // Each refusal is in Vietnamese and English.
  for (const auto& m : p.problems) EXPECT_FALSE(m.vi.empty() || m.en.empty()) << m.code;
  // A deadline before the packet was signed.
  doc = *parse_json(good).doc;
  doc["signed"]["deadline"] = "2026-10-01T17:00:00+07:00";
  doc["signatures"] = Json::array();
  add_signature(packet_envelope(), doc, "office", w.office, nullptr);
  EXPECT_TRUE(has(open_packet(envelope_text(doc), &w.r, w.sha).problems, "packet.deadline"));
  // Unknown agency and an empty unit code are refused when making one.
  s.agency = "A99";
  EXPECT_FALSE(make_packet(w.r, w.sha, s, w.office, &why));
  EXPECT_TRUE(has(why, "packet.agency"));
}

TEST(Parts, HostilePartsAreRefused) {
  World w;
  MergeOptions o;
  o.trust = &w.trust;
  o.packets = w.packets;
  PartFile good = w.part(2, w.answers_of(2), "2026-11-15T09:00:00+07:00");
  auto merge1 = [&](const std::string& bytes) { return merge_parts(w.r, w.sha, w.base(), {{"p.json", bytes}}, o); };
  EXPECT_EQ(merge1(good.bytes).accepted, 1);
  auto refused_with = [&](const std::string& bytes, const std::string& code) {
    auto m = merge1(bytes);
    EXPECT_EQ(m.refused, 1);
    EXPECT_TRUE(has(m.parts[0].part.problems, code)) << code << "\n" << codes(m.parts[0].part.problems);
    for (const auto& e : m.parts[0].part.problems) EXPECT_FALSE(e.vi.empty() || e.en.empty());
  };
  // Relabelled to another agency: the signature breaks.
  refused_with(replace_once(good.bytes, R"("id": "A02")", R"("id": "A03")"), "signature.invalid");
  // Relabelled and signed again with its own key: its key is not registered for A03.
  Json doc = *parse_json(good.bytes).doc;
  doc["signed"]["agency"] = {{"id", "A03"}, {"name", "Sở số 3"}};
  doc["signatures"] = Json::array();
  add_signature(part_envelope(), doc, "preparer", key(2), nullptr);
  refused_with(envelope_text(doc), "trust.agency");
  // A swapped packet hash: the signature breaks; re-signed, it answers no packet sent.
  std::string h = w.packets[1].signed_hash;
  refused_with(replace_once(good.bytes, h, w.packets[2].signed_hash), "signature.invalid");
  doc = *parse_json(good.bytes).doc;
  doc["signed"]["packet"]["sha256"] = w.packets[2].signed_hash;
  doc["signatures"] = Json::array();
  add_signature(part_envelope(), doc, "preparer", key(2), nullptr);
  refused_with(envelope_text(doc), "part.packet");
  // Wrong times: no offset on the signing time; a deadline other than the packet's.
  doc = *parse_json(good.bytes).doc;
  doc["signed"]["created"] = "2026-11-15T09:00:00";
  refused_with(envelope_text(doc), "envelope.time");
  doc = *parse_json(good.bytes).doc;
  doc["signed"]["packet"]["deadline"] = "2026-12-31T17:00:00+07:00";
  doc["signatures"] = Json::array();
  add_signature(part_envelope(), doc, "preparer", key(2), nullptr);
  refused_with(envelope_text(doc), "part.deadline");
  // Signed before the packet existed (a wrong clock, or an edit).
  refused_with(w.part(2, w.answers_of(2), "2026-10-01T09:00:00+07:00").bytes, "part.time");
  // Reordered members and a duplicated member.
  refused_with(replace_once(good.bytes, "\n  \"format\": \"cds-part/1\",", "") + "", "part.format");
  doc = *parse_json(good.bytes).doc;
  std::string dup = replace_once(good.bytes, R"("created": "2026-11-15T09:00:00+07:00",)", R"("created": "2026-11-15T09:00:00+07:00",
    "created": "2026-11-01T09:00:00+07:00",)");
  EXPECT_EQ(merge1(dup).refused, 1);
  // An extra member inside the signed part, signed: refused by the format's own check.
  doc["signed"]["note"] = "x";
  doc["signatures"] = Json::array();
  add_signature(part_envelope(), doc, "preparer", key(2), nullptr);
  refused_with(envelope_text(doc), "part.members");
  // No trust list: nothing is accepted.
  MergeOptions bare;
  EXPECT_TRUE(has(merge_parts(w.r, w.sha, w.base(), {good}, bare).parts[0].part.problems, "merge.no_trust"));
  // A copy of the same part is a duplicate, not a conflict.
  auto twice = merge_parts(w.r, w.sha, w.base(), {good, {"copy.json", good.bytes}}, o);
  EXPECT_EQ(twice.accepted, 1);
  EXPECT_TRUE(twice.conflicts.empty());
}

TEST(Parts, TrustListAgenciesAreOptionalAndChecked) {
  KeyPair k = key(3);
  std::string pk = to_base64(k.public_key);
  auto t = load_trust_list(R"({"format":"cds-trust/1","units":[],"agencies":[{"code":"A03","name":"Sở 3","keys":[{"public_key":")" + pk + R"("}]}]})");
  ASSERT_TRUE(t.trust);
  EXPECT_NE(t.trust->find_agency(k.public_key, "A03"), nullptr);
  EXPECT_EQ(t.trust->find_agency(k.public_key, "A04"), nullptr);
  EXPECT_EQ(t.trust->find(k.public_key), nullptr);  // an agency's key does not sign for a unit
  auto dup = load_trust_list(R"({"format":"cds-trust/1","units":[],"agencies":[{"code":"A03","keys":[]},{"code":"A03","keys":[]}]})");
  EXPECT_FALSE(dup.trust);
  EXPECT_TRUE(load_trust_list(R"({"format":"cds-trust/1","units":[]})").trust);
}

// An agency's part with evidence is one ZIP in the dossier layout (part.json at the top, the files
// under evidence/); the merge checks its files against what the part signed, takes the values
// whatever the files' state, and hands the files on for the province's dossier.
TEST(Parts, PartDossierCarriesEvidenceToTheMerge) {
  World w;
  const std::string pdf = "%PDF-1.4 báo cáo", xlsx = "PK\x03\x04 số liệu";
  auto file_item = [](const std::string& name, const std::string& bytes) {
    EvidenceItem e;
    e.kind = "file";
    e.name = name;
    e.size = static_cast<long long>(bytes.size());
    e.sha256 = sha256_hex(bytes);
    return e;
  };
  Answers a2 = w.answers_of(2);
  a2.evidence["2"] = {file_item("Báo cáo 12/BC.pdf", pdf), file_item("Số liệu.xlsx", xlsx)};
  PartFile p2 = w.part(2, a2, "2026-11-15T09:00:00+07:00");
  ASSERT_FALSE(p2.bytes.empty());
  EXPECT_EQ(dossier_top_name(p2.bytes), kDossierPartName);
  auto signed_a = signed_answers(p2.bytes);
  ASSERT_TRUE(signed_a);
  auto built = build_dossier(p2.bytes, *signed_a, [&](const EvidenceRef& r) -> const std::string* {
    return r.sha256 == sha256_hex(pdf) ? &pdf : r.sha256 == sha256_hex(xlsx) ? &xlsx : nullptr;
  });
  ASSERT_TRUE(built.ok()) << codes(built.problems);
  ASSERT_EQ(built.files.size(), 3u);
  EXPECT_EQ(built.files[0].name, "part.json");
  EXPECT_EQ(built.files[1].name, "evidence/2/Bao cao 12-BC.pdf");
  auto opened = open_dossier(built.files);
  ASSERT_TRUE(opened.submission);
  EXPECT_EQ(opened.top, kDossierPartName);
  EXPECT_EQ(*opened.submission, p2.bytes);
  EXPECT_EQ(opened.others.size(), 2u);
  // Both a submission and a part at the top: which one was signed is unclear.
  auto both = built.files;
  both.push_back({kDossierSubmissionName, "{}"});
  EXPECT_TRUE(has(open_dossier(both).problems, "dossier.duplicate"));

  std::vector<PartFile> files;
  for (int i = 1; i <= kAgencies; ++i)
    if (i != 2 && i != 4 && i != 15) files.push_back(w.part(i, w.answers_of(i), "2026-11-15T09:00:00+07:00"));
  MergeOptions o;
  o.trust = &w.trust;
  o.packets = w.packets;
  auto merge_with = [&](PartFile p) {
    auto all = files;
    all.push_back(std::move(p));
    return std::make_pair(merge_parts(w.r, w.sha, w.base(), all, o), all);
  };
  // Whole: accepted, 2/2, no warning, both files handed on at their paths.
  PartFile whole = p2;
  whole.name = "A02.part.zip";
  whole.dossier = true;
  whole.evidence = opened.others;
  auto [m, all] = merge_with(whole);
  const MergedPart* mp = find_part(m, "A02");
  ASSERT_TRUE(mp && mp->state == MergedPart::State::Accepted);
  ASSERT_TRUE(mp->evidence);
  EXPECT_EQ(mp->evidence->named, 2);
  EXPECT_TRUE(mp->evidence->complete());
  EXPECT_FALSE(has(m.problems, "part.evidence")) << codes(m.problems);
  EXPECT_EQ(m.answers.evidence["2"].size(), 2u);
  auto ev = merged_evidence_files(m, all);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].name, "evidence/2/Bao cao 12-BC.pdf");
  EXPECT_EQ(ev[0].bytes, pdf);
  EXPECT_EQ(ev[1].bytes, xlsx);
  // A parts without its evidence: the values still count, the missing file is said (a warning).
  PartFile lacking = whole;
  lacking.evidence.pop_back();
  auto [m2, all2] = merge_with(lacking);
  mp = find_part(m2, "A02");
  ASSERT_TRUE(mp && mp->state == MergedPart::State::Accepted && mp->evidence);
  EXPECT_EQ(mp->evidence->missing, 1);
  EXPECT_TRUE(has(m2.problems, "part.evidence"));
  EXPECT_EQ(merged_evidence_files(m2, all2).size(), 1u);
  EXPECT_EQ(answers_to_text(m2.answers), answers_to_text(m.answers));
  // A file changed inside the ZIP is not handed on.
  PartFile changed = whole;
  changed.evidence[0].bytes += " sửa";
  auto [m3, all3] = merge_with(changed);
  mp = find_part(m3, "A02");
  ASSERT_TRUE(mp && mp->evidence);
  EXPECT_EQ(mp->evidence->changed, 1);
  ASSERT_EQ(merged_evidence_files(m3, all3).size(), 1u);
  EXPECT_EQ(merged_evidence_files(m3, all3)[0].bytes, xlsx);
  // The same part as a plain .json: all named files missing, the warning asks for the dossier.
  auto [m4, all4] = merge_with(p2);
  mp = find_part(m4, "A02");
  ASSERT_TRUE(mp && mp->evidence);
  EXPECT_EQ(mp->evidence->missing, 2);
  auto w4 = std::find_if(m4.problems.begin(), m4.problems.end(), [](const Message& x) { return x.code == "part.evidence"; });
  ASSERT_NE(w4, m4.problems.end());
  EXPECT_NE(w4->vi.find(".zip"), std::string::npos);
  EXPECT_TRUE(merged_evidence_files(m4, all4).empty());
  // A part naming no files has no tally.
  EXPECT_FALSE(find_part(m4, "A01")->evidence);
}

// A rubric whose document assigns nothing (NQ57, a commune's party committee) split by an
// assignment plan: packets carry it, the merge records it, the chain check applies it again; the
// rubric's own bytes (and SHA-256) never change. Hostile plans are refused with their reasons.
TEST(Parts, AssignmentPlanSplitsARubricThatDeclaresNone) {
  const std::string text = testutil::slurp("assets/rubrics/nhuthanh-2026-nq57.json");
  const std::string sha = sha256_hex(text);
  auto g = testutil::load_golden("nhuthanh-2026-nq57", "full");
  const Rubric& r = g.r;
  ASSERT_TRUE(r.agencies.empty());
  AssignmentPlan plan = assignment_template(r, sha);
  plan.agencies = {{"VP", "Văn phòng Đảng ủy", {}}, {"UBND", "Ủy ban nhân dân xã", {}}};
  for (size_t i = 1; i < r.criteria.size(); ++i) plan.criteria[r.criteria[i].id] = {i < 10 ? "VP" : "UBND"};  // criterion 0 stays the office's
  // The plan survives its own JSON; the template lists every criterion with an empty list.
  auto again = assignment_from_json(assignment_to_json(plan));
  ASSERT_TRUE(again.plan) << codes(again.messages);
  EXPECT_EQ(assignment_to_json(*again.plan), assignment_to_json(plan));
  Messages why;
  auto split = with_assignment(r, sha, plan, &why);
  ASSERT_TRUE(split) << codes(why);
  EXPECT_EQ(agency_scope(*split, "VP")->criteria.size(), 9u);
  EXPECT_TRUE(split->criteria[0].assignment.agencies.empty());
  // Hostile or mistaken plans.
  auto refused = [&](AssignmentPlan p, const char* code) {
    Messages m;
    EXPECT_FALSE(with_assignment(r, sha, p, &m));
    EXPECT_TRUE(has(m, code)) << code << "\n" << codes(m);
  };
  AssignmentPlan p2 = plan;
  p2.rubric_sha256 = std::string(64, '0');
  refused(p2, "assignment.rubric");
  p2 = plan;
  p2.criteria["Z.9"] = {"VP"};
  refused(p2, "assignment.unknown");
  World w;  // a rubric that declares its own split
  AssignmentPlan p3 = plan;
  p3.rubric_id = w.r.id, p3.rubric_version = w.r.version, p3.rubric_sha256 = w.sha;
  p3.criteria.clear();
  Messages m3;
  EXPECT_FALSE(with_assignment(w.r, w.sha, p3, &m3));
  EXPECT_TRUE(has(m3, "assignment.declared"));
  for (const char* bad : {R"({"format":"cds-assignment/1"})",
                          R"({"format":"cds-assignment/1","rubric":{"id":"x","version":"1","sha256":"0"},"agencies":[{"id":"A","name":"a"},{"id":"A","name":"b"}],"criteria":{},"general_info":{}})",
                          R"({"format":"cds-assignment/1","rubric":{"id":"x","version":"1","sha256":"0"},"agencies":[{"id":"A","name":"a"}],"criteria":{"1":["B"]},"general_info":{}})",
                          R"({"format":"cds-assignment/1","rubric":{"id":"x","version":"1","sha256":"0"},"agencies":[{"id":"A","name":"a"}],"criteria":{"1":"A"},"general_info":{}})",
                          R"({"format":"cds-assignment/1","rubric":{"id":"x","version":"1","sha256":"0"},"agencies":[],"criteria":{},"general_info":{},"x":1})",
                          "[]", "{\"format\":\"cds-assignment/1\",\"agencies\":\"\xff\"}"}) {
    auto l = load_assignment(bad);
    EXPECT_FALSE(l.plan) << bad;
    EXPECT_TRUE(has_errors(l.messages)) << bad;
  }

  // Packets carry the plan; opened against the plain rubric they give the split's scope.
  KeyPair office = key(100), vp = key(1), ubnd = key(2);
  TrustList trust;
  trust.agencies.push_back({key_id(vp.public_key), vp.public_key, "VP", "Văn phòng Đảng ủy"});
  trust.agencies.push_back({key_id(ubnd.public_key), ubnd.public_key, "UBND", "Ủy ban nhân dân xã"});
  trust.reindex();
  std::vector<Packet> packets;
  for (const char* id : {"VP", "UBND"}) {
    PacketSpec s;
    s.agency = id;
    s.unit = {"Đảng ủy xã Như Thanh", "NHUTHANH", ""};
    s.period = "2026";
    s.deadline = "2026-06-19T09:00:00+07:00";
    s.created = "2026-06-10T08:00:00+07:00";
    s.app_version = "t";
    s.assignment = &plan;
    Messages pm;
    auto doc = make_packet(*split, sha, s, office, &pm);
    ASSERT_TRUE(doc) << codes(pm);
    Packet k = open_packet(envelope_text(*doc), &r, sha);
    ASSERT_TRUE(k.ok()) << codes(k.problems);
    ASSERT_TRUE(k.assignment);
    EXPECT_EQ(k.scope.criteria, agency_scope(*split, id)->criteria);
    packets.push_back(std::move(k));
  }
  // The parts, from the full answers, merged with the office's own criterion: the whole form.
  std::vector<PartFile> files;
  for (size_t i = 0; i < 2; ++i) {
    Answers a;
    for (const auto& c : packets[i].scope.criteria) a.inputs[c] = g.a.inputs[c];
    Messages sm;
    auto sp = sign_part(packets[i], a, "2026-06-15T09:00:00+07:00", "t", i ? ubnd : vp, &sm);
    ASSERT_TRUE(sp) << codes(sm);
    files.push_back({packets[i].scope.id + ".part.json", sp->text});
  }
  Answers base;
  base.unit = {"Đảng ủy xã Như Thanh", "NHUTHANH", ""};
  base.period = "2026";
  base.inputs[r.criteria[0].id] = g.a.inputs[r.criteria[0].id];
  MergeOptions o;
  o.trust = &trust;
  o.packets = packets;
  o.assignment = &plan;
  auto m = merge_parts(*split, sha, base, files, o);
  ASSERT_TRUE(m.ok()) << codes(m.problems);
  EXPECT_EQ(score(r, m.answers).total, g.s.total);
  ASSERT_TRUE(m.answers.extra["provenance"].contains("assignment"));
  // The next level has only the published rubric: the recorded split is applied again.
  std::vector<DossierFile> dossier = merged_part_files(m, files);
  auto pc = verify_provenance(r, sha, m.answers, dossier, &trust);
  EXPECT_TRUE(pc.ok()) << codes(pc.problems);
  EXPECT_EQ(pc.parts, 2);
  // Without the recorded split the parts cannot be placed; with another one, they fall outside it.
  Answers no_plan = m.answers;
  no_plan.extra["provenance"].erase("assignment");
  EXPECT_FALSE(verify_provenance(r, sha, no_plan, dossier, &trust).ok());
  Answers moved = m.answers;
  Json& crit = moved.extra["provenance"]["assignment"]["criteria"];
  crit[r.criteria[12].id] = Json::array({"VP"});
  auto pm = verify_provenance(r, sha, moved, dossier, &trust);
  EXPECT_FALSE(pm.ok());
  EXPECT_TRUE(has(pm.problems, "part.outside")) << codes(pm.problems);
}
