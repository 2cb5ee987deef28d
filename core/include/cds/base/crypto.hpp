// cds/base/crypto.hpp — hashing and encodings via libsodium (signatures and keys: cds/signing/keys.hpp).
//
// Not provided: anything libsodium does not do; no file or clock access.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cds {

// Must be called once before any other function here (idempotent, thread-safe in libsodium).
bool crypto_init();

std::string sha256_hex(std::string_view bytes);   // lower-case hex
std::string sha256_raw(std::string_view bytes);   // 32 bytes
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);
std::string to_base64(std::string_view bytes);    // standard alphabet, padded
std::optional<std::string> from_base64(std::string_view b64);
std::string random_bytes(size_t n);               // libsodium randombytes (OS / crypto.getRandomValues)
void wipe(std::string& secret);                   // sodium_memzero, then clear

}  // namespace cds
