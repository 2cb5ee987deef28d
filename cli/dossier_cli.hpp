// cli/dossier_cli.hpp — reading a dossier or a plain submission, and the evidence part of
// `cds verify` (cmd_dossier.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cds/signing/dossier.hpp"
#include "cds/signing/submission.hpp"

namespace cli {

struct DossierInput {
  bool is_dossier = false;
  std::string submission;                 // the submission's bytes
  std::vector<cds::DossierFile> evidence;  // a dossier's other files
};
// A ZIP dossier opened (the limits and names checked; nullopt with the reasons in *problems), or
// the bytes as a plain submission.
std::optional<DossierInput> read_dossier_input(const std::string& bytes, cds::Messages* problems);
// Every regular file under `dir` (names relative to it).
std::vector<cds::DossierFile> read_loose_files(const std::string& dir);

// The evidence check file by file ("✓ name (criteria)", missing, changed, extra).
void print_evidence_report(const cds::EvidenceReport& rep, cds::Lang lang);

// A dossier's ZIP bytes for a signed submission or part: its evidence files looked up by SHA-256
// under `evidence_dir` (and among `more_evidence`, SHA-256 → bytes), `more` files added (parts/…).
// nullopt with the reasons printed and *code set (kUsage, kInvalid) when a file is missing or
// changed; *evidence_files is the number of evidence files packed.
std::optional<std::string> pack_dossier(const std::string& signed_text, const cds::Answers& answers, const std::string& created,
                                        const std::optional<std::string>& evidence_dir, const std::string& where,
                                        std::vector<cds::DossierFile> more, const std::map<std::string, std::string>& more_evidence,
                                        size_t* evidence_files, int* code);

}  // namespace cli
