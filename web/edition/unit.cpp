// The unit edition (web/edition.hpp): no "Tổng hợp" inside — the entry screen opens the office
// edition — and Excel written by the cds-xlsx module in a Web Worker.
#include "app.hpp"
#include "cds/model/file_kind.hpp"
#include "screen_appraisal_view.hpp"
#include "edition.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "widgets.hpp"

namespace ui {
namespace {

class OfficeEntryScreen : public Screen {
 public:
  void draw(App& a) override {
    if (button(T("← Trang chủ##office:back", "← Home##office:back"))) a.go(ScreenId::Home);
    heading(T("Tổng hợp bài nộp", "Aggregate submissions"));
    if (platform::is_single_file()) {
      text_wrapped(T("Bản một tệp dành cho đơn vị. Tổng hợp bài nộp làm trên trang web của cds (địa chỉ kèm \"?office\") hoặc bằng lệnh \"cds aggregate\".",
                     "The single file is the unit edition. Aggregate on the cds web page (address with \"?office\") or with \"cds aggregate\"."));
      return;
    }
    text_wrapped(T("Tổng hợp, thẩm định và báo cáo dùng bản cho cơ quan tiếp nhận (lần đầu tải thêm một phần, sau đó dùng được khi không có mạng). "
                   "Bản nháp và khóa trên máy giữ nguyên.",
                   "Aggregation, appraisal and reports use the office edition (the first time downloads its part; then it works offline). "
                   "Drafts and keys stay."));
    ImGui::Spacing();
    if (button(T("Mở bản cho cơ quan tiếp nhận##office:open", "Open the office edition##office:open"), true)) platform::open_office_edition();
  }
};

}  // namespace

bool office_edition() { return false; }
void open_handed_over(App&, const std::string&) {}

// An appraisal file opened in the unit edition: shown by the office edition (screen_appraisal_view.cpp
// is compiled there only, to keep the first download small). The file is kept in storage under
// "pending-open" and the office edition opens it when it starts (App::load_storage).
namespace {
std::string g_pending;  // the appraisal file waiting for the office edition

// A file (an appraisal, a work packet) kept for the full edition to open when it starts.
void hand_over(const std::string& name, const std::string& bytes) {
  cds::Json rec = {{"name", name}, {"bytes", bytes}};
  platform::storage_put(kPendingOpenKey, rec.dump(-1, ' ', false, cds::Json::error_handler_t::replace), [](bool, const std::string&) {});
}
}  // namespace

bool appraisal_view_receive(App&, const platform::OpenedFile& f) {
  g_pending.clear();
  if (cds::detect_format(f.bytes).kind != cds::FileKind::Appraisal) return false;
  g_pending = f.name;
  hand_over(f.name, f.bytes);
  return true;
}

bool appraisal_view_draw(App&) {
  if (g_pending.empty()) return false;
  heading(std::string(T("Tệp thẩm định: ", "Appraisal file: ")) + g_pending);
  if (platform::is_single_file()) {
    text_wrapped(T("Xem kết quả thẩm định trên trang web của cds hoặc bằng lệnh \"cds verify\".", "View the appraisal in the cds web app or with \"cds verify\"."));
    return true;
  }
  text_wrapped(T("Kết quả thẩm định (điểm từng cấp, lý do, đối chiếu với bài đã nộp) xem trong bản đầy đủ; tệp này sẽ mở sẵn ở đó. Bản nháp và khóa giữ nguyên.",
                 "The appraisal (each level's scores, the reasons, matched with what was submitted) is shown in the full edition; this file opens "
                 "there. Drafts and keys stay."));
  ImGui::Spacing();
  if (button(T("Xem trong bản đầy đủ##appraisal:office", "View in the full edition##appraisal:office"), true)) platform::open_office_edition();
  return true;
}

void appraisal_view_state(cds::Json& j) {
  if (!g_pending.empty()) j["appraisalPending"] = g_pending;
}

std::unique_ptr<Screen> make_aggregate_entry_screen() { return std::make_unique<OfficeEntryScreen>(); }

namespace {

// "Phiếu phân công" in the unit edition: an agency's part of a shared self-assessment is filled in
// the full edition (web/screen_parts.cpp is compiled there only, to keep the first download small).
// A packet opened here (or the packet an agency's draft holds) is kept under "pending-open" and the
// full edition opens it when it starts.
class PartsEntryScreen : public Screen {
 public:
  void receive(App& a, Request, const std::string&, std::vector<platform::OpenedFile> files) override {
    for (const auto& f : files) {  // a packet, or parts: the full edition sorts them
      pending_ = f.name;
      hand_over(f.name, f.bytes);
    }
    a.go(ScreenId::Parts);
  }
  void draw(App& a) override {
    if (button(T("← Trang chủ##parts:back", "← Home##parts:back"))) a.go(ScreenId::Home);
    ImGui::SameLine();
    open_button(T("Mở phiếu phân công…", "Open a work packet…"), picker(Request::Parts, {}, ".json,application/json"));
    const Draft* d = a.drafts().current();
    if (pending_.empty() && d && d->answers.extra.contains("packet") && d->answers.extra["packet"].is_string()) {
      pending_ = "packet.json";
      hand_over(pending_, d->answers.extra["packet"].get<std::string>());
    }
    text_wrapped(T("Cơ quan điền và ký phần được giao trong bản đầy đủ (không có trong bản một tệp; hoặc dùng lệnh \"cds part\").",
                   "Agencies fill and sign their part in the full edition (not in the single file; or use \"cds part\")."));
    if (platform::is_single_file()) return;
    if (!pending_.empty()) text_colored_wrapped(c_ok(), std::string(T("Phiếu mở sẵn ở đó: ", "The packet opens there: ")) + pending_);
    ImGui::Spacing();
    if (button(T("Mở bản đầy đủ##parts:office", "Open the full edition##parts:office"), true)) platform::open_office_edition();
  }
  void add_state(cds::Json& j) const override { j["parts"] = {{"pending", pending_}}; }

