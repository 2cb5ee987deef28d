// What a verification says to people: the headline, the plain account a clerk reads (short
// sentences, role names, criterion codes and titles, decimal commas, local times) and, apart, the
// technical detail (codes, JSON paths, hashes, key ids, ISO times) for the "Chi tiết kỹ thuật" fold.
#include <algorithm>
#include <set>

#include "cds/base/text.hpp"
#include "cds/signing/submission.hpp"

namespace cds {
namespace {

bool vi(Lang l) { return l == Lang::Vi; }

// "signatures[1]" → 1; npos when `where` names no signature.
size_t signature_index(const std::string& where) {
  static const std::string kPrefix = "signatures[";
  if (where.rfind(kPrefix, 0) != 0) return std::string::npos;
  size_t i = 0, p = kPrefix.size();
  if (p >= where.size() || where[p] < '0' || where[p] > '9') return std::string::npos;
  for (; p < where.size() && where[p] >= '0' && where[p] <= '9' && i < 1000; ++p) i = i * 10 + static_cast<size_t>(where[p] - '0');
  return i;
}

// The signer in plain words, by the role written or, when it is not one cds knows, by position.
std::string signer(const Verification& v, size_t i, Lang l, bool capital) {
  std::string role;
  if (i < v.signatures.size()) role = v.signatures[i].role;
  if (role != "preparer" && role != "head") role = i == 0 ? "preparer" : i == 1 ? "head" : "";
  if (role == "preparer") return vi(l) ? (capital ? "Người lập biểu" : "người lập biểu") : (capital ? "The preparer" : "the preparer");
  if (role == "head") return vi(l) ? (capital ? "Thủ trưởng đơn vị" : "thủ trưởng đơn vị") : (capital ? "The head of the unit" : "the head of the unit");
  return vi(l) ? (capital ? "Một người ký" : "một người ký") : (capital ? "A signer" : "a signer");
}

std::string signer_of(const Verification& v, const Message& m, Lang l, bool capital) {
  size_t i = signature_index(m.where);
  return i == std::string::npos ? std::string(vi(l) ? (capital ? "Một người ký" : "một người ký") : (capital ? "A signer" : "a signer"))
                                : signer(v, i, l, capital);
}

std::string unit_of(const Verification& v) { return name_with_code(v.unit_name, v.unit_code); }

std::string criterion_text(const std::string& code, const std::string& title, const std::string& id, Lang l) {
  std::string s = std::string(T(l, "Tiêu chí ", "Criterion ")) + (code.empty() ? id : code);
  if (!title.empty()) s += " (" + ellipsize(title, 60) + ")";
  return s;
}

// Points for people: two decimals ("9,50"); more when two differing values would read the same.
std::string points(const Num& n, Lang l, const std::optional<Num>& other) {
  std::string s = format_fixed(n, 2, l);
  if (other && *other != n && format_fixed(*other, 2, l) == s) s = format_number(n, l, 6);
  return s;
}

std::string status_words(const std::string& name, Lang l) {
  for (Status s : {Status::Answered, Status::Unanswered, Status::Invalid, Status::Pending})
    if (name == status_name(s)) return std::string("«") + status_label(s, l) + "»";
  return T(l, "«không rõ»", "«unknown»");
}

// One score difference in a sentence.
std::string difference_text(const ScoreDifference& d, Lang l) {
  bool V = vi(l);
  auto both = [&](const std::string& what, bool pts) {
    std::string cl = d.claimed_value ? (pts ? points(*d.claimed_value, l, d.recomputed_value) + T(l, " điểm", " points")
                                             : format_number(*d.claimed_value, l, 2))
                                     : std::string(T(l, "một giá trị không đọc được", "a value that cannot be read"));
    std::string rc = d.recomputed_value ? (pts ? points(*d.recomputed_value, l, d.claimed_value) + T(l, " điểm", " points")
                                                : format_number(*d.recomputed_value, l, 2))
                                        : std::string("—");
    return what + (V ? ": tệp ghi " + cl + ", tính lại được " + rc + "." : ": the file says " + cl + ", recomputed " + rc + ".");
  };
  if (d.where == "total") return both(T(l, "Tổng điểm", "Total"), true);
  if (d.where == "max") return both(T(l, "Thang điểm", "Scale"), true);
  if (d.where == "regular") return both(T(l, "Điểm các tiêu chí (không kể điểm thưởng, điểm trừ)", "Criteria points (without bonus and penalty)"), true);
  if (d.where == "bonus") return both(T(l, "Điểm thưởng", "Bonus points"), true);
  if (d.where == "penalty") return both(T(l, "Điểm trừ", "Penalty points"), true);
  if (d.where == "answered") return both(T(l, "Số tiêu chí đã nhập", "Criteria answered"), false);
  if (d.where == "items") return both(T(l, "Số tiêu chí", "Number of criteria"), false);
  if (d.where == "criteria")
    return V ? "Danh sách tiêu chí trong tệp không khớp với bộ tiêu chí (tệp có " + (d.claimed_value ? format_number(*d.claimed_value, l, 0) : "?") +
                   " tiêu chí, bộ tiêu chí có " + (d.recomputed_value ? format_number(*d.recomputed_value, l, 0) : "?") + ")."
             : "The file's list of criteria does not match the rubric (the file has " +
                   (d.claimed_value ? format_number(*d.claimed_value, l, 0) : "?") + ", the rubric " +
                   (d.recomputed_value ? format_number(*d.recomputed_value, l, 0) : "?") + ").";
  if (d.where == "sections")
    return T(l, "Điểm của các phần, mục ghi trong tệp khác với điểm tính lại.", "The section scores in the file differ from those recomputed.");
  // A criterion.
  std::string who = criterion_text(d.code, d.title, d.where, l);
  if (d.claimed_value && d.recomputed_value && *d.claimed_value != *d.recomputed_value) return both(who, true);
  if (!d.claimed_status.empty() && d.claimed_status != d.recomputed_status)
    return who + (V ? ": tệp ghi " + status_words(d.claimed_status, l) + ", tính lại được " + status_words(d.recomputed_status, l) + "."
                    : ": the file says " + status_words(d.claimed_status, l) + ", recomputed " + status_words(d.recomputed_status, l) + ".");
  if (!d.claimed_value && d.recomputed_value)
    return who + (V ? ": điểm ghi trong tệp không đọc được; tính lại được " + points(*d.recomputed_value, l, std::nullopt) + " điểm."
                    : ": the score in the file cannot be read; recomputed " + points(*d.recomputed_value, l, std::nullopt) + " points.");
  return who + T(l, ": phần điểm ghi trong tệp khác với điểm tính lại.", ": what the file records differs from the recomputation.");
}

bool changed_after_signing(const std::string& code) {
  return code == "submission.layout" || code == "submission.extra" || code == "submission.canonical" || code == "signature.invalid" ||
         code == "signature.key_id" || code == "signature.encoding" || code == "signature.members" || code == "signature.alg";
}

bool has_code(const Verification& v, const std::string& code) {
  for (const auto& m : v.problems)
    if (m.code == code) return true;
  return false;
}

// Every reason in plain words, each once, score differences one a line.
std::vector<std::string> reasons(const Verification& v, Lang l) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& s) {
    if (!s.empty() && seen.insert(s).second) out.push_back(s);
  };
  bool unreadable = false;
  // Errors first, then warnings and notes (the old-format note after what is wrong).
  std::vector<const Message*> order;
  for (const auto& m : v.problems)
    if (m.severity == Severity::Error) order.push_back(&m);
  for (const auto& m : v.problems)
    if (m.severity != Severity::Error) order.push_back(&m);
  for (const Message* mp : order) {
    const Message& m = *mp;
    std::string s = plain_problem(v, m, l);
    if (s.empty()) {
      if (unreadable) continue;
      unreadable = true;
      s = T(l, "Tệp còn vấn đề khác (xem phần chi tiết kỹ thuật).", "The file has another problem (see the technical details).");
    }
    add(s);
    if (m.code == "scores.differ") {
      const size_t kShown = 30;
      for (size_t i = 0; i < v.differences.size() && i < kShown; ++i) add(difference_text(v.differences[i], l));
      if (v.differences.size() > kShown)
        add(vi(l) ? "… và " + std::to_string(v.differences.size() - kShown) + " chỗ khác (xem phần chi tiết kỹ thuật)."
                  : "… and " + std::to_string(v.differences.size() - kShown) + " more (see the technical details).");
    }
  }
  return out;
}

}  // namespace

