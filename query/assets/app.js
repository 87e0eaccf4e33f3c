// Hémicycle's search page. Every value from the API is inserted as text; the
// only markup taken from it is <mark> in extracts, rebuilt as elements.
"use strict";

const PAR_PAGE = 10;

// The facets, in order, with their label and the query field that filters on
// them: [name, label, field] from /api/fields (the index's field table), and the
// label of each query field, for the chips of the filters in a query.
let FACETTES = [];
let CHAMPS = new Map();

async function loadFacets() {
  if (FACETTES.length > 0) return;
  const described = await api("/api/fields");
  FACETTES = described.facets.map(({ name, label, field }) => [name, label, field]);
  CHAMPS = new Map(described.fields.map(({ name, label }) => [name, label]));
}

const TYPES = {
  QE: "Question écrite",
  QG: "Question au Gouvernement",
  QOSD: "Question orale sans débat",
  AMENDEMENT: "Amendement",
  COMMUNIQUE: "Communiqué",
};

const STATUTS = {
  repondu: "répondue",
  en_attente: "en attente de réponse",
  retire: "retirée",
  inconnu: "inconnu (législature close, réponse absente de la source)",
};

// Record key -> label on the document page, in the order shown.
const METADONNEES = [
  ["type", "Type"],
  ["numero", "Numéro"],
  ["legislature", "Législature"],
  ["auteur", "Auteur"],
  ["auteurs", "Auteurs"],
  ["groupe", "Groupe"],
  ["circonscription", "Circonscription"],
  ["departement", "Département"],
  ["rubrique", "Rubrique"],
  ["tete_analyse", "Tête d’analyse"],
  ["ministere_interroge", "Ministère interrogé"],
  ["ministere_attributaire", "Ministère attributaire"],
  ["repondant", "Répondant"],
  ["date_publication", "Publiée le"],
  ["date_reponse", "Réponse le"],
  ["date_retrait", "Retirée le"],
  ["date_mise_a_jour", "Mise à jour le"],
  ["statut", "Statut"],
  ["texte_titre", "Texte"],
  ["article", "Article"],
  ["sort", "Sort"],
  ["territoires", "Territoires"],
];

const TEXTES = [
  ["texte_question", "Question"],
  ["texte_reponse", "Réponse"],
  ["dispositif", "Dispositif"],
  ["expose", "Exposé sommaire"],
  ["texte", "Texte"],
];

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function decodeEntities(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

// An extract from the API ("… <mark>loup</mark> &amp; …") as text nodes and <mark> elements.
function appendExtract(parent, extract) {
  let marked = false;
  for (const part of extract.split(/(<\/?mark>)/)) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    if (part === "") continue;
    const text = decodeEntities(part);
    parent.append(marked ? element("mark", text) : document.createTextNode(text));
  }
}

function frenchDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso || "");
}

function titleOf(record) {
  if (record.titre) return record.titre;
  if (record.sujet) return record.sujet;  // what a question without a title asks about
  if (record.type === "AMENDEMENT") {
    return ["Amendement n° " + (record.numero || "?"), record.article, record.texte_titre].filter(Boolean).join(" — ");
  }
  return "(sans titre)";
}

function authorOf(record) {
  let author = record.auteur || (Array.isArray(record.auteurs) ? record.auteurs.join(", ") : "");
  if (record.groupe) author += author ? ` (${record.groupe})` : record.groupe;
  return author;
}

function factsOf(record) {
  return [
    TYPES[record.type] || record.type,
    record.numero ? "n° " + record.numero : "",
    record.date_publication || record.date_reponse ? frenchDate(record.date_publication || record.date_reponse)
      : record.date_mise_a_jour ? "mis à jour le " + frenchDate(record.date_mise_a_jour) : "",
    authorOf(record),
    record.statut ? STATUTS[record.statut] || record.statut : "",
  ].filter(Boolean).join(" · ");
}

// The page of the document on the Assemblée's site.
function officialLink(record) {
  const paragraph = element("p", null, "officiel");
  const link = element("a", "Page officielle");
  link.href = record.url;
  link.setAttribute("aria-label", "Page officielle : " + titleOf(record));
  paragraph.append(link);
  return paragraph;
}

