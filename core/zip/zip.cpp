// ZIP bytes ↔ files with minizip, in memory. See cds/zip/zip.hpp.
#include "cds/zip/zip.hpp"

#include <algorithm>
#include <cstring>

#include <unzip.h>
#include <zlib.h>
#include <zip.h>

namespace cds::zip {

namespace {

// A memory stream for minizip's I/O callbacks: reading a view, or writing a growing string.
struct MemStream {
  std::string_view in;
  std::string* out = nullptr;
  size_t pos = 0;
  bool failed = false;
  size_t size() const { return out ? out->size() : in.size(); }
};

voidpf ZCALLBACK mem_open(voidpf opaque, const char*, int) { return opaque; }
uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* m = static_cast<MemStream*>(stream);
  size_t n = m->pos >= m->size() ? 0 : std::min<size_t>(size, m->size() - m->pos);
  if (n) std::memcpy(buf, (m->out ? m->out->data() : m->in.data()) + m->pos, n);
  m->pos += n;
  return static_cast<uLong>(n);
}
uLong ZCALLBACK mem_write(voidpf, voidpf stream, const void* buf, uLong size) {
  auto* m = static_cast<MemStream*>(stream);
  if (!m->out) {
    m->failed = true;
    return 0;
  }
  if (m->pos + size > m->out->size()) m->out->resize(m->pos + size);
  std::memcpy(&(*m->out)[m->pos], buf, size);
  m->pos += size;
  return size;
}
long ZCALLBACK mem_tell(voidpf, voidpf stream) { return static_cast<long>(static_cast<MemStream*>(stream)->pos); }
long ZCALLBACK mem_seek(voidpf, voidpf stream, uLong offset, int origin) {
  auto* m = static_cast<MemStream*>(stream);
  size_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->size();
  if (offset > m->size() - std::min(base, m->size()) && !m->out) return -1;  // past the end of what is read
  m->pos = base + offset;
  return 0;
}
int ZCALLBACK mem_close(voidpf, voidpf) { return 0; }
int ZCALLBACK mem_error(voidpf, voidpf stream) { return static_cast<MemStream*>(stream)->failed ? 1 : 0; }

zlib_filefunc_def mem_functions(MemStream* m) {
  zlib_filefunc_def f{};
  f.zopen_file = mem_open;
  f.zread_file = mem_read;
  f.zwrite_file = mem_write;
  f.ztell_file = mem_tell;
  f.zseek_file = mem_seek;
  f.zclose_file = mem_close;
  f.zerror_file = mem_error;
  f.opaque = m;
  return f;
}

std::string mib(uint64_t bytes) { return std::to_string((bytes + (1u << 19)) >> 20) + " MiB"; }

Message refuse(const char* code, const std::string& vi, const std::string& en, const std::string& where = {}) {
  return error(code, vi, en, where);
}

}  // namespace

