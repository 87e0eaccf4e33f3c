#pragma once
// The passage of a document shown under a hit: the few sentences holding the
// most distinct query terms, in the original (accented) text, HTML-escaped,
// with the matched words wrapped in <mark>…</mark>.
//
// Matching runs the index's analyzer over the text and compares terms, so
// "Députées" is marked for a query on "deputes"; the token byte offsets then
// point back into the original text. With the positions the index holds
// (positioned_extract), only the chosen passage is analysed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "index/schema.h"

namespace hemicycle::search {

inline constexpr std::size_t kExtractWords = 30;

// The passage is looked for in the first this many bytes of each text (cut at a
// space): an amendment's dispositif can run to 80 KB, and analysing all of it for
// each hit made such queries ten times slower. Highlighters of other engines cap
// what they analyse the same way.
inline constexpr std::size_t kExtractScanBytes = 20000;

// "&", "<", ">" and '"' as entities: enough for element text and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

// The best passage of about `words` words among `texts` (earlier texts win ties;
// each text scanned up to kExtractScanBytes):
// the window with the most distinct `highlight_terms`, then the most matches,
// moved back to the start of its sentence when that keeps every match. With no
// match, the beginning of the first non-empty text. "…" marks cut ends.
// Whitespace runs become one space. Empty when every text is empty.
[[nodiscard]] std::string best_extract(const std::vector<std::string_view>& texts,
                                       const analysis::FrenchAnalyzer& analyzer,
                                       const std::vector<std::string>& highlight_terms,
                                       std::size_t words = kExtractWords);

// A text of a hit with its layout among the document's positions
// (index::kTextLayoutSlot).
struct LaidOutText {
  std::string_view text;
  const index::TextLayout* layout = nullptr;
};

// The passage best_extract would choose, found from the positions of the
// highlight terms in the document (`positions[i]`: those of highlight_terms[i],
// any order) over the whole of each text; only the chosen passage is analysed,
// from the checkpoint before it. nullopt when a text has no layout or the
// analysed passage does not line up with the positions (an index written by
// another version): best_extract then.
[[nodiscard]] std::optional<std::string> positioned_extract(const std::vector<LaidOutText>& texts,
                                                            const analysis::FrenchAnalyzer& analyzer,
                                                            const std::vector<std::string>& highlight_terms,
                                                            const std::vector<std::vector<Xapian::termpos>>& positions,
                                                            std::size_t words = kExtractWords);

// Turns the <mark>…</mark> of an extract into `open`/`close` (terminal bold,
// "[" "]") and decodes the entities of html_escape, for plain-text output.
[[nodiscard]] std::string render_marks(std::string_view extract, std::string_view open, std::string_view close);

}  // namespace hemicycle::search
