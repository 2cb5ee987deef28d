// cds/model/file_kind.hpp — what kind of cds file some bytes are, from their top-level "format".
//
// One answer for every place that must decide before reading a file properly: the office's intake
// (submission or appraisal), the app's "open a file" (rubric, answers, submission, key…), the CLI.
// detect_format reads only up to the top-level "format" member, without building a document:
// linear, no allocation, and stops early. It decides which reader to use; that reader then
// checks everything (a file that lies about its format fails there, with its reasons).
//
// Not provided: checking the rest of the file.
#pragma once

#include <string>
#include <string_view>

#include "cds/base/message.hpp"

namespace cds {

enum class FileKind { Rubric, Answers, Submission, Appraisal, AppraisalChanges, TrustList, KeyFile, PublicKey, Packet, Part, Unknown };

struct DetectedFormat {
  FileKind kind = FileKind::Unknown;
  std::string format;  // the "format" value as written ("cds-submission/2"), empty when none was found
  int version = 0;     // the number after '/', 0 when absent or not a number
  bool current = false;  // a version this build writes (older readable versions: false, see `legacy`)
  bool legacy = false;   // an older version still read (cds-submission/1, cds-appraisal/1)
};

DetectedFormat detect_format(std::string_view bytes);
// "bài nộp" / "submission", … ("tệp không rõ loại" / "unknown file" for Unknown).
const char* file_kind_label(FileKind k, Lang lang);

}  // namespace cds
