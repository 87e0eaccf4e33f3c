#include "search/searcher.h"

#include <algorithm>
#include <array>
#include <deque>
#include <memory>
#include <span>
#include <unordered_map>

#include "document/official_url.h"
#include "document/record.h"
#include "errors.h"
#include "index/schema.h"
#include "index/stored_record.h"
#include "search/extract.h"

namespace hemicycle::search {
namespace {

// The texts an extract is taken from, by preference when they match equally. The
// title, shown above the extract already, only when the record has none of them.
constexpr std::array<std::string_view, 5> kExtractKeys{"texte_question", "texte_reponse", "texte", "expose",
                                                       "dispositif"};

// The documents of each value of a slot, among the matches.
using SlotCounts = std::unordered_map<std::string, Xapian::doccount>;

SlotCounts counts_of(const Xapian::ValueCountMatchSpy& spy) {
  SlotCounts counts;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) counts.emplace(*it, it.get_termfreq());
  return counts;
}

ValueCounts views_of(const SlotCounts& counts) {
  ValueCounts views;
  views.reserve(counts.size());
  for (const auto& [value, documents] : counts) views.emplace(value, documents);
  return views;
}

// Keeps the docids of the matches, so that their facet values are read after the
// match, in docid order from the slot's value stream: a third of the cost of the
// value lookup a ValueCountMatchSpy makes for each match. For a database of one
// shard only: with several, a spy is given each shard's own docids. It cannot be
// serialised, so a remote database refuses it (Xapian::UnimplementedError), and a
// ValueCountMatchSpy counts there instead.
class MatchedDocuments : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*wt*/) override { docids_.push_back(doc.get_docid()); }

  [[nodiscard]] std::span<const Xapian::docid> docids() const noexcept { return docids_; }

  // The values of `slot` of the matches, counted.
  [[nodiscard]] SlotCounts count_values(const Xapian::Database& db, Xapian::valueno slot) {
    std::sort(docids_.begin(), docids_.end());  // already so, but nothing promises it
    SlotCounts counts;
    Xapian::ValueIterator value = db.valuestream_begin(slot);
    const Xapian::ValueIterator end = db.valuestream_end(slot);
    for (const Xapian::docid docid : docids_) {
      if (value == end) break;
      // check() moves on to docid or past it (glass), or answers whether docid has one.
      if (!value.check(docid) || value == end || value.get_docid() != docid) continue;
      ++counts[*value];
    }
    return counts;
  }

 private:
  std::vector<Xapian::docid> docids_;
};

// The `size` values of most documents, ties in the order of the values.
std::vector<FacetValue> top_values(const ValueCounts& counts, std::size_t size) {
  std::vector<std::pair<std::string_view, Xapian::doccount>> values(counts.begin(), counts.end());
  const auto first = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const std::size_t shown = std::min(size, values.size());
  std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(shown), values.end(), first);
  std::vector<FacetValue> top;
  top.reserve(shown);
  for (std::size_t i = 0; i < shown; ++i) top.push_back({std::string(values[i].first), values[i].second});
  return top;
}

// Counts the territories of the matching documents by name: those named (the
// "territoire" facet), and the départements and régions apart, counting the
// documents about a territory inside them too, as their filter finds them. The
// slot holds several territories per document (see index::encode_territories);
// a document counts once per name, even when a département and its région share
// it ("Guadeloupe"). The documents of each encoded slot value are counted first,
// and the names are tallied from those counts.
class TerritoryCounts {
 public:
  explicit TerritoryCounts(const ValueCounts& values) {
    std::vector<std::string_view> seen, seen_departements, seen_regions;  // the names of one value
    for (const auto& [value, documents] : values) {
      seen.clear();
      seen_departements.clear();
      seen_regions.clear();
      for (const index::TerritoryView& territory : index::decode_territories(value)) {
        if (territory.name.empty()) continue;
        std::string_view level = territory.level;
        const bool implied = level.starts_with(index::kImpliedLevel);
        if (implied) level.remove_prefix(1);
        if (!implied && first_time(seen, territory.name)) all_[territory.name] += documents;
        if (level == "departement" && first_time(seen_departements, territory.name)) {
          departements_[territory.name] += documents;
        }
        if (level == "region" && first_time(seen_regions, territory.name)) regions_[territory.name] += documents;
      }
    }
  }

