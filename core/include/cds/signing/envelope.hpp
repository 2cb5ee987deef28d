// cds/signing/envelope.hpp — sealing and opening signed files. Every signed file kind (submissions,
// appraisals) goes through this one module; the kinds then check only their own contents.
//
// A signed file is {"format", "signed", "signatures"}. Opening one checks, in this order:
//   1. it parses (json_io: size, NUL, UTF-8, depth, duplicate names) and names this kind's format
//      (the current one, or the legacy one that is still read);
//   2. strict layout: exactly the three members; each signature exactly {alg, key_id, public_key,
//      role, sig}; the bytes equal the canonical text of what they contain (envelope_text: JCS
//      order and number spelling, two-space indentation), so "8" → "8.0", "0" → "-0.0", reordered
//      members, changed white space and extra members are all refused;
//   3. `signed.created` is an ISO 8601 time with an offset;
//   4. the signatures: at least one; roles known to this kind, in the kind's order, each at most
//      once; every key distinct; `key_id` matches `public_key`; base64 in its one canonical
//      spelling; each Ed25519 signature verifies over its signature statement, which binds the
//      file format, the signer's role, its position in the list, its key id and SHA-256(JCS(signed)).
// Legacy files (`…/1`) signed JCS(signed) alone: the role and position were not signed. They are
// still read, with the note `envelope.legacy` on every verdict; everything else above is enforced.
//
// Not provided: what `signed` means (submission.hpp, appraisal.hpp), trust lists, file access.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/json_io.hpp"
#include "cds/signing/keys.hpp"
#include "cds/base/message.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {

// Every signed file may be at most this large (docs/limits.md); the office's intake refuses larger
// files before reading them.
inline constexpr size_t kMaxSignedFileBytes = 16u * 1024 * 1024;
// Values a signed file may hold (JsonLimits::max_values): a genuine submission at the answers'
// limits (2,000 evidence pieces, docs/answers-format.md "Sizes") holds about 15,000; a file of
// 16 MiB of tiny members would hold 1.5 million and cost 400 MB to read.
inline constexpr size_t kMaxSignedFileValues = 100000;

struct EnvelopeKind {
  std::string_view format;             // written and read: "cds-submission/2"
  std::string_view legacy_format;      // read only: "cds-submission/1" ("" if none)
  std::vector<std::string_view> roles; // in signing order; the first signs first; each at most once
  std::string_view code;               // prefix of this kind's message codes: "submission"
  std::string_view noun_vi, noun_en;   // "bài nộp" / "submission"
};
const EnvelopeKind& submission_envelope();
const EnvelopeKind& appraisal_envelope();        // cds-appraisal/2 (and /1): a first-level appraisal
const EnvelopeKind& appraisal_chain_envelope();  // cds-appraisal/3: a level built on another appraisal

// The role in plain words: "người lập biểu", "thủ trưởng đơn vị", "người thẩm định".
std::string role_label(std::string_view role, Lang lang);

struct SignatureCheck {
  std::string role;
  std::string key_id;
  std::string public_key;  // raw 32 bytes (empty when unreadable)
  bool valid = false;
  bool trusted = false;    // filled by the file kind's trust check
  std::string trusted_unit;
};

struct Envelope {
  bool parsed = false;         // a JSON object of this kind with "signed" (an object) and "signatures" (a list)
  bool legacy = false;         // the old format: roles and positions not covered by the signatures
  bool layout_ok = false;      // members and bytes exactly as written
  bool time_ok = false;        // signed.created is an instant
  bool signatures_ok = false;  // at least one; every one valid, in order, distinct keys
  std::string format;
  std::string signed_hash;     // hex SHA-256 of JCS(signed): the file's identity
  std::string created;         // signed.created
  std::optional<long long> created_at;
  std::vector<SignatureCheck> signatures;
  Messages problems;           // every reason, with a code, Vietnamese and English
  std::optional<Json> doc;
  // With open_envelope(…, defer): the bytes of signed.<defer> when `doc` holds null in its place
  // (read_canonical's `deferred`; only for a file in the current format and its canonical layout).
  std::string deferred;
  // With open_envelope(…, detach): the value of signed.<detach>, built apart from `doc` (which holds
  // null in its place), and its bytes as laid out (read_canonical's `detached`; the same files).
  std::optional<Json> detached;
  std::string detached_text;

  bool ok() const { return parsed && layout_ok && time_ok && signatures_ok; }
  const Json* signed_part() const;
};

Envelope open_envelope(const EnvelopeKind& kind, std::string_view bytes, std::string_view defer = {}, std::string_view detach = {});

// A new file of this kind with one signature (the kind's first role). nullopt, with the reason in
// *problems, when the signed part cannot be canonicalised or has no valid `created`.
std::optional<Json> seal(const EnvelopeKind& kind, const Json& signed_part, const KeyPair& key, Messages* problems);
// Adds a signature with `role` to a sealed file of the current format. Refused (false, reason in
// *problems) for an unknown role, a role out of order or already present, a key that already
// signed, or a legacy file.
bool add_signature(const EnvelopeKind& kind, Json& doc, std::string_view role, const KeyPair& key, Messages* problems);
// The canonical text of a signed file (what open_envelope requires byte for byte).
std::string envelope_text(const Json& doc);
// The bytes a signature covers: JCS of {"context":"cds-signature/2","format","key_id","position",
// "role","signed_sha256"} (docs/submission-format.md).
std::string signature_statement(std::string_view format, std::string_view role, size_t position, std::string_view key_id,
                                std::string_view signed_sha256);

}  // namespace cds
