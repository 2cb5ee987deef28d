#include "cds/signing/keys.hpp"

#include <sodium.h>

#include <set>

#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"

namespace cds {
namespace {

std::string aad_for(const std::string& key_id, const std::string& public_key) {
  return std::string(kKeyFormat) + "|" + key_id + "|" + to_base64(public_key);
}

Message key_error(const std::string& code, const std::string& vi, const std::string& en) { return error(code, vi, en); }

}  // namespace

SecretKey& SecretKey::operator=(SecretKey&& o) noexcept {
  if (this != &o) {
    wipe(bytes_);
    bytes_ = std::move(o.bytes_);
    o.bytes_.clear();
  }
  return *this;
}

SecretKey::~SecretKey() { wipe(bytes_); }

KeyPair keypair_from_seed(std::string_view seed32) {
  crypto_init();
  KeyPair kp;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  std::string sk(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_seed_keypair(pk, reinterpret_cast<unsigned char*>(sk.data()), reinterpret_cast<const unsigned char*>(seed32.data()));
  kp.public_key.assign(reinterpret_cast<const char*>(pk), sizeof pk);
  kp.secret = SecretKey(std::move(sk));
  return kp;
}

KeyPair new_keypair() {
  std::string seed = random_bytes(crypto_sign_SEEDBYTES);
  KeyPair kp = keypair_from_seed(seed);
  wipe(seed);
  return kp;
}

std::string sign_detached(std::string_view message, const SecretKey& sk) {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(sk.bytes().data()));
  return std::string(reinterpret_cast<const char*>(sig), sizeof sig);
}

bool verify_detached(std::string_view sig, std::string_view message, std::string_view public_key) {
  if (sig.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  crypto_init();
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

std::string crockford32(std::string_view bytes) {
  static const char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // no I, L, O, U
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::string key_id(std::string_view public_key) {
  std::string digest = sha256_raw(public_key);
  std::string b32 = crockford32(std::string_view(digest).substr(0, 10));  // 80 bits → 16 characters
  return b32.substr(0, 4) + "-" + b32.substr(4, 4) + "-" + b32.substr(8, 4) + "-" + b32.substr(12, 4);
}

std::string make_key_file(const KeyPair& kp, std::string_view passphrase, const KeyInfo& info, const KdfParams& kdf,
                          std::string_view salt_in, std::string_view nonce_in) {
  crypto_init();
  std::string salt = salt_in.empty() ? random_bytes(crypto_pwhash_SALTBYTES) : std::string(salt_in);
  std::string nonce = nonce_in.empty() ? random_bytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) : std::string(nonce_in);
  std::string key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  if (crypto_pwhash(reinterpret_cast<unsigned char*>(key.data()), key.size(), passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()), kdf.opslimit, kdf.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    wipe(key);
    return {};  // out of memory
  }
  std::string seed(crypto_sign_SEEDBYTES, '\0');
  crypto_sign_ed25519_sk_to_seed(reinterpret_cast<unsigned char*>(seed.data()),
                                 reinterpret_cast<const unsigned char*>(kp.secret.bytes().data()));
  std::string id = key_id(kp.public_key);
  std::string aad = aad_for(id, kp.public_key);
  std::string ct(seed.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long ct_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(ct.data()), &ct_len,
                                             reinterpret_cast<const unsigned char*>(seed.data()), seed.size(),
                                             reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nullptr,
                                             reinterpret_cast<const unsigned char*>(nonce.data()),
                                             reinterpret_cast<const unsigned char*>(key.data()));
  ct.resize(static_cast<size_t>(ct_len));
  wipe(seed);
  wipe(key);
  Json j = Json::object();
  j["format"] = kKeyFormat;
  j["alg"] = "Ed25519";
  j["key_id"] = id;
  j["public_key"] = to_base64(kp.public_key);
  j["unit"] = {{"name", info.unit_name}, {"code", info.unit_code}};
  j["created"] = info.created;
  j["kdf"] = {{"alg", "argon2id13"}, {"opslimit", kdf.opslimit}, {"memlimit", kdf.memlimit}, {"salt", to_base64(salt)}};
  j["cipher"] = {{"alg", "xchacha20poly1305-ietf"}, {"nonce", to_base64(nonce)}, {"ciphertext", to_base64(ct)}};
  j["note"] = "Khóa bí mật của đơn vị, đã mã hóa bằng cụm mật khẩu. Giữ bản sao an toàn; không gửi tệp này cho ai. / "
              "The unit's secret key, encrypted with its passphrase. Keep a safe copy; never send this file.";
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

OpenedKey read_key_file(std::string_view bytes) {
  OpenedKey out;
  JsonLimits lim;
  lim.max_bytes = 64 * 1024;
  auto parsed = parse_json(bytes, lim);
  if (!parsed.doc) {
    out.messages = parsed.messages;
    out.messages.insert(out.messages.begin(), key_error("key.unreadable", "Không đọc được tệp khóa (có thể bị cắt cụt hoặc hỏng)",
                                                        "The key file cannot be read (truncated or damaged?)"));
    return out;
  }
  const Json& j = *parsed.doc;
  if (!j.is_object() || str_or(j, "format") != kKeyFormat) {
    std::string f = j.is_object() ? str_or(j, "format") : "";
    out.messages.push_back(key_error("key.format",
                                     f.empty() ? "Đây không phải tệp khóa cds (cds-key/1)" : "Định dạng tệp khóa không được hỗ trợ: \"" + f + "\"",
                                     f.empty() ? "This is not a cds key file (cds-key/1)" : "Unsupported key file format \"" + f + "\""));
    return out;
  }
  if (str_or(j, "alg") != "Ed25519") {
    out.messages.push_back(key_error("key.alg", "Thuật toán khóa không được hỗ trợ", "Unsupported key algorithm"));
    return out;
  }
  auto pk = from_base64(str_or(j, "public_key"));
  if (!pk || pk->size() != crypto_sign_PUBLICKEYBYTES) {
    out.messages.push_back(key_error("key.public_key", "Khóa công khai trong tệp không hợp lệ", "The public key in the file is not valid"));
    return out;
  }
  KeyInfo info;
  info.public_key = *pk;
  info.key_id = key_id(*pk);
  if (str_or(j, "key_id") != info.key_id) {
    out.messages.push_back(key_error("key.key_id", "Mã khóa không khớp với khóa công khai (tệp đã bị sửa?)",
                                     "The key id does not match the public key (was the file altered?)"));
    return out;
  }
  if (const Json* u = field(j, "unit"); u && u->is_object()) {
    info.unit_name = str_or(*u, "name");
    info.unit_code = str_or(*u, "code");
  }
  info.created = str_or(j, "created");
  out.info = std::move(info);
  return out;
}

OpenedKey open_key_file(std::string_view bytes, std::string_view passphrase) {
  OpenedKey out = read_key_file(bytes);
  if (!out.info) return out;
  auto parsed = parse_json(bytes);
  const Json& j = *parsed.doc;
  const Json* kdf = field(j, "kdf");
  const Json* cipher = field(j, "cipher");
  auto bad = [&](const char* vi, const char* en) -> OpenedKey {
    out.messages.push_back(key_error("key.damaged", vi, en));
    return std::move(out);
  };
  if (!kdf || !cipher || !kdf->is_object() || !cipher->is_object() || str_or(*kdf, "alg") != "argon2id13" ||
      str_or(*cipher, "alg") != "xchacha20poly1305-ietf")
    return bad("Tệp khóa thiếu phần mã hóa hoặc dùng thuật toán không hỗ trợ", "The key file lacks its encryption part or uses an unsupported algorithm");
  const Json* ops = field(*kdf, "opslimit");
  const Json* mem = field(*kdf, "memlimit");
  if (!ops || !mem || !ops->is_number_unsigned() || !mem->is_number_unsigned())
    return bad("Tham số Argon2id trong tệp khóa không hợp lệ", "Invalid Argon2id parameters in the key file");
  unsigned long long opslimit = ops->get<unsigned long long>();
  unsigned long long memlimit = mem->get<unsigned long long>();
  // Refuse parameters a hostile file could use to exhaust memory or time.
  if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > 10 || memlimit < 8192 || memlimit > 512ull * 1024 * 1024)
    return bad("Tham số Argon2id trong tệp khóa nằm ngoài giới hạn cho phép", "Argon2id parameters in the key file are out of bounds");
  auto salt = from_base64(str_or(*kdf, "salt"));
  auto nonce = from_base64(str_or(*cipher, "nonce"));
  auto ct = from_base64(str_or(*cipher, "ciphertext"));
  if (!salt || salt->size() != crypto_pwhash_SALTBYTES || !nonce || nonce->size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      !ct || ct->size() != crypto_sign_SEEDBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return bad("Phần mã hóa của tệp khóa bị hỏng hoặc bị cắt cụt", "The encrypted part of the key file is damaged or truncated");
  std::string key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  if (crypto_pwhash(reinterpret_cast<unsigned char*>(key.data()), key.size(), passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(salt->data()), opslimit, static_cast<size_t>(memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    wipe(key);
    return bad("Không đủ bộ nhớ để mở khóa", "Not enough memory to open the key");
  }
  std::string aad = aad_for(out.info->key_id, out.info->public_key);
  std::string seed(crypto_sign_SEEDBYTES, '\0');
  unsigned long long seed_len = 0;
  int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(seed.data()), &seed_len, nullptr,
                                                      reinterpret_cast<const unsigned char*>(ct->data()), ct->size(),
                                                      reinterpret_cast<const unsigned char*>(aad.data()), aad.size(),
                                                      reinterpret_cast<const unsigned char*>(nonce->data()),
                                                      reinterpret_cast<const unsigned char*>(key.data()));
  wipe(key);
  if (rc != 0) {
    wipe(seed);
    out.messages.push_back(key_error("key.passphrase", "Sai cụm mật khẩu (hoặc tệp khóa đã bị sửa)",
                                     "Wrong passphrase (or the key file was altered)"));
    return out;
  }
  KeyPair kp = keypair_from_seed(seed);
  wipe(seed);
  if (kp.public_key != out.info->public_key) {
    out.messages.push_back(key_error("key.mismatch", "Khóa bí mật không khớp với khóa công khai trong tệp",
                                     "The secret key does not match the file's public key"));
    return out;
  }
  out.key = std::move(kp);
  return out;
}

Json public_key_json(const KeyInfo& info) {
  Json j = Json::object();
  j["format"] = kPublicKeyFormat;
  j["key_id"] = info.key_id;
  j["public_key"] = to_base64(info.public_key);
  j["alg"] = "Ed25519";
  if (!info.unit_name.empty() || !info.unit_code.empty()) j["unit"] = {{"name", info.unit_name}, {"code", info.unit_code}};
  return j;
}

Strength passphrase_strength(std::string_view pass) {
  Strength s;
  size_t len = utf8_length(pass);
  bool lower = false, upper = false, digit = false, other = false, non_ascii = false;
  std::set<char> distinct;
  size_t words = pass.empty() ? 0 : 1;
  for (unsigned char c : pass) {
    if (c >= 0x80) non_ascii = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
    if (c == ' ') ++words;
    distinct.insert(static_cast<char>(c));
  }
  int classes = lower + upper + digit + other + non_ascii;
  if (len < 8) s.score = 0;
  else if (len < 12) s.score = 1;
  else if (len < 16) s.score = classes >= 3 ? 3 : 2;
  else s.score = (len >= 20 || words >= 4) ? 4 : 3;
  if (distinct.size() <= 3 || (digit && classes == 1)) s.score = std::min(s.score, 1);
  static const char* kVi[] = {"Quá yếu: cần ít nhất 8 ký tự; nên dùng một cụm 4 từ trở lên, ví dụ «mưa đầu mùa trên đồi chè»",
                              "Yếu: nên dài hơn, ví dụ một câu ngắn 4–5 từ", "Tạm được: thêm vài từ nữa sẽ an toàn hơn",
                              "Tốt", "Rất tốt"};
  static const char* kEn[] = {"Too weak: at least 8 characters; a phrase of 4+ words is best", "Weak: make it longer, e.g. a short sentence",
                              "Fair: a few more words would be safer", "Good", "Strong"};
  s.vi = kVi[s.score];
  s.en = kEn[s.score];
  return s;
}

}  // namespace cds
