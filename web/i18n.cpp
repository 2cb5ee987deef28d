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

}  // namespace ui