ReadResult read_zip(std::string_view bytes, const DossierLimits& lim) {
  ReadResult r;
  if (bytes.size() > lim.file_bytes) {
    r.problems.push_back(refuse("dossier.too_big", "Hồ sơ lớn quá " + mib(lim.file_bytes) + " (" + mib(bytes.size()) + ")",
                                "The dossier is larger than " + mib(lim.file_bytes) + " (" + mib(bytes.size()) + ")"));
    return r;
  }
  MemStream m;
  m.in = bytes;
  zlib_filefunc_def f = mem_functions(&m);
  unzFile z = unzOpen2("dossier", &f);
  if (!z) {
    r.problems.push_back(refuse("dossier.not_zip", "Tệp không phải hồ sơ ZIP đọc được (hỏng hoặc bị cắt cụt)",
                                "The file is not a readable ZIP dossier (damaged or cut short)"));
    return r;
  }
  struct Closer {
    unzFile z;
    ~Closer() { unzClose(z); }
  } closer{z};
  unz_global_info gi{};
  if (unzGetGlobalInfo(z, &gi) != UNZ_OK) {
    r.problems.push_back(refuse("dossier.not_zip", "Không đọc được mục lục của hồ sơ ZIP", "Cannot read the ZIP dossier's directory"));
    return r;
  }
  if (gi.number_entry > lim.entries) {
    r.problems.push_back(refuse("dossier.entries", "Hồ sơ có " + std::to_string(gi.number_entry) + " tệp, nhiều hơn giới hạn " + std::to_string(lim.entries),
                                "The dossier holds " + std::to_string(gi.number_entry) + " files, more than the limit of " + std::to_string(lim.entries)));
    return r;
  }
  // First pass: the central directory only (declared sizes, methods, flags, names).
  uint64_t declared_total = 0;
  size_t count = 0;
  std::vector<char> name(lim.name_bytes + 1);
  for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z)) {
    if (++count > lim.entries) {
      r.problems.push_back(refuse("dossier.entries", "Hồ sơ có nhiều tệp hơn giới hạn " + std::to_string(lim.entries),
                                  "The dossier holds more files than the limit of " + std::to_string(lim.entries)));
      return r;
    }
    unz_file_info fi{};
    if (unzGetCurrentFileInfo(z, &fi, name.data(), static_cast<uLong>(name.size()), nullptr, 0, nullptr, 0) != UNZ_OK) {
      r.problems.push_back(refuse("dossier.not_zip", "Mục lục của hồ sơ ZIP bị hỏng", "The ZIP dossier's directory is damaged"));
      return r;
    }
    std::string n(name.data(), std::min<size_t>(fi.size_filename, name.size() - 1));
    if (fi.size_filename > lim.name_bytes) {
      r.problems.push_back(refuse("dossier.name", "Tên tệp trong hồ sơ dài quá " + std::to_string(lim.name_bytes) + " byte",
                                  "A file name in the dossier is longer than " + std::to_string(lim.name_bytes) + " bytes", n.substr(0, 80)));
      return r;
    }
    if (fi.flag & 1u) {
      r.problems.push_back(refuse("dossier.encrypted", "Hồ sơ có tệp được mã hóa bằng mật khẩu: cds không mở tệp mã hóa",
                                  "The dossier holds a password-encrypted file: cds does not open encrypted files", n));
      return r;
    }
    if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED) {
      r.problems.push_back(refuse("dossier.method", "Hồ sơ có tệp nén theo cách cds không đọc (chỉ \"store\" và \"deflate\")",
                                  "The dossier holds a file compressed in a way cds does not read (only store and deflate)", n));
      return r;
    }
    if (fi.uncompressed_size > lim.entry_bytes) {
      r.problems.push_back(refuse("dossier.entry_too_big", "Một tệp trong hồ sơ lớn quá " + mib(lim.entry_bytes) + " khi giải nén",
                                  "A file in the dossier is larger than " + mib(lim.entry_bytes) + " once inflated", n));
      return r;
    }
    if (fi.uncompressed_size > lim.ratio_from && fi.uncompressed_size / std::max<uLong>(fi.compressed_size, 1) > lim.ratio) {
      r.problems.push_back(refuse("dossier.bomb", "Hồ sơ có tệp nén với tỉ lệ bất thường (bom ZIP): không mở",
                                  "The dossier holds a file compressed at an abnormal ratio (a ZIP bomb): not opened", n));
      return r;
    }
    declared_total += fi.uncompressed_size;
    if (declared_total > lim.total_bytes) {
      r.problems.push_back(refuse("dossier.total_too_big", "Các tệp trong hồ sơ cộng lại lớn quá " + mib(lim.total_bytes) + " khi giải nén",
                                  "The dossier's files add up to more than " + mib(lim.total_bytes) + " once inflated"));
      return r;
    }
  }
  // Second pass: inflate, counting what comes out (the directory may lie).
  uint64_t total = 0;
  std::vector<char> buf(64 * 1024);
  for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z)) {
    unz_file_info fi{};
    unzGetCurrentFileInfo(z, &fi, name.data(), static_cast<uLong>(name.size()), nullptr, 0, nullptr, 0);
    DossierFile file;
    file.name.assign(name.data(), std::min<size_t>(fi.size_filename, name.size() - 1));
    if (unzOpenCurrentFile(z) != UNZ_OK) {
      r.problems.push_back(refuse("dossier.damaged", "Không mở được một tệp trong hồ sơ (hồ sơ bị hỏng)",
                                  "Cannot open a file in the dossier (the dossier is damaged)", file.name));
      return r;
    }
    file.bytes.reserve(std::min<uint64_t>(fi.uncompressed_size, lim.entry_bytes));
    bool bad = false;
    while (true) {
      int n = unzReadCurrentFile(z, buf.data(), static_cast<unsigned>(buf.size()));
      if (n < 0) {
        bad = true;
        break;
      }
      if (n == 0) break;
      total += static_cast<uint64_t>(n);
      if (file.bytes.size() + static_cast<size_t>(n) > fi.uncompressed_size || total > lim.total_bytes) {
        unzCloseCurrentFile(z);
        r.problems.push_back(refuse("dossier.bomb", "Một tệp trong hồ sơ giải nén ra nhiều hơn kích thước ghi trong mục lục (bom ZIP hoặc tệp hỏng): không mở",
                                    "A file in the dossier inflates to more than its directory says (a ZIP bomb or damage): not opened", file.name));
        return r;
      }
      file.bytes.append(buf.data(), static_cast<size_t>(n));
    }
    int closed = unzCloseCurrentFile(z);  // UNZ_CRCERROR when the bytes are not those stored
    if (bad || closed != UNZ_OK || file.bytes.size() != fi.uncompressed_size) {
      r.problems.push_back(refuse("dossier.damaged", "Một tệp trong hồ sơ bị hỏng (không giải nén được hoặc sai mã kiểm tra CRC)",
                                  "A file in the dossier is damaged (cannot be inflated or its CRC does not match)", file.name));
      return r;
    }
    r.files.push_back(std::move(file));
  }
  return r;
}

