// `cds lint`, `cds template`, `cds score`.
#include <cstdio>

#include "cds/model/answers.hpp"
#include "cds/model/info_sheet.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "cds/base/version.hpp"
#include "cds/model/workbook.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "xlsx_out.hpp"

namespace cli {
namespace {

// Loads a rubric file; prints problems. Returns nullopt and sets *code on failure.
std::optional<cds::Rubric> load_rubric_file(const std::string& path, int* code, bool lint_too) {
  auto bytes = read_file(path);
  if (!bytes) {
    *code = kUsage;
    return std::nullopt;
  }
  auto loaded = cds::load_rubric(*bytes);
  print_messages(loaded.messages, path);
  if (!loaded.rubric) {
    *code = kInvalid;
    return std::nullopt;
  }
  if (lint_too) {
    auto problems = cds::lint(*loaded.rubric);
    if (cds::has_errors(problems)) {
      std::fprintf(stderr, "%s: cảnh báo/warning: bộ tiêu chí chưa đạt kiểm tra (cds lint) / the rubric fails lint (cds lint)\n",
                   path.c_str());
    }
  }
  return std::move(loaded.rubric);
}

// Every drafting decision: what the document prints, and what cds applies and why.
void print_drafting_notes(const cds::Rubric& r) {
  for (const auto& n : cds::drafting_notes(r)) {
    std::string head = n.criterion.empty() ? std::string("Toàn bộ tiêu chí / whole rubric") : "[" + n.code + "] " + n.title;
    std::string kind = n.klass == "ambiguity" ? "ghi chú / note" : n.klass == "exclusive" ? "loại trừ nhau / exclusive: " + n.title
                       : n.klass == "total" ? "tổng điểm / total" : cds::literal_class_label(n.klass, cds::Lang::Vi) + " / " + cds::literal_class_label(n.klass, cds::Lang::En);
    std::printf("\n%s\n  (%s)\n", head.c_str(), kind.c_str());
    if (!n.printed.empty()) std::printf("  Văn bản in / as printed: %s\n", n.printed.c_str());
    std::printf("  cds áp dụng / cds applies: %s\n", n.decision.c_str());
  }
}

}  // namespace

int cmd_lint(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--json", "--quiet", "--notes"}, {});
  if (!args) return kUsage;
  if (args->positional.empty()) {
    usage_error("Cách dùng: cds lint <tệp-tiêu-chí.json>... [--notes]", "Usage: cds lint <rubric.json>... [--notes]");
    return kUsage;
  }
  int worst = kOk;
  for (const auto& path : args->positional) {
    auto bytes = read_file(path);
    if (!bytes) {
      worst = kUsage;
      continue;
    }
    auto loaded = cds::load_rubric(*bytes);
    cds::Messages all = loaded.messages;
    if (loaded.rubric) {
      auto more = cds::lint(*loaded.rubric);
      all.insert(all.end(), more.begin(), more.end());
    }
    print_messages(all, path);
    bool bad = !loaded.rubric || cds::has_errors(all);
    if (bad) {
      int errors = 0;
      for (const auto& m : all) errors += m.severity == cds::Severity::Error;
      std::fprintf(stderr, "%s: %d lỗi / %d error(s)\n", path.c_str(), errors, errors);
      if (worst == kOk) worst = kInvalid;
    } else if (!args->has("--quiet")) {
      const auto& r = *loaded.rubric;
      size_t notes = cds::drafting_notes(r).size();
      std::printf("%s: hợp lệ / valid — %s %s, %zu tiêu chí / criteria, thang điểm / scale %s; %zu ghi chú soạn thảo / drafting notes%s\n",
                  path.c_str(), r.id.c_str(), r.version.c_str(), r.criteria.size(), cds::format_number(r.scale).c_str(), notes,
                  notes && !args->has("--notes") ? " (cds lint --notes)" : "");
    }
    if (args->has("--notes") && loaded.rubric) print_drafting_notes(*loaded.rubric);
  }
  return worst;
}

int cmd_template(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {}, {"--out"});
  if (!args) return kUsage;
  if (args->positional.size() != 1) {
    usage_error("Cách dùng: cds template <tệp-tiêu-chí.json> [--out tệp.json]", "Usage: cds template <rubric.json> [--out file.json]");
    return kUsage;
  }
  int code = kOk;
  auto r = load_rubric_file(args->positional[0], &code, true);
  if (!r) return code;
  std::string text = cds::answers_to_text(cds::answers_template(*r));
  if (auto out = args->get("--out")) return write_file(*out, text) ? kOk : kUsage;
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kOk;
}

int cmd_score(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--json", "--no-explain"}, {"--lang", "--xlsx"});
  if (!args) return kUsage;
  if (args->positional.size() != 2) {
    usage_error("Cách dùng: cds score <tệp-tiêu-chí.json> <bài-làm.json> [--json] [--lang vi|en] [--xlsx bang-tu-danh-gia.xlsx]",
                "Usage: cds score <rubric.json> <answers.json> [--json] [--lang vi|en] [--xlsx self-assessment.xlsx]");
    return kUsage;
  }
  int code = kOk;
  auto r = load_rubric_file(args->positional[0], &code, true);
  if (!r) return code;
  auto bytes = read_file(args->positional[1]);
  if (!bytes) return kUsage;
  auto loaded = cds::load_answers(*bytes);
  print_messages(loaded.messages, args->positional[1]);
  if (!loaded.answers) return kInvalid;
  cds::ScoreOptions opt;
  opt.lang = lang_from(*args);
  opt.explain = !args->has("--no-explain");
  auto sheet = cds::score(*r, *loaded.answers, opt);
  if (cds::has_errors(sheet.messages)) {
    print_messages(sheet.messages, args->positional[1]);
    return kInvalid;
  }
  if (auto xf = args->get("--xlsx")) {  // the self-assessment in the official layout, for Excel
    cds::SelfAssessmentWorkbookInfo info;
    info.created = xlsx_created();
    info.printed_at = local_time_text(info.created);
    info.app_version = cds::kVersion;
    if (!write_xlsx(*xf, cds::self_assessment_workbook(*r, *loaded.answers, sheet, opt.lang, info))) return kUsage;
  }
  if (args->has("--json")) {
    cds::Json j = cds::score_to_json(sheet, *r);
    auto info = cds::information_sheet(*r, *loaded.answers, opt.lang);
    if (!info.empty()) j["general_info"] = cds::information_sheet_json(info, *loaded.answers);
    if (cds::Json src = cds::figure_sources_json(*r); !src.empty()) j["figure_sources"] = std::move(src);
    std::string out = j.dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    std::string out = cds::score_to_table(sheet, *r, opt.lang);
    std::string info = cds::information_sheet_text(*r, cds::information_sheet(*r, *loaded.answers, opt.lang), opt.lang);
    if (!info.empty()) out += "\n" + info;
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return sheet.problems > 0 ? kInvalid : kOk;
}

}  // namespace cli