std::string plain_problem(const Verification& v, const Message& m, Lang l) {
  bool V = vi(l);
  const std::string& c = m.code;
  if (c.rfind("json.", 0) == 0) {
    if (c == "json.too_large") return T(l, "Tệp quá lớn, không phải một bài nộp.", "The file is too large to be a submission.");
    if (c == "json.empty") return T(l, "Tệp rỗng.", "The file is empty.");
    return T(l, "Tệp bị hỏng hoặc không phải tệp bài nộp: không đọc được nội dung.", "The file is damaged or not a submission: its content cannot be read.");
  }
  if (c == "submission.format")
    return T(l, "Tệp không phải bài nộp cds, hoặc được tạo bằng phiên bản cds mà máy này chưa đọc được.",
             "The file is not a cds submission, or was made by a cds version this device cannot read.");
  if (c == "submission.structure")
    return T(l, "Tệp thiếu phần nội dung hoặc phần chữ ký của một bài nộp.", "The file lacks the content or the signatures of a submission.");
  if (c == "submission.layout")
    return T(l, "Nội dung tệp đã bị sửa sau khi ký (viết lại khác với tệp gốc); hãy yêu cầu đơn vị gửi lại đúng tệp đã ký.",
             "The file was changed after signing (rewritten differently from the original); ask the unit for the file it signed.");
  if (c == "submission.extra")
    return T(l, "Tệp bị thêm nội dung nằm ngoài phần đã ký; hãy yêu cầu đơn vị gửi lại đúng tệp đã ký.",
             "Content was added outside the signed part; ask the unit for the file it signed.");
  if (c == "submission.canonical")
    return T(l, "Phần nội dung được ký bị hỏng, không kiểm tra được chữ ký.", "The signed content is damaged; the signatures cannot be checked.");
  if (c == "envelope.time") return T(l, "Thời điểm ký ghi trong tệp không hợp lệ.", "The signing time written in the file is not valid.");
  if (c == "envelope.legacy")
    return T(l, "Tệp được ký theo cách cũ: chữ ký không bảo vệ vai trò người ký; nên đề nghị đơn vị ký lại bằng phiên bản cds hiện tại.",
             "The file was signed the old way: the signatures do not protect the signers' roles; ask the unit to sign again with the current cds.");
  if (c == "signature.none") return T(l, "Tệp chưa có chữ ký nào.", "The file has no signature.");
  if (c == "signature.invalid")
    return V ? "Nội dung tệp đã bị sửa sau khi ký: chữ ký của " + signer_of(v, m, l, false) + " không còn khớp."
             : "The file was changed after signing: the signature of " + signer_of(v, m, l, false) + " no longer matches.";
  if (c == "signature.order")
    return T(l, "Thứ tự chữ ký sai: người lập biểu ký trước, thủ trưởng đơn vị ký sau, mỗi người một lần.",
             "The signatures are out of order: the preparer signs first, then the head of the unit, each once.");
  if (c == "signature.role")
    return T(l, "Có chữ ký ghi vai trò không có trong quy trình (chỉ người lập biểu và thủ trưởng đơn vị ký bài nộp).",
             "A signature names a role that does not exist (only the preparer and the head of the unit sign a submission).");
  if (c == "signature.too_many")
    return T(l, "Tệp có nhiều chữ ký hơn số người ký: không phải tệp do đơn vị ký; hãy yêu cầu gửi lại tệp gốc.",
             "The file has more signatures than signers: it is not the file the unit signed; ask for the original.");
  if (c == "signature.duplicate_key")
    return T(l, "Hai chữ ký dùng cùng một khóa: người lập biểu và thủ trưởng đơn vị phải ký bằng khóa riêng của mình.",
             "Two signatures use the same key: the preparer and the head of the unit each sign with their own key.");
  if (c == "signature.key_id" || c == "signature.encoding" || c == "signature.members" || c == "signature.alg")
    return V ? "Chữ ký của " + signer_of(v, m, l, false) + " bị hỏng hoặc bị sửa, không kiểm tra được."
             : "The signature of " + signer_of(v, m, l, false) + " is damaged or was altered; it cannot be checked.";
  if (c == "trust.unknown")
    return V ? "Khóa ký của " + signer_of(v, m, l, false) + " không có trong danh sách khóa tin cậy của cơ quan nhận."
             : "The key of " + signer_of(v, m, l, false) + " is not in the receiving office's list of trusted keys.";
  if (c == "trust.other_unit") {
    size_t i = signature_index(m.where);
    std::string other = i < v.signatures.size() ? v.signatures[i].trusted_unit : std::string();
    return V ? "Khóa ký của " + signer_of(v, m, l, false) + " đã đăng ký cho đơn vị " + other + ", không phải " + unit_of(v) + "."
             : "The key of " + signer_of(v, m, l, false) + " is registered for unit " + other + ", not " + unit_of(v) + ".";
  }
  if (c == "answers.too_long" || c == "answers.info_value" || c == "answers.too_many_evidence")
    return (V ? m.vi : m.en) + (V ? ": cơ quan nhận không tiếp nhận; đơn vị cần sửa rồi ký lại." : ": the receiving office does not accept it; the unit must correct it and sign again.");
  if (c.rfind("answers.", 0) == 0)
    return T(l, "Phần bài làm trong tệp không đọc được.", "The answers in the file cannot be read.");
  if (c == "submission.rubric")
    return T(l, "Tệp không ghi bộ tiêu chí đã dùng để chấm.", "The file does not say which rubric it was scored with.");
  if (c == "rubric.not_found")
    return V ? "Máy này chưa có bộ tiêu chí mà bài nộp sử dụng (" + ellipsize(v.rubric_id, 60) +
                   "), nên chưa tính lại được điểm; hãy cập nhật cds hoặc nạp bộ tiêu chí đó."
             : "This device does not have the rubric the submission uses (" + ellipsize(v.rubric_id, 60) +
                   "), so the scores cannot be recomputed; update cds or load that rubric.";
  if (c == "rubric.hash")
    return T(l, "Bộ tiêu chí đơn vị dùng để chấm khác với bản chính thức trên máy này.",
             "The rubric the unit scored with differs from the official one on this device.");
  if (c == "submission.scores") return T(l, "Tệp thiếu bài làm hoặc bảng điểm.", "The file lacks its answers or its scores.");
  if (c == "submission.exclusive") {
    auto it = v.criterion_names.find(m.where);
    std::string who = it == v.criterion_names.end() ? criterion_text("", "", m.where, l) : criterion_text(it->second.first, it->second.second, m.where, l);
    // score.cpp words the two cases "Only one of criteria …" (both claimed) and "One of criteria … must count" (none).
    bool none = m.en.rfind("The submission: One of criteria", 0) == 0;
    if (none)
      return who + T(l, ": trong nhóm tiêu chí này phải có đúng một tiêu chí được tính, nhưng bài nộp không khai tiêu chí nào.",
                     ": exactly one criterion of this group must count, but the submission claims none.");
    return who + T(l, ": khai cùng lúc với tiêu chí loại trừ nó; chỉ một tiêu chí trong nhóm được tính.",
                   ": claimed together with a criterion that excludes it; only one of the group counts.");
  }
  if (c == "scores.differ")
    return V ? "Điểm ghi trong tệp khác với điểm tính lại từ số liệu ở " + std::to_string(v.differences.size()) + " chỗ:"
             : "The scores in the file differ from those recomputed from the figures in " + std::to_string(v.differences.size()) + " places:";
  return {};
}

