// cli/commands.hpp — one function per `cds` sub-command; each returns the process exit code.
#pragma once

namespace cli {

int cmd_lint(int argc, char** argv);
int cmd_template(int argc, char** argv);
int cmd_score(int argc, char** argv);
int cmd_keygen(int argc, char** argv);
int cmd_pubkey(int argc, char** argv);
int cmd_submit(int argc, char** argv);
int cmd_countersign(int argc, char** argv);
int cmd_verify(int argc, char** argv);
int cmd_dossier(int argc, char** argv);
int cmd_aggregate(int argc, char** argv);
int cmd_appraise(int argc, char** argv);
int cmd_appraise_table(int argc, char** argv);
int cmd_packet(int argc, char** argv);
int cmd_part(int argc, char** argv);
int cmd_assignment(int argc, char** argv);
int cmd_merge(int argc, char** argv);
int cmd_progress(int argc, char** argv);

}  // namespace cli
