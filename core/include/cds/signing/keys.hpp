// cds/signing/keys.hpp — Ed25519 keys (libsodium), their readable fingerprint, and the encrypted key file.
//
// A unit's secret key exists only encrypted at rest: the key file (`cds-key/1`, docs/key-format.md)
// holds the 32-byte Ed25519 seed sealed with XChaCha20-Poly1305 under a key derived from the
// passphrase by Argon2id (libsodium crypto_pwhash, limits small enough for a phone's browser).
// The key id is a short fingerprint of the public key, grouped for reading aloud and printing on
// an official letter ("K7M2-9QXR-4TDA-8W3F"). Secrets are wiped after use (SecretKey's destructor).
//
// Not provided: storage of key files, passphrase prompts (the app and CLI do that).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cds/base/json_io.hpp"
#include "cds/base/message.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {

inline constexpr const char* kKeyFormat = "cds-key/1";
inline constexpr const char* kPublicKeyFormat = "cds-pubkey/1";

// 64-byte libsodium Ed25519 secret key, zeroed when destroyed.
class SecretKey {
 public:
  SecretKey() = default;
  explicit SecretKey(std::string bytes) : bytes_(std::move(bytes)) {}
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  SecretKey(SecretKey&& o) noexcept : bytes_(std::move(o.bytes_)) { o.bytes_.clear(); }
  SecretKey& operator=(SecretKey&& o) noexcept;
  ~SecretKey();
  const std::string& bytes() const { return bytes_; }
  bool empty() const { return bytes_.empty(); }

 private:
  std::string bytes_;
};

struct KeyPair {
  std::string public_key;  // 32 bytes
  SecretKey secret;        // 64 bytes
};

KeyPair keypair_from_seed(std::string_view seed32);  // deterministic (tests, transcripts)
KeyPair new_keypair();                              // from libsodium's random source
std::string sign_detached(std::string_view message, const SecretKey& sk);    // 64 bytes
bool verify_detached(std::string_view sig, std::string_view message, std::string_view public_key);

// "K7M2-9QXR-4TDA-8W3F": the first 80 bits of SHA-256(public key) in Crockford base32.
std::string key_id(std::string_view public_key);
std::string crockford32(std::string_view bytes);

struct KdfParams {
  unsigned long long opslimit = 3;
  size_t memlimit = 64u * 1024 * 1024;  // 64 MiB: fits in an old phone's browser
};

struct KeyInfo {
  std::string key_id;
  std::string public_key;  // raw 32 bytes
  std::string unit_name, unit_code;
  std::string created;
};

// The encrypted key file. `salt` (16 bytes) and `nonce` (24 bytes) come from the random source
// unless given (tests).
std::string make_key_file(const KeyPair& kp, std::string_view passphrase, const KeyInfo& info, const KdfParams& kdf = {},
                          std::string_view salt = {}, std::string_view nonce = {});

struct OpenedKey {
  std::optional<KeyPair> key;  // set only when the passphrase opened it
  std::optional<KeyInfo> info;  // the public part, when the file is readable
  Messages messages;
};
// Reads the public part without the passphrase (for `cds pubkey`, listing keys).
OpenedKey read_key_file(std::string_view bytes);
// Decrypts the seed with the passphrase; a wrong passphrase or altered file gives a clear message.
OpenedKey open_key_file(std::string_view bytes, std::string_view passphrase);

// {"format": "cds-pubkey/1", "unit": {...}, "key_id", "public_key"} — what a unit registers.
Json public_key_json(const KeyInfo& info);

struct Strength {
  int score = 0;  // 0 too weak … 4 strong
  std::string vi, en;
};
Strength passphrase_strength(std::string_view passphrase);

}  // namespace cds
