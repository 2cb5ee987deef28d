// cds/base/message.hpp — a diagnostic in Vietnamese first, English second.
//
// Every problem core reports (lint errors, invalid inputs, verification failures) is a Message
// with a stable machine code (for tests and other systems), both languages, and where it applies
// (a JSON path such as `sections[2].criteria[0].rule`, a criterion id, or a line:column). A
// message about one of a criterion's inputs also names that input (`input`), so that a form can
// mark the field.
#pragma once

#include <string>
#include <vector>

namespace cds {

enum class Lang { Vi, En };

// The text in the language asked for: T(lang, "Tổng", "Total").
inline const char* T(Lang l, const char* vi, const char* en) { return l == Lang::Vi ? vi : en; }

enum class Severity { Info, Warning, Error };

struct Message {
  Severity severity = Severity::Error;
  std::string code;   // e.g. "ratio.num_gt_den"
  std::string vi;     // "Tử số (12) lớn hơn mẫu số (10)"
  std::string en;     // "Numerator (12) is greater than denominator (10)"
  std::string where;  // path / criterion id / "line 3, column 14"
  // The input the message is about, when it is about one: the input's id within the criterion
  // (`where`), or "gi:<id>" for a general-information field. Empty otherwise.
  std::string input;

  // The message in one language (every caller that shows one asks here).
  const std::string& text(Lang l) const { return l == Lang::Vi ? vi : en; }
  // The same, preceded by where it applies.
  std::string line(Lang l) const { return where.empty() ? text(l) : where + ": " + text(l); }
  std::string text_vi() const { return line(Lang::Vi); }
  std::string text_en() const { return line(Lang::En); }
  // Both languages, for logs and test failures.
  std::string text() const { return text_vi() + " / " + en; }
};

using Messages = std::vector<Message>;

inline Message message(Severity s, std::string code, std::string vi, std::string en, std::string where = {}, std::string input = {}) {
  return Message{s, std::move(code), std::move(vi), std::move(en), std::move(where), std::move(input)};
}
inline Message error(std::string code, std::string vi, std::string en, std::string where = {}) {
  return message(Severity::Error, std::move(code), std::move(vi), std::move(en), std::move(where));
}
inline Message warning(std::string code, std::string vi, std::string en, std::string where = {}) {
  return message(Severity::Warning, std::move(code), std::move(vi), std::move(en), std::move(where));
}
inline Message info(std::string code, std::string vi, std::string en, std::string where = {}) {
  return message(Severity::Info, std::move(code), std::move(vi), std::move(en), std::move(where));
}
// The first error among ms, or nullptr.
inline const Message* first_error(const Messages& ms) {
  for (const auto& m : ms)
    if (m.severity == Severity::Error) return &m;
  return nullptr;
}
inline bool has_errors(const Messages& ms) { return first_error(ms) != nullptr; }
// Every error as a line "\n- where: text", in Vietnamese or English (for verdicts).
inline std::string error_lines(const Messages& ms, bool vi) {
  std::string s;
  for (const auto& m : ms)
    if (m.severity == Severity::Error) s += "\n- " + (vi ? m.text_vi() : m.text_en());
  return s;
}

}  // namespace cds
