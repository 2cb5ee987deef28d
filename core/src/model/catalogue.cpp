#include "cds/model/catalogue.hpp"

#include "cds/base/crypto.hpp"
#include "cds/rules/score.hpp"

namespace cds {

const CatalogueEntry* RubricCatalogue::add(std::string_view bytes, std::string source, Messages* problems) {
  auto loaded = load_rubric(bytes);
  if (problems) problems->insert(problems->end(), loaded.messages.begin(), loaded.messages.end());
  if (!loaded.rubric) return nullptr;
  return add(CatalogueEntry{std::make_shared<const Rubric>(std::move(*loaded.rubric)), sha256_hex(bytes), std::move(source), nullptr}, problems);
}

const CatalogueEntry* RubricCatalogue::add(CatalogueEntry e, Messages* problems) {
  if (!e.rubric) return nullptr;
  if (const CatalogueEntry* old = find(e.rubric->id, e.rubric->version)) {
    if (problems)
      problems->push_back(warning("catalogue.duplicate",
                                  "Đã có bộ tiêu chí " + e.rubric->id + " " + e.rubric->version + " (" + old->source + "); bỏ qua " + e.source,
                                  "Rubric " + e.rubric->id + " " + e.rubric->version + " is already known (" + old->source + "); " + e.source +
                                      " ignored"));
    return nullptr;
  }
  if (!e.plan || &e.plan->rubric() != e.rubric.get()) e.plan = std::make_shared<const ScoringPlan>(*e.rubric);
  entries_.push_back(std::move(e));
  return &entries_.back();
}

const CatalogueEntry* RubricCatalogue::find(std::string_view id, std::string_view version) const {
  for (const auto& e : entries_)
    if (e.rubric->id == id && e.rubric->version == version) return &e;
  return nullptr;
}

RubricLookup RubricCatalogue::lookup() const {
  return [this](const std::string& id, const std::string& version) -> std::optional<RubricRef> {
    const CatalogueEntry* e = find(id, version);
    if (!e) return std::nullopt;
    return RubricRef{e->rubric.get(), e->sha256, e->plan.get()};
  };
}

}  // namespace cds
