#include <cstdlib>
#include "i18n.hpp"

#include "cds/base/vnformat.hpp"
#include "platform.hpp"

namespace ui {
namespace {

cds::Lang g_lang = cds::Lang::Vi;  // the interface language, one for the whole page

}  // namespace

cds::Lang lang() { return g_lang; }
void set_lang(cds::Lang l) { g_lang = l; }

std::string display_time(const std::string& iso) {
  if (iso.size() < 16 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " + iso.substr(11, 5);
}

std::string display_now() { return display_time(platform::local_time_iso()); }
std::string file_stamp_now() { return cds::file_stamp(platform::local_time_iso()); }

cds::DisplayClock display_clock() {
  // local_time_iso() ends in the browser's offset: "+07:00".
  cds::DisplayClock c;
  if (auto off = cds::written_offset_minutes(platform::local_time_iso())) c.utc_offset_minutes = *off;
  return c;
}

long long epoch_now() {
  auto t = cds::parse_instant(platform::local_time_iso());
  return t ? *t : 0;
}

std::string load_failure_reason(const std::string& w) {
  if (w == "offline") return T("máy đang không có mạng", "this device is offline");
  if (w.rfind("HTTP ", 0) == 0) return std::string(T("máy chủ trả lời lỗi ", "the server answered with error ")) + w.substr(5);
  return T("không kết nối được tới máy chủ của trang", "the page's server could not be reached");
}

}  // namespace ui