std::string Verification::headline(Lang l) const {
  bool V = vi(l);
  if (!parsed) return T(l, "KHÔNG HỢP LỆ: tệp này không phải bài nộp cds đọc được.", "INVALID: this file is not a readable cds submission.");
  std::string who = unit_of(*this);
  std::string of = who.empty() ? std::string(T(l, "bài nộp", "the submission")) : (V ? "bài nộp của " + who : "the submission of " + who);
  if (ok())
    return V ? "HỢP LỆ: " + of + " có chữ ký đúng và mọi điểm tính lại đều khớp, tổng " + fmt_points(total, l, 2) + "/" + fmt_points(scale, l, 2) + " điểm."
             : "VALID: " + of + " is correctly signed and every recomputed score agrees, total " + fmt_points(total, l, 2) + "/" +
                   fmt_points(scale, l, 2) + ".";
  std::string why;
  bool changed = false;
  for (const auto& m : problems) changed = changed || changed_after_signing(m.code);
  if (changed) why = T(l, "đã bị sửa sau khi ký", "was changed after signing");
  else if (has_code(*this, "signature.none")) why = T(l, "chưa được ký", "is not signed");
  else if (has_code(*this, "signature.order") || has_code(*this, "signature.role") || has_code(*this, "signature.duplicate_key") ||
           has_code(*this, "signature.too_many"))
    why = T(l, "có chữ ký sai thứ tự hoặc sai vai trò", "has signatures in the wrong order or roles");
  else if (!time_ok) why = T(l, "ghi thời điểm ký không hợp lệ", "has an invalid signing time");
  else if (!has_code(*this, "submission.rubric") && !rubric_found && !rubric_id.empty())
    why = T(l, "chưa kiểm tra được vì máy này thiếu bộ tiêu chí", "cannot be checked: this device lacks the rubric");
  else if (rubric_found && !rubric_hash_ok) why = T(l, "được chấm bằng bộ tiêu chí khác bản chính thức", "was scored with a rubric that differs from the official one");
  else if (rubric_found && !scores_ok) why = T(l, "ghi điểm khác với điểm tính lại từ số liệu", "records scores that differ from those recomputed");
  else if (!exclusive_ok) why = T(l, "khai cùng lúc các tiêu chí loại trừ nhau", "claims criteria that exclude each other");
  else if (!sizes_ok) why = T(l, "ghi thông tin dài quá giới hạn", "holds information longer than allowed");
  else if (trust_checked && !all_trusted) why = T(l, "được ký bằng khóa chưa đăng ký cho đơn vị", "is signed with a key not registered for the unit");
  else why = T(l, "có nội dung không đọc được", "has content that cannot be read");
  return std::string(T(l, "KHÔNG HỢP LỆ: ", "INVALID: ")) + of + " " + why + ".";
}