  [[nodiscard]] std::vector<FacetValue> top_territories(std::size_t size) const { return top_values(all_, size); }
  [[nodiscard]] std::vector<FacetValue> top_departements(std::size_t size) const {
    return top_values(departements_, size);
  }
  [[nodiscard]] std::vector<FacetValue> top_regions(std::size_t size) const { return top_values(regions_, size); }

 private:
  // Whether `name` is not in `seen` yet (a handful of names: a vector beats a set), then it is.
  static bool first_time(std::vector<std::string_view>& seen, std::string_view name) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) return false;
    seen.push_back(name);
    return true;
  }

  ValueCounts all_;
  ValueCounts departements_;
  ValueCounts regions_;
};

// The texts an extract is looked for in, and their layouts when the index has
// them: the passage is then found from the highlight terms' positions.
std::string make_extract(const Xapian::Database& db, Xapian::docid docid, const Xapian::Document& doc,
                         const index::StoredRecord& stored, const analysis::FrenchAnalyzer& analyzer,
                         const std::vector<std::string>& highlight_terms) {
  std::vector<std::pair<std::string_view, std::string_view>> texts;  // key, text
  for (const std::string_view key : kExtractKeys) {
    if (const std::string_view text = stored.text(key); !text.empty()) texts.emplace_back(key, text);
  }
  if (texts.empty()) {
    if (const std::string_view title = stored.text("titre"); !title.empty()) texts.emplace_back("titre", title);
  }
  std::vector<std::string_view> plain;
  for (const auto& [key, text] : texts) plain.push_back(text);
  const std::string layout = doc.get_value(index::kTextLayoutSlot);
  if (!layout.empty()) {
    try {
      const std::vector<index::TextLayout> layouts = index::decode_text_layout(layout);
      std::vector<LaidOutText> laid_out;
      for (const auto& [key, text] : texts) {
        const auto found =
            std::find_if(layouts.begin(), layouts.end(), [key](const index::TextLayout& l) { return l.key == key; });
        laid_out.push_back({text, found == layouts.end() ? nullptr : &*found});
      }
      std::vector<std::vector<Xapian::termpos>> positions;
      for (const std::string& term : highlight_terms) {
        std::vector<Xapian::termpos>& at = positions.emplace_back();
        if (term.empty()) continue;
        for (auto p = db.positionlist_begin(docid, term); p != db.positionlist_end(docid, term); ++p) at.push_back(*p);
      }
      if (auto extract = positioned_extract(laid_out, analyzer, highlight_terms, positions)) return *extract;
    } catch (const Xapian::Error&) {
      // A position table another version wrote, or none: the texts are analysed.
    } catch (const IndexError&) {
    }
  }
  return best_extract(plain, analyzer, highlight_terms);
}

Hit make_hit(const Xapian::Database& db, const Xapian::MSetIterator& it, const analysis::FrenchAnalyzer& analyzer,
             const std::vector<std::string>& highlight_terms) {
  const Xapian::Document doc = it.get_document();
  Hit hit;
  hit.score = it.get_weight();
  const std::string data = index::stored_record_bytes(doc);
  index::StoredRecord stored = index::read_stored_record(data);
  nlohmann::ordered_json& record = stored.fields;
  if (auto id = record.find("id"); id != record.end() && id->is_string()) hit.id = id->get<std::string>();
  hit.extrait = make_extract(db, *it, doc, stored, analyzer, highlight_terms);

  for (const std::string_view key : document::kKeysLeftOutOfHits) record.erase(std::string(key));
  document::add_official_url(record);
  hit.record = std::move(record);
  return hit;
}

}  // namespace

