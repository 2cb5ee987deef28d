// check_sizes: the answers' size limits applied to a verified submission. A translation unit of its
// own so that the unit edition, which does not call it, does not carry it (its first-visit budget).
#include "cds/signing/submission.hpp"

namespace cds {

void check_sizes(Verification& v) {
  if (!v.answers) return;
  Messages too_big = check_answers_size(*v.answers);
  if (too_big.empty()) return;
  v.sizes_ok = false;
  v.problems.insert(v.problems.end(), too_big.begin(), too_big.end());
}

}  // namespace cds