std::string Verification::verdict(Lang l) const {
  std::string s = headline(l);
  for (const auto& r : reasons(*this, l)) s += "\n- " + r;
  return s;
}

std::vector<std::string> Verification::plain(Lang l, const DisplayClock& clock) const {
  bool V = vi(l);
  std::vector<std::string> out = reasons(*this, l);
  if (!parsed) return out;
  std::string who = unit_of(*this);
  if (!who.empty()) out.push_back(std::string(T(l, "Đơn vị: ", "Unit: ")) + who + ".");
  if (rubric_found && !rubric_title.empty()) out.push_back(std::string(T(l, "Bộ tiêu chí: ", "Rubric: ")) + ellipsize(rubric_title, 160) + ".");
  if (time_ok) out.push_back(std::string(T(l, "Ký lúc ", "Signed at ")) + format_instant(created, clock) + ".");
  // Who signed: each valid signature (invalid ones are among the reasons above).
  bool head = false;
  for (size_t i = 0; i < signatures.size(); ++i) {
    const SignatureCheck& s = signatures[i];
    if (s.role == "head") head = true;
    if (!s.valid) continue;
    std::string line = signer(*this, i, l, true) + T(l, " đã ký; chữ ký đúng", " signed; the signature is valid");
    if (trust_checked && s.trusted) line += T(l, ", là khóa tin cậy đã đăng ký cho đơn vị", ", with a trusted key registered for the unit");
    out.push_back(line + ".");
  }
  if (!signatures.empty() && signatures_ok && !head)
    out.push_back(T(l, "Thủ trưởng đơn vị chưa ký xác nhận.", "The head of the unit has not countersigned."));
  if (!trust_checked && signatures_ok)
    out.push_back(T(l, "Chưa đối chiếu với danh sách khóa tin cậy của cơ quan nhận.", "Not checked against the receiving office's trusted keys."));
  if (rubric_found && rubric_hash_ok && scores_ok && sheet)
    out.push_back(V ? "Mọi điểm ghi trong tệp khớp với điểm tính lại từ số liệu: tổng " + fmt_points(total, l, 2) + " trên " + fmt_points(scale, l, 2) + " điểm."
                    : "Every score in the file agrees with the recomputation: total " + fmt_points(total, l, 2) + " of " + fmt_points(scale, l, 2) + ".");
  return out;
}