OpenedDossier read_dossier(std::string_view bytes, const DossierLimits& limits) {
  ReadResult z = read_zip(bytes, limits);
  if (!z.ok()) {
    OpenedDossier d;
    d.problems = std::move(z.problems);
    return d;
  }
  return open_dossier(std::move(z.files), limits);
}

ZipTime zip_time_from_iso(std::string_view iso) {
  ZipTime t;
  auto num = [&](size_t at, size_t len, int* out) {
    if (iso.size() < at + len) return false;
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return false;
      v = v * 10 + (iso[i] - '0');
    }
    *out = v;
    return true;
  };
  ZipTime x;
  if (num(0, 4, &x.year) && num(5, 2, &x.month) && num(8, 2, &x.day) && num(11, 2, &x.hour) && num(14, 2, &x.minute) && x.year >= 1980 &&
      x.year <= 2107 && x.month >= 1 && x.month <= 12 && x.day >= 1 && x.day <= 31 && x.hour <= 23 && x.minute <= 59) {
    if (!num(17, 2, &x.second) || x.second > 59) x.second = 0;
    t = x;
  }
  return t;
}

std::string write_zip(const std::vector<DossierFile>& files, const ZipTime& t) {
  std::string out;
  MemStream m;
  m.out = &out;
  zlib_filefunc_def f = mem_functions(&m);
  zipFile z = zipOpen2("dossier", APPEND_STATUS_CREATE, nullptr, &f);
  if (!z) return {};
  bool ok = true;
  for (const auto& file : files) {
    zip_fileinfo zi{};
    zi.tmz_date.tm_year = static_cast<uInt>(t.year);
    zi.tmz_date.tm_mon = static_cast<uInt>(t.month - 1);  // minizip: months 0–11
    zi.tmz_date.tm_mday = static_cast<uInt>(t.day);
    zi.tmz_date.tm_hour = static_cast<uInt>(t.hour);
    zi.tmz_date.tm_min = static_cast<uInt>(t.minute);
    zi.tmz_date.tm_sec = static_cast<uInt>(t.second);
    bool folder = !file.name.empty() && file.name.back() == '/';
    zi.external_fa = folder ? 0x10u : 0u;  // MS-DOS directory attribute
    if (zipOpenNewFileInZip(z, file.name.c_str(), &zi, nullptr, 0, nullptr, 0, nullptr, 0, 0) != ZIP_OK) {
      ok = false;
      break;
    }
    size_t at = 0;
    while (ok && at < file.bytes.size()) {  // minizip takes at most 4 GiB − 1 a call
      unsigned n = static_cast<unsigned>(std::min<size_t>(file.bytes.size() - at, 1u << 30));
      ok = zipWriteInFileInZip(z, file.bytes.data() + at, n) == ZIP_OK;
      at += n;
    }
    if (zipCloseFileInZip(z) != ZIP_OK) ok = false;
    if (!ok) break;
  }
  if (zipClose(z, nullptr) != ZIP_OK) ok = false;
  if (!ok || m.failed) return {};
  return out;
}

std::string deflate_fast(std::string_view bytes) {
  uLongf n = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(n, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uLong>(bytes.size()),
                Z_BEST_SPEED) != Z_OK)
    return {};
  out.resize(n);
  out.shrink_to_fit();
  return out;
}

std::optional<std::string> inflate_exact(std::string_view packed, size_t size) {
  std::string out(size, '\0');
  uLongf n = static_cast<uLongf>(size);
  // Z_BUF_ERROR when the data holds more than `size` bytes, Z_DATA_ERROR when damaged (the
  // Adler-32 checksum); fewer bytes leave n short.
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(packed.data()), static_cast<uLong>(packed.size())) != Z_OK ||
      n != size)
    return std::nullopt;
  return out;
}

}  // namespace cds::zip