 private:
  std::string pending_;
};

}  // namespace

std::unique_ptr<Screen> make_parts_screen() { return std::make_unique<PartsEntryScreen>(); }

namespace {

// Why the Excel module could not be loaded ("load:offline", "load:HTTP 404", "load:network" from
// web/platform.js), in words and with what to do; a rendering failure keeps the writer's words.
std::string excel_failure(const std::string& why) {
  if (why.rfind("load:", 0) != 0) return why;
  std::string reason = load_failure_reason(why.substr(5));
  return std::string(T("chưa tải được phần tạo tệp Excel (", "the Excel writer could not be loaded (")) + reason +
         T("). Hãy kiểm tra kết nối rồi thử lại, hoặc dùng nút CSV (Excel mở được).",
           "). Check the connection and try again, or use CSV (Excel opens it).");
}

}  // namespace

void save_self_assessment_xlsx(const cds::Rubric&, const std::string& rubric_text, const cds::Answers& a, const cds::ScoreSheet&, cds::Lang lang,
                               const cds::SelfAssessmentWorkbookInfo& info, const std::string& name,
                               std::function<void(bool, const std::string&)> done) {
  if (platform::is_single_file()) {
    // The single file leaves the Excel module out to stay small (docs/offline.md).
    done(false, T("bản một tệp không kèm phần tạo tệp Excel. Hãy dùng nút CSV (Excel mở được) hoặc trang web của cds.",
                  "the single file leaves out the Excel writer. Use CSV (Excel opens it) or the cds web app."));
    return;
  }
  static bool busy = false;  // one file at a time: a second click while the first is made does nothing
  if (busy) return;
  busy = true;
  // The worker loads the rubric, scores the answers and builds the workbook: the same model and
  // scores as here (core is the same code in both modules).
  cds::Json job = {{"rubric", rubric_text},
                   {"answers", cds::answers_to_text(a)},
                   {"lang", lang == cds::Lang::Vi ? "vi" : "en"},
                   {"created", info.created},
                   {"printed_at", info.printed_at},
                   {"app_version", info.app_version}};
  platform::render_xlsx(job.dump(-1, ' ', false, cds::Json::error_handler_t::replace), name, [done = std::move(done)](bool ok, const std::string& why) {
    busy = false;
    done(ok, ok ? why : excel_failure(why));
  });
}

}  // namespace ui