std::vector<std::string> Verification::technical(Lang l) const {
  bool V = vi(l);
  std::vector<std::string> out;
  if (doc) out.push_back(std::string(T(l, "Định dạng: ", "Format: ")) + str_or(*doc, "format"));
  if (!rubric_id.empty())
    out.push_back(std::string(T(l, "Bộ tiêu chí: ", "Rubric: ")) + rubric_id + " " + rubric_version +
                  (!rubric_found ? T(l, " (không có trên máy này)", " (not on this device)")
                                 : rubric_hash_ok ? T(l, " (SHA-256 khớp bản chính thức)", " (SHA-256 matches the official one)")
                                                  : T(l, " (SHA-256 KHÔNG khớp bản chính thức)", " (SHA-256 does NOT match the official one)")));
  if (!created.empty()) out.push_back(std::string(T(l, "Thời điểm ký (ISO 8601): ", "Signed at (ISO 8601): ")) + created);
  if (!signed_hash.empty()) out.push_back(std::string(T(l, "Mã nhận dạng bài nộp, SHA-256: ", "Submission identity, SHA-256: ")) + signed_hash);
  for (size_t i = 0; i < signatures.size(); ++i) {
    const SignatureCheck& s = signatures[i];
    std::string line = "signatures[" + std::to_string(i) + "]: " + (V ? "vai trò " : "role ") + s.role + " (" + role_label(s.role, l) + "), " +
                       (V ? "khóa " : "key ") + s.key_id + " — " + (s.valid ? T(l, "chữ ký đúng", "valid") : T(l, "CHỮ KÝ SAI", "INVALID"));
    if (trust_checked)
      line += s.trusted ? T(l, ", khóa tin cậy", ", trusted key")
                        : std::string(T(l, ", khóa KHÔNG tin cậy", ", key NOT trusted")) +
                              (s.trusted_unit.empty() ? "" : (V ? " (đăng ký cho " : " (registered for ") + s.trusted_unit + ")");
    out.push_back(line);
  }
  for (const auto& m : problems)
    out.push_back(std::string(m.severity == Severity::Error ? "" : T(l, "ghi chú ", "note ")) + "[" + m.code + "] " + m.line(l));
  for (const auto& d : differences) out.push_back(d.where + ": " + d.claimed + " ≠ " + d.recomputed);
  return out;
}

}  // namespace cds
