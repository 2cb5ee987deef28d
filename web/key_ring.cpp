#include "key_ring.hpp"

#include <algorithm>

#include "cds/model/draft_store.hpp"
#include "i18n.hpp"
#include "platform.hpp"
#include "toast.hpp"

namespace ui {

const StoredKey* KeyRing::find(const std::string& key_id) const {
  for (const auto& k : keys_)
    if (k.key_id == key_id) return &k;
  return nullptr;
}

bool KeyRing::keep(const std::string& file) {
  auto k = cds::read_key_file(file);
  if (!k.info || find(k.info->key_id)) return false;
  keys_.push_back({k.info->key_id, file, *k.info});
  return true;
}

void KeyRing::restore(const std::string& file) { keep(file); }

void KeyRing::import(const std::string& name, const std::string& bytes) {
  auto k = cds::read_key_file(bytes);
  if (!k.info) {
    toasts_.show(name + ": " + (k.messages.empty() ? std::string("?") : k.messages.front().text(lang())), true);
    return;
  }
  if (const StoredKey* x = find(k.info->key_id)) {
    toasts_.show(std::string(T("Khóa này đã có: ", "This key is already here: ")) + x->key_id);
    return;
  }
  keep(bytes);
  platform::storage_put("key:" + k.info->key_id, cds::encode_record(1, bytes), [this](bool ok, const std::string&) {
    if (!ok) toasts_.show(T("Không lưu được khóa vào bộ nhớ trình duyệt; hãy giữ tệp khóa.", "Could not store the key; keep the key file."), true);
  });
  toasts_.show(std::string(T("Đã nhập khóa ", "Key imported: ")) + k.info->key_id);
}

void KeyRing::add_created(const std::string& file, const std::string& key_id) {
  keep(file);
  platform::storage_put("key:" + key_id, cds::encode_record(1, file), [this](bool ok, const std::string&) {
    if (!ok) toasts_.show(T("Không lưu được khóa vào bộ nhớ trình duyệt: hãy xuất bản sao ngay.", "Could not store the key: export a backup now."), true);
  });
}

void KeyRing::remove(const std::string& key_id) {
  platform::storage_delete("key:" + key_id);
  keys_.erase(std::remove_if(keys_.begin(), keys_.end(), [&](const StoredKey& k) { return k.key_id == key_id; }), keys_.end());
  toasts_.show(std::string(T("Đã xóa khóa ", "Key deleted: ")) + key_id);
}

}  // namespace ui