function documentLink(id, text) {
  const link = element("a", text);
  link.href = "#/document/" + encodeURIComponent(id);
  return link;
}

function plural(count, singular, pluralForm) {
  return `${count.toLocaleString("fr-FR")} ${count === 1 ? singular : pluralForm}`;
}

// fetch() returning the JSON, or throwing an Error carrying the API's message and offset.
async function api(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (_) {
    throw new Error("network");
  }
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error.message : `erreur ${response.status}`);
    error.offset = body && body.error ? body.error.offset : undefined;
    error.status = response.status;
    throw error;
  }
  return body;
}

// The API's messages are English (they are for programs): the page says in French
// what went wrong, and where in the query.
const PROBLEMES_REQUETE = [
  [/^unbalanced quote/, "un guillemet n’est pas refermé"],
  [/^unbalanced '\('/, "une parenthèse ouverte n’est pas refermée"],
  [/^unbalanced '\)'/, "une parenthèse fermée n’a pas été ouverte"],
  [/^'OR' needs/, "OR doit avoir un terme de chaque côté"],
  [/^unknown field/, "ce champ n’existe pas (voir « Syntaxe des requêtes »)"],
  [/^missing value after/, "il manque la valeur du champ"],
  [/^(bad date|the date range|a date range)/, "la date ou la période est invalide (AAAA, AAAA-MM ou AAAA-MM-JJ)"],
  [/^'\*' must end/, "* se met à la fin d’un début de mot, comme dans agricult*"],
  [/^the query is too long/, "la requête est trop longue"],
  [/^parentheses nested/, "trop de parenthèses imbriquées"],
];

function frenchError(error) {
  if (error.status === undefined) return "le serveur ne répond pas";
  if (error.offset !== undefined) {
    const problem = error.message.replace(/^invalid query: /, "");
    const found = PROBLEMES_REQUETE.find(([pattern]) => pattern.test(problem));
    return `la requête est mal formée${found ? " : " + found[1] : ""}`;
  }
  if (error.status === 400) return "la demande a été refusée par le serveur";
  if (error.status === 404) return "ce document n’est pas (ou plus) dans l’index";
  if (error.status === 503) return "l’index ne peut pas être lu pour le moment ; réessayez dans un instant";
  return `le serveur a rencontré une erreur (${error.status})`;
}

function showError(message) {
  const box = $("erreur");
  box.textContent = message;
  box.hidden = !message;
}

// --- routes: #/recherche?q=…&tri=…&page=…, #/document/{id}, #/similaires?brouillon=…&filtres=… or ?id=…, #/ ---

