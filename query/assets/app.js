// Hémicycle's search page. Every value from the API is inserted as text; the
// only markup taken from it is <mark> in extracts, rebuilt as elements.
"use strict";

const PAR_PAGE = 10;

// The facets, in order, with their label and the query field that filters on
// them: [name, label, field] from /api/fields (the index's field table).
let FACETTES = [];

async function loadFacets() {
  if (FACETTES.length > 0) return;
  const described = await api("/api/fields");
  FACETTES = described.facets.map(({ name, label, field }) => [name, label, field]);
}

const TYPES = {
  QE: "Question écrite",
  QG: "Question au Gouvernement",
  QOSD: "Question orale sans débat",
  AMENDEMENT: "Amendement",
  COMMUNIQUE: "Communiqué",
};

const STATUTS = { repondu: "répondue", en_attente: "en attente de réponse", retire: "retirée" };

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
  ["statut", "Statut"],
  ["texte_titre", "Texte"],
  ["article", "Article"],
  ["sort", "Sort"],
  ["territoires", "Territoires"],
  ["source", "Source"],
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
    frenchDate(record.date_publication || record.date_reponse),
    authorOf(record),
    record.statut ? STATUTS[record.statut] || record.statut : "",
  ].filter(Boolean).join(" · ");
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
  const response = await fetch(url, options);
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
    $("etat").textContent = "";
    let message = "La recherche a échoué : " + error.message;
    if (error.offset !== undefined) message += ` (à la position ${error.offset + 1} de la requête)`;
    showError(message);
    return;
  }
  const first = (route.page - 1) * PAR_PAGE + 1;
  $("etat").textContent = result.total === 0
    ? `Aucun résultat pour « ${result.query} ».`
    : `${plural(result.total, "résultat", "résultats")}` +
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
    if (hit.extrait) {
      const extract = element("p", null, "extrait");
      appendExtract(extract, hit.extrait);
      article.append(extract);
    }
    item.append(article);
    return item;
  }));
  showFacets(result.facets || {}, route);
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

function showFacets(facets, route) {
  const container = $("liste-facettes");
  container.replaceChildren();
  let shown = 0;
  for (const [name, label, field] of FACETTES) {
    const values = facets[name];
    if (!values || values.length === 0) continue;
    const group = element("div");
    const headingId = "facette-" + name;
    const heading = element("h3", label);
    heading.id = headingId;
    const list = element("ul");
    list.setAttribute("aria-labelledby", headingId);
    for (const { value, count } of values) {
      const filter = filterFor(field, value);
      const button = element("button");
      button.type = "button";
      const shownValue = name === "statut" ? STATUTS[value] || value : name === "type" ? TYPES[value] || value : value;
      button.append(shownValue + " ", element("span", `(${count})`, "compte"));
      button.setAttribute("aria-label", `Filtrer : ${label} ${shownValue}, ${plural(count, "résultat", "résultats")}`);
      button.disabled = route.q.includes(filter);
      button.addEventListener("click", () => {
        focusAfterRender = "titre-resultats";
        go(searchHash(`${route.q} ${filter}`.trim(), route.sort, 1));
      });
      const item = element("li");
      item.append(button);
      list.append(item);
      ++shown;
    }
    group.append(heading, list);
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
    showError(error.message);
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
  if (!answer) return hit.reponse_debut === "sans réponse" ? "Sans réponse." : "Question " + hit.reponse_debut + ".";
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
    list.append(element("li", "Aucun de ces précédents n’a reçu de réponse."));
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
    state.textContent = "La recherche de questions similaires a échoué : " + error.message;
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
