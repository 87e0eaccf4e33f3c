#pragma once
// The project's rules around Snowball French. Snowball is written for
// accented French, but the analyzer folds accents BEFORE stemming (a query
// typed "deputee" must find "députée"), and Snowball leaves some plural and
// singular forms apart. These rules close those gaps; each is pinned by
// tests/data/analysis/vocabulary.txt.
//
//   plural -s   Before stemming, a word of 4 letters or more ending in a
//                single "s" loses it ("emplois" -> "emploi", "commissions" ->
//                "commission", "délais" -> "delai"): Snowball keeps an "s"
//                after a vowel and reads some plurals as verb endings
//                ("commissions" would give "comm", "commission" "commiss").
//                Singular and plural then reach Snowball as the same string.
//   -ee          Then a folded "-ée" ending ("deputee", "associee", "annee")
//                becomes "-e", as Snowball would have treated the accented
//                "-ée".
//   short words  A word left with at most 3 letters is not stemmed ("loi",
//                "rue", "pme", "ars", "lois" -> "loi"): Snowball would cut
//                acronyms and such roots to one or two letters.
//   vowel+u+x    After stemming, a final "x" after a vowel and "u" is dropped
//                ("enjeux" -> "enjeu", "lieux" -> "lieu", "voeux" -> "voeu").
//   kept apart   A few words whose stem would merge two notions that
//                parliamentary text keeps apart keep a stem of their own:
//                "financement(s)" -> "financement", so that "projet de loi de
//                finances" (PLF) does not match "projet de loi de financement
//                de la sécurité sociale" (PLFSS); tests/search/test_query_parser.cpp
//                checks every shipped synonym against the others.

#include <optional>
#include <string>
#include <string_view>

namespace hemicycle::analysis {

// The "kept apart" rule: the stem of such a word, or nothing.
[[nodiscard]] std::optional<std::string> kept_apart_stem(std::string_view folded);

// The "plural -s" and "-ee" rules: the form to give to Snowball.
[[nodiscard]] std::string_view before_snowball(std::string_view folded);

// The "short words" rule: true when `form` (from before_snowball) is kept as it is.
[[nodiscard]] bool is_too_short_to_stem(std::string_view form);

// The "vowel+u+x" rule, applied to Snowball's output.
void after_snowball(std::string& stem);

}  // namespace hemicycle::analysis