Searcher::Searcher(const analysis::FrenchAnalyzer& analyzer, Xapian::Database db, QueryOptions options,
                   FacetTables* facet_tables)
    : analyzer_(analyzer), db_(std::move(db)), options_(std::move(options)), facet_tables_(facet_tables) {}

namespace {
// With no result, a word in at most this many documents may still be a typo.
constexpr Xapian::doccount kRareWord = 3;
}  // namespace

std::string Searcher::suggest(const std::string& query, const std::vector<std::string>& words, bool every_word) const {
  std::string suggestion;
  std::size_t copied = 0;  // bytes of `query` already in `suggestion`
  std::size_t search_from = 0;
  bool changed = false;
  for (const std::string& word : words) {
    if (word.find('*') != std::string::npos) continue;
    const std::size_t at = query.find(word, search_from);
    if (at == std::string::npos) continue;
    search_from = at + word.size();
    std::string corrected;
    std::size_t word_copied = 0;
    for (const analysis::Token& token : analyzer_.analyze(word)) {
      if (token.stopword || token.term.empty()) continue;
      // A word of the index is a typo only when few documents have it: with no
      // result, the words of a long query are all known, and asking the spelling
      // table about each cost more than the search (7 ms for six words).
      if (const Xapian::doccount df = db_.get_termfreq(token.term); df > (every_word ? kRareWord : 0)) continue;
      const std::string surface = word.substr(token.begin, token.end - token.begin);
      const std::string spelled = analyzer_.spelling_form(surface);
      const std::string replacement = db_.get_spelling_suggestion(spelled);
      if (replacement.empty() || replacement == spelled) continue;
      corrected.append(word, word_copied, token.begin - word_copied).append(replacement);
      word_copied = token.end;
    }
    if (word_copied == 0) continue;
    corrected.append(word, word_copied);
    suggestion.append(query, copied, at - copied).append(corrected);
    copied = at + word.size();
    changed = true;
  }
  if (!changed) return {};
  suggestion.append(query, copied);
  return suggestion;
}

