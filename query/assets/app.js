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

// --- routes: #/recherche?q=…&tri=…&page=…, #/document/{id}, #/ ---

function currentRoute() {
  const hash = location.hash.replace(/^#/, "") || "/";
  if (hash.startsWith("/document/")) return { view: "document", id: decodeURIComponent(hash.slice(10)) };
  const query = hash.indexOf("?") >= 0 ? new URLSearchParams(hash.slice(hash.indexOf("?") + 1)) : new URLSearchParams();
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

function go(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

let focusAfterRender = null;  // element id to focus once the view is drawn

function render() {
  const route = currentRoute();
  showError("");
  $("vue-resultats").hidden = route.view !== "recherche";
  $("vue-document").hidden = route.view !== "document";
  if (route.view === "document") {
    $("etat").textContent = "";
    showDocument(route.id);
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
  if (!record.texte_reponse && (record.type === "QE" || record.type === "QG" || record.type === "QOSD")) {
    texts.append(element("p", "Pas encore de réponse publiée.", "faits"));
  }
  title.focus();
}

// --- similar questions ---

async function findSimilar(event) {
  event.preventDefault();
  const draft = $("brouillon").value;
  const state = $("etat-similaires");
  const list = $("resultats-similaires");
  if (!draft.trim()) {
    state.textContent = "Collez d’abord un projet de question.";
    $("brouillon").focus();
    return;
  }
  state.textContent = "Recherche de questions similaires…";
  const params = new URLSearchParams({ limit: "10" });
  const filters = $("filtres-similaires").value.trim();
  if (filters) params.set("q", filters);
  let result;
  try {
    result = await api("/api/similar?" + params.toString(), {
      method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: draft,
    });
  } catch (error) {
    list.replaceChildren();
    state.textContent = "La recherche de questions similaires a échoué : " + error.message;
    return;
  }
  state.textContent = result.hits.length === 0
    ? "Aucune question similaire trouvée."
    : `${plural(result.hits.length, "question similaire", "questions similaires")} (mots retenus : ${result.query_terms.join(", ")}).`;
  list.replaceChildren(...result.hits.map((hit) => {
    const item = element("li");
    const heading = element("h3");
    heading.append(documentLink(hit.id, titleOf(hit.record)));
    item.append(heading, element("p", factsOf(hit.record), "faits"));
    if (hit.reponse_debut) item.append(element("p", "Réponse : " + hit.reponse_debut, "extrait"));
    if (hit.matched_terms && hit.matched_terms.length) {
      item.append(element("p", "Mots en commun : " + hit.matched_terms.join(", "), "mots"));
    }
    if (hit.groupe_taille) {
      item.append(element("p", `Posée ${hit.groupe_taille} fois : ` +
        hit.membres.map((m) => `${m.id} (${frenchDate(m.date)})`).join(", "), "mots"));
    }
    return item;
  }));
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
    if (currentRoute().view === "recherche") {
      currentSearchHash = location.hash;
      document.title = "Hémicycle — recherche parlementaire";
    }
    render();
  });
  if (currentRoute().view === "recherche") currentSearchHash = location.hash;
  render();
});
