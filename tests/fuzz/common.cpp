// Shared by the fuzz targets and the regression replay: the bundled rubrics and a trust list.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "targets.hpp"

namespace fuzz {

std::string read_whole(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

const Bundled& bundled() {
  static const Bundled b = [] {
    Bundled out;
    for (const char* id : {"soctrang-2023-thidua-tinh", "soctrang-2023-thidua-huyen", "soctrang-2023-thidua-xa", "soctrang-2022-dti-so",
                           "soctrang-2022-dti-huyen", "soctrang-2022-dti-xa", "vinhlong-2025-dti-tinh", "nhuthanh-2026-nq57"}) {
      std::string bytes = read_whole(std::string(CDS_SOURCE_DIR) + "/assets/rubrics/" + id + ".json");
      auto loaded = cds::load_rubric(bytes);
      if (!loaded.rubric) {
        std::fprintf(stderr, "fuzz: cannot load bundled rubric %s\n", id);
        std::abort();
      }
      out.known.push_back({std::make_shared<cds::Rubric>(std::move(*loaded.rubric)), cds::sha256_hex(bytes)});
    }
    // Lookup also finds the superseded versions, as the receiving office's default folder does
    // (submissions made with an older copy of the app still verify); they are not fuzz targets.
    std::vector<cds::KnownRubric> known = out.known;
    std::error_code ec;
    for (const auto& f : std::filesystem::directory_iterator(std::string(CDS_SOURCE_DIR) + "/assets/rubrics/superseded", ec)) {
      if (f.path().extension() != ".json") continue;
      std::string bytes = read_whole(f.path().string());
      auto loaded = cds::load_rubric(bytes);
      if (loaded.rubric) known.push_back({std::make_shared<cds::Rubric>(std::move(*loaded.rubric)), cds::sha256_hex(bytes)});
    }
    out.lookup = [known](const std::string& id, const std::string& version) -> std::optional<cds::RubricRef> {
      for (const auto& k : known)
        if (k.rubric->id == id && k.rubric->version == version) return cds::RubricRef{k.rubric.get(), k.sha256};
      return std::nullopt;
    };
    // The seed submissions are signed with keypair_from_seed(32 × 'S') for unit "FUZZ"; appraisals with 'A'.
    cds::KeyPair unit = cds::keypair_from_seed(std::string(32, 'S'));
    cds::KeyPair appraiser = cds::keypair_from_seed(std::string(32, 'A'));
    cds::Json t = {{"format", "cds-trust/1"},
                   {"units", cds::Json::array({cds::Json{{"code", "FUZZ"}, {"name", "Đơn vị thử"},
                                                         {"keys", cds::Json::array({cds::Json{{"public_key", cds::to_base64(unit.public_key)}}})}},
                                               cds::Json{{"code", "NONE"}, {"name", "Chưa nộp"}, {"keys", cds::Json::array()}}})},
                   {"appraisers", cds::Json::array({cds::Json{{"name", "Thẩm định"},
                                                              {"keys", cds::Json::array({cds::Json{{"public_key", cds::to_base64(appraiser.public_key)}}})}}})}};
    out.trust = *cds::load_trust_list(t.dump()).trust;
    return out;
  }();
  return b;
}

}  // namespace fuzz
