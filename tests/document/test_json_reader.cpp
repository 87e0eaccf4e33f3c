// parse_json reads with simdjson what it can: it must give the values that
// nlohmann's parser gives, of the same types, and refuse what it refuses.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "document/json_reader.h"

namespace hemicycle::document {
namespace {

using nlohmann::json;

// Equal values of equal types all the way down (nlohmann finds 5 and 5u equal).
bool same(const json& a, const json& b) {
  if (a.type() != b.type() || a.is_discarded() != b.is_discarded()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(), other = b.begin(); it != a.end(); ++it, ++other) {
      if (it.key() != other.key() || !same(it.value(), other.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  return a.is_discarded() || a == b ||
         (a.is_number_float() && std::isnan(a.get<double>()) && std::isnan(b.get<double>()));
}

void expect_as_nlohmann(const std::string& text) {
  const json expected = json::parse(text, nullptr, false);
  const json got = parse_json(text);
  ASSERT_TRUE(same(got, expected)) << "text: " << text
                                   << "\n  parse_json: " << (got.is_discarded() ? "refused" : got.dump())
                                   << "\n  nlohmann:   " << (expected.is_discarded() ? "refused" : expected.dump());
}

TEST(JsonReader, ReadsWhatNlohmannReads) {
  for (const char* text : {
           R"({"amendement": {"uid": "AMANR5L17PO59048B0324P0D1N000123", "legislature": "17",
               "signataires": {"cosignataires": {"acteurRef": ["PA1", "PA2"]}}, "corps": null}})",
           R"({"a": 1, "b": -2, "c": 18446744073709551615, "d": -9223372036854775808, "e": 1.5e3,
               "f": true, "g": false, "h": null, "i": [], "j": {}, "k": "\u00e9\ud83d\ude00\n\"\\"})",
           R"({"dup": 1, "dup": "last wins"})",
           R"([1, "two", [3]])",
           R"("a string")",
           "12",
           "0.1",
           "1e400",
           "123456789012345678901234567890",
           R"({"a":"é à ‘’ «»"})",
           // Refused by both.
           "",
           "{",
           "}",
           "[1,]",
           R"({"a":1,})",
           "{\"a\" 1}",
           "01",
           "1.",
           "-",
           "nul",
           R"({"a":"\x"})",
           R"({"a":"\ud800"})",
           R"({"a":"\udc00"})",
           R"({"a": 1} {"b": 2})",
           R"({"a": 1} x)",
           "{\"a\":\"tab\there\"}",
           "{\"a\":\"new\nline\"}",
           "{\"a\":\"\x01\"}",
           "\xff",
           "{\"a\":\"\xc3\"}",
           "{\"a\":\"\xed\xa0\x80\"}",
           // White space, controls where JSON allows them.
           " \t{\"a\" :\r\n 1 }\n",
           "{\"a\":1}\t",
       }) {
    SCOPED_TRACE(text);
    expect_as_nlohmann(text);
  }
  // The one difference: nlohmann keeps "-0" a signed integer, simdjson cannot
  // tell it from "0". Both are zero, and printed "0".
  EXPECT_EQ(parse_json("-0").dump(), "0");
}

// A text of over a megabyte is read by a parser of its own (a thread's parser
// would keep its buffers): the same values, and a small text read after it.
TEST(JsonReader, ReadsALargeTextAndASmallOneAfterIt) {
  std::string large = R"({"rows": [)";
  for (int i = 0; i < 60000; ++i) {
    if (i > 0) large += ',';
    large += R"({"n": )" + std::to_string(i - 30000) + R"(, "s": "ligne\u00e9 )" + std::to_string(i) + R"("})";
  }
  large += "]}";
  ASSERT_GT(large.size(), std::size_t{1} << 20);
  expect_as_nlohmann(large);
  expect_as_nlohmann(R"({"after": [1, -1, 1.5]})");
}

// A document like the Assemblée's, damaged a byte at a time: whatever simdjson
// accepts must be what nlohmann reads, and what it refuses nlohmann refuses too.
TEST(JsonReader, DamagedDocumentsAreReadAsNlohmannReadsThem) {
  const std::string document =
      R"({"amendement": {"uid": "AMANR5L17PO420120B0324P0D1N000042", "chronotag": "CRONO", "legislature": 17,)"
      R"( "identification": {"numeroLong": "42 rect.", "numeroOrdreDepot": 42, "prefixeOrganeExamen": "AN"},)"
      R"( "signataires": {"auteur": {"typeAuteur": "Député", "acteurRef": "PA720", "groupePolitiqueRef": "PO800"},)"
      R"( "cosignataires": {"acteurRef": ["PA1", "PA2", "PA3"]}, "libelle": "M. Dupont, Mme Durand et M. Lévy"},)"
      R"( "corps": {"contenuAuteur": {"dispositif": "<p>Supprimer l’alinéa 3.</p>", "exposeSommaire": "Il s'agit)"
      R"( de \"clarifier\" la rédaction\u00a0: 1,5 %."}}, "cycleDeVie": {"dateDepot": "2024-10-16", "sort": null,)"
      R"( "etatDesTraitements": {"etat": {"code": "AC", "libelle": "A discuter"}}}, "ratio": -0.25e-2, "ok": true}})";
  expect_as_nlohmann(document);
  const std::string bytes = "{}[]\":,\\ \t\n0123456789-+.eEtrufalsn\x01\x1f\x7f\xc3\xa9\xe2\x80\x99\xff\xed";
  std::mt19937 random(20261207);
  std::uniform_int_distribution<std::size_t> place(0, document.size() - 1);
  std::uniform_int_distribution<std::size_t> byte(0, bytes.size() - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string damaged = document;
    for (int n = 1 + static_cast<int>(random() % 3); n > 0; --n) {
      const std::size_t at = place(random) % damaged.size();
      switch (random() % 3) {
        case 0:
          damaged[at] = bytes[byte(random)];
          break;
        case 1:
          damaged.insert(at, 1, bytes[byte(random)]);
          break;
        default:
          damaged.erase(at, 1);
          break;
      }
    }
    expect_as_nlohmann(damaged);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace hemicycle::document
