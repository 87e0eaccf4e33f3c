// The index layout that kSchemaVersion names, pinned: for one record of each
// kind (a QG, a QE, an amendment, a press release), every term with its wdf and
// positions, every value and the stored data that DocumentBuilder writes.
// A change to this file's golden output is a change of layout: move
// kSchemaVersion with it, or explain why existing indexes stay valid.
// HEMICYCLE_UPDATE_GOLDEN=1 rewrites the golden file instead of comparing.

#include <gtest/gtest.h>

#include <algorithm>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "document/record.h"
#include "errors.h"
#include "index/document_builder.h"
#include "index/schema.h"
#include "index/stored_record.h"
#include "index/varint.h"
#include "support/command.h"

namespace hemicycle::index {
namespace {

const std::string kData = HEMICYCLE_TEST_DATA;

// One document as text: its data, its values by slot, its terms in order.
std::string describe(const BuiltDocument& built) {
  const Xapian::Document& doc = built.document;
  std::ostringstream out;
  out << "== " << built.id_term << "\n";
  // The record as its JSON with the long texts in place, and which texts were stored apart.
  // The document has no data: its record is a value (kRecordSlot, shown here instead).
  out << "data bytes " << doc.get_data().size() << "\n";
  const std::string bytes = stored_record_bytes(doc);
  const StoredRecord stored = read_stored_record(bytes);
  out << "record " << decode_stored_record(bytes).dump() << "\n";
  out << "stored apart";
  for (const auto& [key, text] : stored.texts) out << " " << key;
  out << "\n";
  for (auto value = doc.values_begin(); value != doc.values_end(); ++value) {
    if (value.get_valueno() == kAskedTermsSlot) {  // binary: shown decoded
      out << "value " << value.get_valueno() << " asked";
      for (const auto& [term, frequency] : decode_term_frequencies(*value)) out << " " << term << ":" << frequency;
      out << "\n";
      continue;
    }
    if (value.get_valueno() == kFacetValuesSlot) {  // binary: shown decoded
      out << "value " << value.get_valueno() << " facets";
      const std::string facets = *value;
      for (const std::string_view facet : decode_facet_values(facets)) {
        std::string shown(facet);
        std::replace(shown.begin(), shown.end(), '\n', '|');
        out << " [" << shown << "]";
      }
      out << "\n";
      continue;
    }
    if (value.get_valueno() == kRecordSlot) continue;  // shown above, decoded
    if (value.get_valueno() == kTextLayoutSlot) {
      out << "value " << value.get_valueno() << " layout";
      for (const TextLayout& text : decode_text_layout(*value)) {
        out << " " << text.key << "@" << text.base << "+" << text.tokens;
        for (const std::uint32_t offset : text.checkpoints) out << "," << offset;
      }
      out << "\n";
      continue;
    }
    std::string shown = *value;
    for (char& c : shown) {
      if (c == '\n') c = '|';
    }
    out << "value " << value.get_valueno() << " " << shown << "\n";
  }
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    out << "term " << *term << " wdf " << term.get_wdf();
    if (term.positionlist_count() > 0) {
      out << " at";
      for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) out << " " << *pos;
    }
    out << "\n";
  }
  out << "spelling";
  for (const auto& word : built.spelling_words) out << " " << word;
  out << "\n";
  return out.str();
}

