// cds/zip/zip.hpp — ZIP bytes ↔ a list of files, for dossiers (cds/signing/dossier.hpp), with
// zlib's minizip (Debian's libminizip natively; the same minizip 1.1 from zlib's Debian source
// for WebAssembly). Everything is in memory: no file system.
//
// Reading refuses, with a message in Vietnamese and English, before inflating anything it can
// tell from the central directory (too many entries, a file or the whole too large once inflated,
// a compression ratio that only a ZIP bomb has, encryption, methods other than stored and
// deflate, names too long) and again while inflating (a size that lies, a CRC that does not
// match), so a hostile file costs at most DossierLimits::total_bytes of work and memory.
// Names are returned as written; open_dossier checks them (path traversal, drive letters…).
//
// Writing stores every file as it is (method 0: evidence is mostly PDF and images, already
// compressed), in the order given, with one fixed time, so the same files give the same bytes
// natively and in the browser.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/signing/dossier.hpp"

namespace cds::zip {

struct ReadResult {
  std::vector<DossierFile> files;  // in central-directory order, folders included (names ending '/')
  Messages problems;               // any error: the files are incomplete and must not be used
  bool ok() const { return !has_errors(problems); }
};
ReadResult read_zip(std::string_view bytes, const DossierLimits& limits = {});

// A dossier's bytes read (read_zip) and split (open_dossier): the problems of either; use the
// result only when it has no error.
OpenedDossier read_dossier(std::string_view bytes, const DossierLimits& limits = {});

// Year, month (1–12), day, hour, minute, second: the time written for every entry (a DOS time:
// two-second steps, 1980–2107; outside that range 1980-01-01 00:00).
struct ZipTime {
  int year = 1980, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};
// From the wall-clock part of an ISO 8601 time as written ("2026-06-18T10:05:00+07:00" →
// 2026-06-18 10:05:00): the submission's own `created`, so the dossier's bytes follow from it.
ZipTime zip_time_from_iso(std::string_view iso);

// The ZIP file holding `files` (names must pass check_entry_name; empty on a minizip failure).
std::string write_zip(const std::vector<DossierFile>& files, const ZipTime& time);

// Bytes kept in memory deflated (zlib's format, level 1: fast, about 4 × smaller for a
// submission's JSON) and back. inflate_exact gives the bytes only when `packed` is whole (its
// checksum matches) and inflates to exactly `size` bytes. deflate_fast returns an empty string
// only when zlib fails (out of memory).
std::string deflate_fast(std::string_view bytes);
std::optional<std::string> inflate_exact(std::string_view packed, size_t size);

// "PK\3\4" (or an empty archive's "PK\5\6") at the start.
inline bool looks_like_zip(std::string_view bytes) {
  return bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));
}

}  // namespace cds::zip
