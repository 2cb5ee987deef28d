// cds — the command line for offices and automation. See README.md and docs/cli.md.
#include <cstdio>
#include <cstring>
#include <string>

#include "cds/base/version.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace {

const char* kHelp =
    "cds %s — chấm điểm chuyển đổi số ngoại tuyến / offline digital-transformation scoring\n"
    "\n"
    "Cách dùng / Usage: cds <lệnh/command> [...]\n"
    "\n"
    "  lint <rubric.json>...                kiểm tra tệp tiêu chí / check rubric files\n"
    "  template <rubric.json> [--out F]     tạo tệp bài làm trống / empty answers file\n"
    "  score <rubric.json> <answers.json> [--json] [--lang vi|en] [--xlsx F.xlsx]\n"
    "                                       chấm điểm và giải thích; --xlsx: bảng Excel / score and explain; --xlsx: Excel workbook\n"
    "  keygen --out key.json --passphrase-file F [--unit-code C] [--unit-name N] [--kdf-memory MiB] [--kdf-passes N]\n"
    "                                       tạo khóa ký (in mã khóa) / create a signing key (prints its id)\n"
    "  pubkey key.json                      phần công khai để đăng ký / the public part to register\n"
    "  submit <rubric.json> <answers.json> --key K --passphrase-file F --out sub.json [--role preparer|head]\n"
    "                                       chấm, ký và tạo bài nộp / score, sign, write the submission\n"
    "  countersign sub.json --key K --passphrase-file F --role head\n"
    "                                       thủ trưởng ký xác nhận / the head countersigns\n"
    "  verify sub.json|dossier.zip [--evidence DIR] [--rubrics DIR] [--trust trust.json] [--json]\n"
    "                                       kiểm tra chữ ký, bộ tiêu chí, tính lại điểm, tài liệu kiểm chứng / check signatures, rubric, scores, evidence\n"
    "  dossier sub.json --evidence DIR --out dossier.zip\n"
    "                                       đóng bài nộp và tài liệu kiểm chứng thành một hồ sơ ZIP / pack a submission and its evidence into one ZIP\n"
    "  aggregate <tệp|thư mục>... --out DIR [--rubrics DIR] [--trust trust.json] [--appraisals DIR] [--threads N]\n"
    "                                       tổng hợp, thẩm định, xếp hạng; ghi report.csv/.json/.html/.xlsx / aggregate, rank, write reports\n"
    "  appraise sub.json --changes changes.json --key K --passphrase-file F --out appraisal.json\n"
    "                                       ký kết quả thẩm định một bài nộp / sign an appraisal of a submission\n"
    "  appraise-table bang.csv|.xlsx <tệp|thư mục>... --appraiser N --organisation O --key K --passphrase-file F --out-dir DIR\n"
    "                                       số liệu của cơ quan khác cho mọi đơn vị từ một bảng, ký thành bản thẩm định /\n"
    "                                       figures from another agency for every unit from one table, signed as appraisals\n"
    "  appraise-table --template [<tệp|thư mục>...] [--rubric ID] [--criteria 3,8] --out bang.csv|.xlsx\n"
    "                                       bảng mẫu để điền / a template to fill\n"
    "  assignment <rubric.json> --template | <plan.json>\n"
    "                                       chia phần cho bộ tiêu chí không kèm phân công / split a rubric that assigns nothing\n"
    "  packet <rubric.json> --agency ID|--all --unit-code C --deadline ISO --key K --passphrase-file F --out-dir DIR\n"
    "                                       phiếu phân công cho từng cơ quan / a signed work packet per agency\n"
    "  part <packet.json> <answers.json> --key K --passphrase-file F --out part.json   (--template, --show)\n"
    "                                       cơ quan ký phần được giao / an agency signs its assigned part\n"
    "  merge <rubric.json> <part.json|dir>... --trust T (--base A | --packets DIR) --out merged.json [--resolve X=AGENCY]\n"
    "                                       kiểm tra, ghép các phần, báo xung đột / verify and merge parts, report conflicts\n"
    "  progress <rubric.json> [parts...] --packets DIR --trust T --now ISO [--format text|csv|html] [--reminders DIR]\n"
    "                                       bảng tiến độ và lời nhắc cơ quan trễ hạn / progress board and reminders\n"
    "  --version                            phiên bản / version\n"
    "\n"
    "Mã thoát / exit codes: 0 đạt/ok, 1 dữ liệu không hợp lệ/invalid input, 2 sai cách dùng hoặc không đọc được tệp/usage or unreadable file\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, kHelp, cds::kVersion);
    return cli::kUsage;
  }
  std::string cmd = argv[1];
  if (cmd == "--version" || cmd == "version") {
    std::printf("%s %s\n", cds::kProductName, cds::kVersion);
    return cli::kOk;
  }
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::printf(kHelp, cds::kVersion);
    return cli::kOk;
  }
  try {
    if (cmd == "lint") return cli::cmd_lint(argc, argv);
    if (cmd == "template") return cli::cmd_template(argc, argv);
    if (cmd == "score") return cli::cmd_score(argc, argv);
    if (cmd == "keygen") return cli::cmd_keygen(argc, argv);
    if (cmd == "pubkey") return cli::cmd_pubkey(argc, argv);
    if (cmd == "submit") return cli::cmd_submit(argc, argv);
    if (cmd == "countersign") return cli::cmd_countersign(argc, argv);
    if (cmd == "verify") return cli::cmd_verify(argc, argv);
    if (cmd == "dossier") return cli::cmd_dossier(argc, argv);
    if (cmd == "aggregate") return cli::cmd_aggregate(argc, argv);
    if (cmd == "appraise") return cli::cmd_appraise(argc, argv);
    if (cmd == "appraise-table") return cli::cmd_appraise_table(argc, argv);
    if (cmd == "packet") return cli::cmd_packet(argc, argv);
    if (cmd == "part") return cli::cmd_part(argc, argv);
    if (cmd == "assignment") return cli::cmd_assignment(argc, argv);
    if (cmd == "merge") return cli::cmd_merge(argc, argv);
    if (cmd == "progress") return cli::cmd_progress(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cds: lỗi không mong đợi / unexpected error: %s\n", e.what());
    return cli::kInvalid;
  }
  cli::usage_error("Lệnh không hợp lệ: " + cmd, "Unknown command: " + cmd);
  return cli::kUsage;
}