TEST(DocumentLayout, EveryTermValueAndDataOfOneRecordOfEachKind) {
  static const analysis::FrenchAnalyzer analyzer;
  const DocumentBuilder builder(analyzer);
  std::ifstream in(kData + "/index/layout_records.jsonl");
  ASSERT_TRUE(in) << "missing fixture layout_records.jsonl";
  std::string actual;
  std::string line;
  int records = 0;
  while (std::getline(in, line)) {
    const auto record = document::record_from_json(nlohmann::ordered_json::parse(line));
    actual += describe(builder.build(record, true));
    ++records;
  }
  ASSERT_EQ(records, 4);

  const std::string golden_path = kData + "/index/layout.golden";
  if (const char* update = std::getenv("HEMICYCLE_UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
    std::ofstream(golden_path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << golden_path;
  }
  const std::string expected = test_support::read_file(golden_path);
  ASSERT_FALSE(expected.empty()) << "missing " << golden_path;
  EXPECT_EQ(actual, expected) << "the index layout changed (schema version " << kSchemaVersion << ")";
}

// The asked-terms slot: shared prefixes, frequencies over one byte, long terms;
// a cut or inconsistent value is an IndexError, not garbage.
TEST(AskedTermsEncoding, RoundTripsAndRejectsMalformedValues) {
  const TermFrequencies terms{
      {"", 1},           {"medecin", 3}, {"medecins", 200}, {"medical", 70000}, {std::string(kMaxTermBytes, 'z'), 1},
      {"\xC3\xA9tat", 2}};
  const std::string encoded = encode_term_frequencies(terms);
  EXPECT_EQ(decode_term_frequencies(encoded), terms);
  EXPECT_TRUE(decode_term_frequencies("").empty());
  // "medecins" shares 7 bytes with "medecin": 2 + 1 + 2 bytes.
  EXPECT_LT(encoded.size(), 60 + kMaxTermBytes);
  // The last entry is 8 bytes (0, 5, "état", 2): cut inside it, the value is refused;
  // cut before it, the first five remain.
  for (std::size_t cut = 1; cut < 8; ++cut) {
    EXPECT_THROW((void)decode_term_frequencies(encoded.substr(0, encoded.size() - cut)), IndexError) << cut;
  }
  EXPECT_EQ(decode_term_frequencies(encoded.substr(0, encoded.size() - 8)),
            TermFrequencies(terms.begin(), terms.end() - 1));
  EXPECT_THROW((void)decode_term_frequencies(std::string("\x05\x01a\x01", 4)), IndexError);  // shares 5 of nothing
}

// The faceted fields' values together: empty ones kept in their places, long
// ones whole, a cut value refused.
TEST(FacetValuesEncoding, RoundTripsAndRejectsCutValues) {
  const std::vector<std::string> values{"industrie", "", std::string(300, 'x'), "Côtes-d'Armor", ""};
  const std::string encoded = encode_facet_values(values);
  const std::vector<std::string_view> decoded = decode_facet_values(encoded);
  EXPECT_EQ(std::vector<std::string>(decoded.begin(), decoded.end()), values);
  EXPECT_TRUE(decode_facet_values("").empty());
  EXPECT_THROW((void)decode_facet_values(encoded.substr(0, 20)), IndexError);  // inside the 300 bytes
  EXPECT_THROW((void)decode_facet_values("\x80"), IndexError);                 // a cut length
}

// A stored record: its long texts apart and back in their places, keys in their
// order; the all-JSON data of an older index read as it is; a cut one refused.
TEST(StoredRecordLayout, LongTextsApartAndBack) {
  const nlohmann::ordered_json record = {{"id", "QE1"},
                                         {"titre", "Déserts médicaux"},
                                         {"texte_question", "Ligne 1\nLigne 2 « citée » \\ fin"},
                                         {"statut", "repondu"},
                                         {"texte_reponse", std::string(300, 'r')},
                                         {"dispositif", ""}};
  const std::string data = encode_stored_record(record);
  EXPECT_EQ(decode_stored_record(data), record);
  EXPECT_EQ(decode_stored_record(data).dump(), record.dump());  // the same key order
  const StoredRecord stored = read_stored_record(data);
  EXPECT_EQ(stored.fields["texte_question"], "");
  EXPECT_EQ(stored.text("texte_question"), "Ligne 1\nLigne 2 « citée » \\ fin");
  EXPECT_EQ(stored.text("texte_reponse").size(), 300u);
  EXPECT_EQ(stored.text("titre"), "Déserts médicaux");
  EXPECT_EQ(stored.text("absent"), "");
  // The JSON part never holds a long text: the texts are not lexed to read a hit.
  EXPECT_EQ(data.substr(0, data.find('\n')).find("Ligne"), std::string::npos);
  EXPECT_EQ(decode_stored_record(record.dump()), record);
  EXPECT_THROW((void)decode_stored_record(data.substr(0, data.size() - 10)), IndexError);
  EXPECT_THROW((void)decode_stored_record("{\"id\": \"QE1\", "), IndexError);
}

// A record of a kilobyte or more is compressed (zstd): the data is smaller,
// reads back the same, with the texts' views alive when the StoredRecord moves;
// a damaged frame is an IndexError. Uncompressed texts (layouts 7 and 8) still read.
TEST(StoredRecordLayout, LongTextsCompressedAndBack) {
  std::string answer;
  for (int i = 0; answer.size() < 20000; ++i)
    answer += "Le ministre répond à la question n° " + std::to_string(i) + ". ";
  const nlohmann::ordered_json record = {{"id", "QE2"},
                                         {"texte_question", "Quelle aide pour les communes rurales ?"},
                                         {"texte_reponse", answer},
                                         {"rubrique", "collectivités territoriales"}};
  const std::string data = encode_stored_record(record);
  EXPECT_EQ(data.substr(0, 4), "\x28\xB5\x2F\xFD");  // a zstd frame
  EXPECT_LT(data.size(), answer.size() / 2);
  EXPECT_EQ(decode_stored_record(data).dump(), record.dump());
  std::vector<StoredRecord> moved;
  moved.push_back(read_stored_record(data));
  moved.reserve(8);  // the record moves
  EXPECT_EQ(moved.front().text("texte_reponse"), answer);
  EXPECT_EQ(moved.front().text("texte_question"), "Quelle aide pour les communes rurales ?");
  EXPECT_EQ(moved.front().fields["rubrique"], "collectivités territoriales");

  std::string damaged = data;
  damaged[damaged.size() / 2] = static_cast<char>(~damaged[damaged.size() / 2]);
  EXPECT_THROW((void)decode_stored_record(damaged), IndexError);
  EXPECT_THROW((void)decode_stored_record(data.substr(0, data.size() - 5)), IndexError);

  // The same record as layouts 7 and 8 wrote it: JSON, a newline, the texts raw.
  nlohmann::ordered_json fields = record;
  fields["texte_question"] = "";
  fields["texte_reponse"] = "";
  std::string uncompressed = fields.dump() + "\n";
  for (const auto& [key, text] : {std::pair<int, std::string>{0, record["texte_question"]}, {1, answer}}) {
    uncompressed += static_cast<char>(key);
    put_varint(uncompressed, text.size());
    uncompressed += text;
  }
  EXPECT_EQ(decode_stored_record(uncompressed).dump(), record.dump());
}

}  // namespace
}  // namespace hemicycle::index
