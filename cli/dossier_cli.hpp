// cli/dossier_cli.hpp — reading a dossier or a plain submission, and the evidence part of
// `cds verify` (cmd_dossier.cpp).
#pragma once

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
// Prints the evidence check of `files` against the verified submission; true when complete.
bool report_evidence(const cds::Verification& v, const std::vector<cds::DossierFile>& files, cds::Lang lang);

}  // namespace cli
