// web/key_ring.hpp — the signing keys kept on this device: each an encrypted key file (cds-key/1,
// sealed by its passphrase, which is never stored) in the browser's storage, with its public
// facts. Submitting and appraising sign with them.
//
// Not provided: opening a key (callers ask core with the passphrase when they sign).
#pragma once

#include <string>
#include <vector>

#include "cds/signing/keys.hpp"

namespace ui {

class Toasts;

struct StoredKey {
  std::string key_id;
  std::string file;  // the encrypted key file (cds-key/1)
  cds::KeyInfo info;
};

class KeyRing {
 public:
  explicit KeyRing(Toasts& toasts) : toasts_(toasts) {}

  const std::vector<StoredKey>& all() const { return keys_; }
  bool empty() const { return keys_.empty(); }
  const StoredKey* find(const std::string& key_id) const;
  // A key file the user opened: kept and stored, or refused with a message.
  void import(const std::string& name, const std::string& bytes);
  // A key created here: kept and stored (a message when storing fails).
  void add_created(const std::string& file, const std::string& key_id);
  // A key file from storage (earlier visits).
  void restore(const std::string& file);
  void remove(const std::string& key_id);

 private:
  bool keep(const std::string& file);
  Toasts& toasts_;
  std::vector<StoredKey> keys_;
};

}  // namespace ui