function currentRoute() {
  const hash = location.hash.replace(/^#/, "") || "/";
  if (hash.startsWith("/document/")) return { view: "document", id: decodeURIComponent(hash.slice(10)) };
  const query = hash.indexOf("?") >= 0 ? new URLSearchParams(hash.slice(hash.indexOf("?") + 1)) : new URLSearchParams();
  if (hash.startsWith("/similaires")) {
    return { view: "similaires", draft: query.get("brouillon") || "", filters: query.get("filtres") || "", id: query.get("id") || "" };
  }
  return {
    view: "recherche",
    q: query.get("q") || "",
    sort: query.get("tri") || "relevance",
    page: Math.max(1, parseInt(query.get("page") || "1", 10) || 1),
  };
}

function searchHash(q, sort, page) {
  const query = new URLSearchParams({ q });
  if (sort && sort !== "relevance") query.set("tri", sort);
  if (page > 1) query.set("page", String(page));
  return "#/recherche?" + query.toString();
}

function similarHash(route) {
  const query = route.id ? new URLSearchParams({ id: route.id }) : new URLSearchParams({ brouillon: route.draft });
  if (route.filters) query.set("filtres", route.filters);
  return "#/similaires?" + query.toString();
}

function go(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

let focusAfterRender = null;  // element id to focus once the view is drawn

function render() {
  const route = currentRoute();
  showError("");
  if (route.view !== "similaires") clearSimilar();
  $("vue-resultats").hidden = route.view !== "recherche";
  $("vue-document").hidden = route.view !== "document";
  $("similaires").hidden = route.view !== "similaires";
  if (route.view === "document") {
    $("etat").textContent = "";
    showDocument(route.id);
  } else if (route.view === "similaires") {
    $("etat").textContent = "";
    showSimilar(route);
  } else {
    $("q").value = route.q;
    $("tri").value = route.sort;
    showResults(route);
  }
}

// --- search ---

async function showResults(route) {
  const list = $("resultats");
  if (!route.q.trim()) {
    list.replaceChildren();
    $("etat").textContent = "";
    $("facettes").hidden = true;
    $("pagination").hidden = true;
    $("suggestion").hidden = true;
    $("filtres-actifs").hidden = true;
    $("actions-recherche").hidden = true;
    return;
  }
  $("etat").textContent = "Recherche en cours…";
  const params = new URLSearchParams({
    q: route.q, limit: String(PAR_PAGE), offset: String((route.page - 1) * PAR_PAGE), sort: route.sort, facets: "1",
  });
  let result;
  try {
    await loadFacets();
    result = await api("/api/search?" + params.toString());
  } catch (error) {
    list.replaceChildren();
    $("facettes").hidden = true;
    $("pagination").hidden = true;
    $("filtres-actifs").hidden = true;
    $("actions-recherche").hidden = true;
    $("etat").textContent = "";
    let message = "La recherche a échoué : " + frenchError(error);
    if (error.offset !== undefined) message += ` (à la position ${error.offset + 1} de la requête)`;
    message += ".";
    showError(message);
    return;
  }
  const first = (route.page - 1) * PAR_PAGE + 1;
  $("etat").textContent = result.total === 0
    ? `Aucun résultat pour « ${result.query} ».`
    : (result.total_exact === false ? "environ " : "") + `${plural(result.total, "résultat", "résultats")}` +
      (result.hits.length ? `, ${first} à ${first + result.hits.length - 1} affichés.` : ".");

  const suggestion = $("suggestion");
  suggestion.replaceChildren();
  suggestion.hidden = !result.suggestion;
  if (result.suggestion) {
    const link = element("a", result.suggestion);
    link.href = searchHash(result.suggestion, route.sort, 1);
    suggestion.append("Vouliez-vous dire : ", link, " ?");
  }

  list.start = first;
  list.replaceChildren(...result.hits.map((hit) => {
    const item = element("li");
    const article = element("article");
    const heading = element("h3");
    heading.append(documentLink(hit.id, titleOf(hit.record)));
    article.append(heading, element("p", factsOf(hit.record), "faits"));
    if (hit.record.url) article.append(officialLink(hit.record));
    if (hit.extrait) {
      const extract = element("p", null, "extrait");
      appendExtract(extract, hit.extrait);
      article.append(extract);
    }
    item.append(article);
    return item;
  }));
  showChips(route);
  showActions(route);
  const { counted, recounted } = await facetsBesideFilters(result.facets || {}, route);
  showFacets(counted, route, recounted, result.facets || {});
  showPagination(result.total, route);
  if (focusAfterRender) {
    const target = $(focusAfterRender);
    focusAfterRender = null;
    if (target) target.focus();
  }
}

// "rubrique:santé" or rubrique:"économie et finances".
function filterFor(field, value) {
  const clean = String(value).replace(/"/g, " ").trim();
  return /[\s():]/.test(clean) ? `${field}:"${clean}"` : `${field}:${clean}`;
}

// The filters of a query: field:value, or (field:a OR field:b) for several values
// of one field, each as a chip or a ticked box; the rest of the query is kept as
// written. A negated filter (-field:value) stays part of the rest.
const FILTRE = String.raw`([a-z_]+):("[^"]*"|[^\s()"]+)`;

function parseFilters(q) {
  const filters = [];
  const add = (field, text) => {
    if (!CHAMPS.has(field)) return false;
    filters.push({ field, value: text.replace(/^"|"$/g, ""), text: `${field}:${text}` });
    return true;
  };
  const group = new RegExp(String.raw`(^|\s)\(\s*${FILTRE}((?:\s+OR\s+${FILTRE})+)\s*\)(?=\s|$)`, "g");
  let rest = q.replace(group, (whole, before) => {
    const members = [...whole.matchAll(new RegExp(FILTRE, "g"))];
    if (!members.every((m) => m[1] === members[0][1] && CHAMPS.has(m[1]))) return whole;
    for (const m of members) add(m[1], m[2]);
    return before;
  });
  rest = rest.replace(new RegExp(String.raw`(^|\s)${FILTRE}(?=\s|$)`, "g"), (whole, before, field, text) =>
    add(field, text) ? before : whole);
  return { rest: rest.replace(/\s+/g, " ").trim(), filters };
}

// The query again from its free part and its filters, one field's values OR'ed.
function buildQuery(rest, filters) {
  const byField = new Map();
  for (const f of filters) {
    if (!byField.has(f.field)) byField.set(f.field, []);
    if (!byField.get(f.field).includes(f.text)) byField.get(f.field).push(f.text);
  }
  const parts = [...byField.values()].map((texts) => texts.length === 1 ? texts[0] : `(${texts.join(" OR ")})`);
  return [rest, ...parts].filter(Boolean).join(" ");
}

function goWithFilters(route, rest, filters) {
  focusAfterRender = "titre-resultats";
  const q = buildQuery(rest, filters);
  go(q ? searchHash(q, route.sort, 1) : "#/");
}

function showChips(route) {
  const { rest, filters } = parseFilters(route.q);
  const list = $("filtres-actifs");
  list.replaceChildren(...filters.map((filter, index) => {
    const label = `${CHAMPS.get(filter.field) || filter.field} : ${filter.value}`;
    const button = element("button", null, "puce");
    button.type = "button";
    button.append(label + " ", element("span", "×", "croix"));
    button.setAttribute("aria-label", "Retirer le filtre " + label);
    button.addEventListener("click", () => goWithFilters(route, rest, filters.filter((_, i) => i !== index)));
    const item = element("li");
    item.append(button);
    return item;
  }));
  list.hidden = filters.length === 0;
}

// "Exporter (CSV)" and "Suivre (Atom)" for the search shown.
function showActions(route) {
  const exportParams = new URLSearchParams({ q: route.q, format: "csv" });
  if (route.sort !== "relevance") exportParams.set("sort", route.sort);
  $("lien-export").href = "/api/search?" + exportParams.toString();
  $("lien-flux").href = "/api/feed?" + new URLSearchParams({ q: route.q }).toString();
  $("actions-recherche").hidden = false;
}

// The values of a filtered field are counted without its own filter, so that
// its other values stay there to tick as well (they combine with OR); `recounted`
// names the facets counted so, which say it.
async function facetsBesideFilters(facets, route) {
  const { rest, filters } = parseFilters(route.q);
  const fields = [...new Set(filters.map((f) => f.field))];
  const counted = { ...facets };
  const recounted = new Set();
  for (const field of fields) {
    const q = buildQuery(rest, filters.filter((f) => f.field !== field));
    if (!q) continue;
    try {
      const params = new URLSearchParams({ q, limit: "0", facets: "1" });
      const without = await api("/api/search?" + params.toString());
      for (const [name, , facetField] of FACETTES) {
        if (facetField === field && without.facets[name]) {
          counted[name] = without.facets[name];
          recounted.add(name);
        }
      }
    } catch (_) {
      // The counts with the filter are shown instead.
    }
  }
  return { counted, recounted };
}

// A filter's value and a facet's value are the same whatever their case, accents
// and separators ("territoire:bretagne" ticks "Bretagne"), as the index compares them.
function sameValue(a, b) {
  const fold = (text) => String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return fold(a) === fold(b);
}

// `filtered`: the facets counted with every filter, where a ticked value that the
// counts without its own filter leave out of their first values is found.
function showFacets(facets, route, recounted = new Set(), filtered = {}) {
  const container = $("liste-facettes");
  container.replaceChildren();
  const { rest, filters } = parseFilters(route.q);
  let shown = 0;
  // A ticked value stays in a list, to untick there, first when it is not among the
  // first values: with its count where a facet counted with the filters has it, else
  // as typed, without a count, in the first facet of its field.
  const listedSomewhere = (f) => FACETTES.some(([name, , field]) => field === f.field &&
    [...(facets[name] || []), ...(filtered[name] || [])].some(({ value }) => sameValue(value, f.value)));
  const uncounted = new Set();  // fields whose first facet took the filters listed nowhere
  for (const [name, label, field] of FACETTES) {
    const values = [...(facets[name] || [])];
    const missing = [];
    for (const f of filters) {
      if (f.field !== field || [...values, ...missing].some(({ value }) => sameValue(value, f.value))) continue;
      const found = (filtered[name] || []).find(({ value }) => sameValue(value, f.value));
      if (found) {
        missing.push(found);
      } else if (!uncounted.has(field) && !listedSomewhere(f)) {
        missing.push({ value: f.value, count: null });
      }
    }
    values.unshift(...missing);
    uncounted.add(field);
    if (values.length === 0) continue;
    const group = element("fieldset");
    group.append(element("legend", label));
    if (recounted.has(name)) {
      // "Hauts-de-France (30)" beside 15 results filtered to Bretagne is not a mistake.
      const hint = element("p", "Nombres sans le filtre de ce champ : une autre valeur cochée s'ajoute (ou).", "indice");
      hint.id = `indice-${name}`;
      group.setAttribute("aria-describedby", hint.id);
      group.append(hint);
    }
    const list = element("ul");
    for (const { value, count } of values) {
      const text = filterFor(field, value).slice(field.length + 1);
      const ticked = filters.some((f) => f.field === field && sameValue(f.value, value));
      const box = element("input");
      box.type = "checkbox";
      box.id = `facette-${name}-${shown}`;
      box.checked = ticked;
      const shownValue = name === "statut" ? STATUTS[value] || value : name === "type" ? TYPES[value] || value : value;
      const boxLabel = element("label");
      boxLabel.htmlFor = box.id;
      if (count === null) {
        boxLabel.append(shownValue);
        box.setAttribute("aria-label", `${label} : ${shownValue}`);
      } else {
        boxLabel.append(shownValue + " ", element("span", `(${count})`, "compte"));
        box.setAttribute("aria-label", `${label} : ${shownValue}, ${plural(count, "résultat", "résultats")}`);
      }
      box.addEventListener("change", () => {
        const others = filters.filter((f) => !(f.field === field && sameValue(f.value, value)));
        goWithFilters(route, rest, box.checked ? [...others, { field, value, text: `${field}:${text}` }] : others);
      });
      const item = element("li");
      item.append(box, boxLabel);
      list.append(item);
      ++shown;
    }
    group.append(list);
    container.append(group);
  }
  $("facettes").hidden = shown === 0;
}

function showPagination(total, route) {
  const pages = Math.max(1, Math.ceil(Math.min(total, 10000 + PAR_PAGE) / PAR_PAGE));
  $("pagination").hidden = pages <= 1;
  $("page-courante").textContent = `Page ${route.page} sur ${pages.toLocaleString("fr-FR")}`;
  $("precedent").disabled = route.page <= 1;
  $("suivant").disabled = route.page >= pages;
  $("precedent").onclick = () => { focusAfterRender = "titre-resultats"; go(searchHash(route.q, route.sort, route.page - 1)); };
  $("suivant").onclick = () => { focusAfterRender = "titre-resultats"; go(searchHash(route.q, route.sort, route.page + 1)); };
}

// --- one document ---

function metadataValue(key, value) {
  if (key === "type") return TYPES[value] || value;
  if (key === "statut") return STATUTS[value] || value;
  if (key.startsWith("date_")) return frenchDate(value);
  if (key === "territoires" && Array.isArray(value)) return value.map((t) => t.nom).filter(Boolean).join(", ");
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

async function showDocument(id) {
  const title = $("titre-document");
  const metadata = $("metadonnees");
  const texts = $("textes");
  title.textContent = "Chargement…";
  metadata.replaceChildren();
  texts.replaceChildren();
  const back = currentSearchHash;
  $("retour").href = back || "#/";
  let record;
  try {
    record = await api("/api/documents/" + encodeURIComponent(id));
  } catch (error) {
    title.textContent = "Document introuvable";
    showError("Le document ne peut pas être affiché : " + frenchError(error) + ".");
    title.focus();
    return;
  }
  title.textContent = titleOf(record);
  document.title = titleOf(record) + " — Hémicycle";
  const identifier = [element("dt", "Identifiant"), element("dd", record.id || id)];
  metadata.append(...identifier);
  for (const [key, label] of METADONNEES) {
    const value = record[key];
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    metadata.append(element("dt", label), element("dd", metadataValue(key, value)));
  }
  for (const [key, label] of TEXTES) {
    if (!record[key]) continue;
    const section = element("section");
    section.append(element("h2", label), element("p", record[key], "texte"));
    texts.append(section);
  }
  const question = record.type === "QE" || record.type === "QG" || record.type === "QOSD";
  if (!record.texte_reponse && question) {
    texts.append(element("p", "Pas encore de réponse publiée.", "faits"));
  }
  const official = $("lien-officiel");
  official.hidden = !record.url;
  official.href = record.url || "#/";
  const precedents = $("lien-precedents");
  precedents.hidden = !question;
  precedents.href = similarHash({ id: record.id || id });
  title.focus();
}

// --- similar questions (precedents) ---

// "Réponse de M. X, ministre de …, le 12/03/2019 : …": a séance transcript without a
// minister's turn is not presented as a ministerial answer (as hemicycle-query prints it).
function answerLine(hit) {
  const answer = hit.reponse;
  if (!answer) {
    // "sans réponse", "réponse absente de la source", "retirée — fin de mandat"
    const summary = hit.reponse_debut || "";
    if (summary.startsWith("retirée")) return "Question " + summary + ".";
    return summary.charAt(0).toUpperCase() + summary.slice(1) + ".";
  }
  const on = answer.date ? `, le ${frenchDate(answer.date)}` : "";
  if (answer.source === "ministre") return `Réponse de ${answer.repondant}${on} : ${answer.debut}`;
  if (answer.source === "compte_rendu") return `Échange en séance${on}, sans réponse ministérielle distincte : ${answer.debut}`;
  return `Réponse${answer.ministere ? ` du ministère (${answer.ministere})` : ""}${on} : ${answer.debut}`;
}

function sharedLine(shared) {
  const parts = [];
  if (shared.territoires && shared.territoires.length) parts.push(`territoire (${shared.territoires.join(", ")})`);
  if (shared.ministere) parts.push(`ministère (${shared.ministere})`);
  if (shared.rubrique) parts.push(`rubrique (${shared.rubrique})`);
  return parts.length ? "Même " + parts.join(", ") : "";
}

function showSynthesis(synthesis) {
  const box = $("synthese");
  box.replaceChildren();
  box.hidden = !synthesis || synthesis.precedents === 0;
  if (box.hidden) return;
  box.append(element("h3", `Synthèse des ${synthesis.precedents} premiers précédents`));
  const list = element("ul");
  if (synthesis.rubrique) {
    list.append(element("li", `Rubrique probable : ${synthesis.rubrique} (${synthesis.rubrique_precedents} sur ${synthesis.precedents})`));
  }
  if (synthesis.ministeres.length === 0) {
    list.append(element("li", "Aucun de ces précédents n’a de réponse connue."));
  }
  for (const m of synthesis.ministeres) {
    if (m.en_seance === m.reponses) {
      list.append(element("li", `${m.ministere} : ${plural(m.reponses, "réponse", "réponses")} en séance, sans délai`));
      continue;
    }
    const sitting = m.en_seance ? ` (dont ${m.en_seance} en séance)` : "";
    const delay = m.delai_median_jours === null
      ? "délai non mesuré"
      : `délai médian ${Math.round(m.delai_median_jours)} jours (sur ${m.delais_mesures})`;
    list.append(element("li", `${m.ministere} : ${plural(m.reponses, "réponse", "réponses")}${sitting}, ${delay}`));
  }
  box.append(list);
}

function similarProblem(message) {
  if (/^none of the draft's words|shares no word/.test(message)) {
    return "aucun de ses mots ne figure dans les questions de l’index";
  }
  if (/^the draft has no word|draft is empty/.test(message)) return "le projet ne contient aucun mot à chercher";
  if (/^no indexed document/.test(message)) return "ce document n’est pas dans l’index";
  return "la demande a été refusée par le serveur";
}

function clearSimilar() {
  $("etat-similaires").textContent = "";
  $("regle-similaires").textContent = "";
  $("resultats-similaires").replaceChildren();
  showSynthesis(null);
}

function findSimilar(event) {
  event.preventDefault();
  const draft = $("brouillon").value;
  if (!draft.trim()) {
    $("etat-similaires").textContent = "Collez d’abord un projet de question.";
    $("brouillon").focus();
    return;
  }
  go(similarHash({ draft, filters: $("filtres-similaires").value.trim() }));
}

async function showSimilar(route) {
  const state = $("etat-similaires");
  const list = $("resultats-similaires");
  $("brouillon").value = route.id ? "" : route.draft;
  $("filtres-similaires").value = route.filters;
  $("regle-similaires").textContent = "";
  list.replaceChildren();
  showSynthesis(null);
  if (!route.id && !route.draft) {  // the mode opened from its link: the form only
    state.textContent = "";
    $("brouillon").focus();
    return;
  }
  state.textContent = route.id ? `Recherche des précédents de ${route.id}…` : "Recherche de questions similaires…";
  const params = new URLSearchParams({ limit: "10" });
  if (route.filters) params.set("q", route.filters);
  if (route.id) params.set("id", route.id);
  let result;
  try {
    result = await api("/api/similar?" + params.toString(), route.id ? { method: "POST" } : {
      method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: route.draft,
    });
  } catch (error) {
    state.textContent = "La recherche de questions similaires a échoué : " +
      (error.status === 400 && error.offset === undefined ? similarProblem(error.message) : frenchError(error)) + ".";
    return;
  }
  const subject = route.id ? `Précédents de ${route.id}` : "Questions similaires";
  state.textContent = result.hits.length === 0
    ? "Aucune question similaire trouvée."
    : `${subject} : ${plural(result.hits.length, "question", "questions")} (mots les plus parlants : ${result.query_terms.join(", ")}).`;
  $("regle-similaires").textContent = result.hits.length ? result.classement.regle : "";
  showSynthesis(result.hits.length ? result.synthese : null);
  list.replaceChildren(...result.hits.map((hit) => {
    const item = element("li");
    const heading = element("h3");
    heading.append(documentLink(hit.id, titleOf(hit.record)));
    item.append(heading, element("p", factsOf(hit.record), "faits"));
    item.append(element("p", answerLine(hit), "extrait reponse"));
    if (hit.matched_terms && hit.matched_terms.length) {
      item.append(element("p", "Mots en commun : " + hit.matched_terms.join(", "), "mots"));
    }
    const shared = sharedLine(hit.en_commun || {});
    if (shared) item.append(element("p", shared, "mots"));
    if (hit.groupe_taille) {
      item.append(element("p", `Posée ${hit.groupe_taille} fois : ` +
        hit.membres.map((m) => `${m.id} (${frenchDate(m.date)})`).join(", "), "mots"));
    }
    return item;
  }));
  $("titre-similaires").focus();
}

let currentSearchHash = "";

document.addEventListener("DOMContentLoaded", () => {
  $("recherche").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("q").value.trim();
    if (!q) { $("q").focus(); return; }
    go(searchHash(q, $("tri").value, 1));
  });
  $("tri").addEventListener("change", () => {
    const q = $("q").value.trim();
    if (q) go(searchHash(q, $("tri").value, 1));
  });
  $("form-similaires").addEventListener("submit", findSimilar);
  window.addEventListener("hashchange", () => {
    if (currentRoute().view !== "document") {
      currentSearchHash = location.hash;
      document.title = "Hémicycle — recherche parlementaire";
    }
    render();
  });
  if (currentRoute().view !== "document") currentSearchHash = location.hash;
  render();
});