SearchResult Searcher::search(const SearchRequest& request) const {
  const QueryParser parser(analyzer_, db_, options_);
  const ParsedQuery parsed = parser.parse(request.query);

  SearchResult result;
  result.query = request.query;
  try {
    Xapian::Enquire enquire(db_);
    enquire.set_query(parsed.combined());
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    if (request.time_limit > 0) enquire.set_time_limit(request.time_limit);
    // A query made of filters only ranks nothing: its matches come newest first.
    const SortOrder sort =
        request.sort == SortOrder::Relevance && parsed.scored.empty() ? SortOrder::DateDescending : request.sort;
    switch (sort) {
      case SortOrder::Relevance:
        break;
      case SortOrder::DateAscending:
        enquire.set_sort_by_value_then_relevance(*index::field("date").slot, false);
        break;
      case SortOrder::DateDescending:
        enquire.set_sort_by_value_then_relevance(*index::field("date").slot, true);
        break;
    }

    Xapian::doccount check_at_least =
        std::max(parsed.has_phrase ? request.exact_phrase_total_up_to : request.exact_total_up_to,
                 request.offset + request.limit);
    // Facets describe the whole result set, so every match is looked at.
    if (request.facets) check_at_least = std::max(check_at_least, db_.get_doccount());
    std::vector<const index::Field*> faceted;
    if (request.facets) {
      for (const index::Field& field : index::kFields) {
        if (field.facet != index::Facet::None) faceted.push_back(&field);
      }
    }
    std::deque<SlotCounts> read;                      // the values counted, which `counts` views
    std::shared_ptr<const FacetTable> table;          // or the values in memory, which `counts` views
    std::vector<ValueCounts> counts(faceted.size());  // per faceted field
    Xapian::MSet mset;
    if (faceted.empty()) {
      mset = enquire.get_mset(request.offset, request.limit, check_at_least);
    } else if (db_.get_value_freq(index::kFacetValuesSlot) == db_.get_doccount()) {
      // All the facets from one slot (index::kFacetValuesSlot), its values split after.
      // A long-running program counts from the values it keeps in memory.
      if (facet_tables_ != nullptr) table = facet_tables_->of(db_);
      bool counted = false;
      if (db_.size() == 1) {
        try {
          MatchedDocuments matched;
          enquire.add_matchspy(&matched);
          mset = enquire.get_mset(request.offset, request.limit, check_at_least);
          enquire.clear_matchspies();
          if (table) {
            table->count(matched.docids(), counts);
          } else {
            read.push_back(matched.count_values(db_, index::kFacetValuesSlot));
          }
          counted = true;
        } catch (const Xapian::UnimplementedError&) {
          enquire.clear_matchspies();  // a remote database, counted below where the values are
        }
      }
      if (!counted) {  // several shards, or a remote one
        Xapian::ValueCountMatchSpy spy(index::kFacetValuesSlot);
        enquire.add_matchspy(&spy);
        mset = enquire.get_mset(request.offset, request.limit, check_at_least);
        enquire.clear_matchspies();
        read.push_back(counts_of(spy));
      }
      if (!read.empty()) {
        for (const auto& [combined, documents] : read.front()) {
          const std::vector<std::string_view> values = index::decode_facet_values(combined);
          for (std::size_t i = 0; i < std::min(values.size(), counts.size()); ++i) {
            if (!values[i].empty()) counts[i][values[i]] += documents;
          }
        }
      }
    } else {
      // An index of an older layout, or shards of which one is: a spy per slot.
      std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
      for (const index::Field* field : faceted) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(*field->slot));
        enquire.add_matchspy(spies.back().get());
      }
      mset = enquire.get_mset(request.offset, request.limit, check_at_least);
      enquire.clear_matchspies();
      for (std::size_t i = 0; i < spies.size(); ++i) {
        read.push_back(counts_of(*spies[i]));
        counts[i] = views_of(read.back());
      }
    }
    result.total = mset.get_matches_estimated();
    result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      result.hits.push_back(make_hit(db_, it, analyzer_, parsed.highlight_terms));
    }

    for (std::size_t i = 0; i < faceted.size(); ++i) {
      const index::Field& field = *faceted[i];
      if (field.facet == index::Facet::Values) {
        result.facets[std::string(field.name)] = top_values(counts[i], request.facet_size);
        continue;
      }
      const TerritoryCounts territories(counts[i]);
      result.facets[std::string(field.name)] = territories.top_territories(request.facet_size);
      result.facets["departement"] = territories.top_departements(request.facet_size);
      result.facets["region"] = territories.top_regions(request.facet_size);
    }

    // Words absent from the index look mistyped; with no result at all, any
    // word the spelling table knows a more frequent neighbour of is offered.
    result.suggestion = suggest(request.query, parsed.words, result.total == 0);
  } catch (const Xapian::Error& e) {
    throw IndexError("search failed: " + e.get_description());
  }
  return result;
}

nlohmann::ordered_json to_json(const SearchResult& result) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const Hit& hit : result.hits) {
    hits.push_back({{"id", hit.id}, {"score", hit.score}, {"record", hit.record}, {"extrait", hit.extrait}});
  }
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const std::string& name : index::facet_names()) {
    const auto found = result.facets.find(name);
    if (found == result.facets.end()) continue;
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const FacetValue& value : found->second) values.push_back({{"value", value.value}, {"count", value.count}});
    facets[name] = std::move(values);
  }
  return {{"query", result.query},   {"total", result.total},       {"total_exact", result.total_exact},
          {"hits", std::move(hits)}, {"facets", std::move(facets)}, {"suggestion", result.suggestion}};
}

}  // namespace hemicycle::search
