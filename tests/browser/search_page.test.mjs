// The search page as a person uses it, in headless chromium: search, tick a
// facet, remove its chip, download the CSV, follow the search, open a document
// and its official link, paste a draft; at 1280 and 400 px; keyboard focus, live
// regions, escaping; and axe-core finds no serious or critical violation.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import axe from "axe-core";
import { chromium } from "playwright-core";

const base = process.env.HEMICYCLE_URL;
const screenshots = process.env.HEMICYCLE_SCREENSHOTS;

const browser = await chromium.launch({
  executablePath: process.env.HEMICYCLE_CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "fr-FR", acceptDownloads: true });
const problems = [];
page.on("pageerror", (error) => problems.push("page error: " + error.message));
page.on("console", (message) => { if (message.type() === "error") problems.push("console: " + message.text()); });
page.on("request", (request) => {
  if (!request.url().startsWith(base)) problems.push("request outside the server: " + request.url());
});

let passed = 0;
let failed = 0;
async function step(name, body) {
  try {
    await body();
    ++passed;
    console.log("ok   " + name);
  } catch (error) {
    ++failed;
    console.log("FAIL " + name + "\n     " + String(error.message).split("\n").join("\n     "));
    await page.screenshot({ path: `${screenshots}/echec-${passed + failed}.png`, fullPage: true }).catch(() => {});
  }
}

const status = page.locator("#etat");
const results = page.locator("#resultats > li");

// axe-core run in the page as it is shown: no serious or critical violation.
async function checkAccessibility(where) {
  await page.evaluate(axe.source);
  const found = await page.evaluate(async () => {
    const report = await window.axe.run(document, { resultTypes: ["violations"] });
    return report.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  const grave = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(grave, [], `${where}: ${JSON.stringify(grave)}`);
}

function searchDone() {
  return page.waitForFunction(() => /résultat/.test(document.getElementById("etat").textContent));
}

await step("the page loads, in French, with a labelled search box and live regions", async () => {
  await page.goto(base + "/");
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  await page.getByLabel("Rechercher dans les questions, réponses, amendements et communiqués").waitFor();
  assert.equal(await status.getAttribute("aria-live"), "polite");
  assert.equal(await page.locator("#etat-similaires").getAttribute("aria-live"), "polite");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Aller au contenu");
});

await step("a search typed and sent with Enter lists highlighted hits and announces their count", async () => {
  await page.locator("#q").fill("santé");
  await page.locator("#q").press("Enter");
  await page.waitForFunction(() => /résultat/.test(document.getElementById("etat").textContent));
  assert.match(await status.textContent(), /^\d+ résultats?, 1 à \d+ affichés\.$/);
  assert.ok(await results.count() > 0);
  assert.ok(await page.locator("#resultats mark").count() > 0, "no <mark> in the extracts");
  assert.match(page.url(), /#\/recherche\?q=sant%C3%A9/);
  await page.screenshot({ path: `${screenshots}/recherche.png`, fullPage: true });
});

await step("ticking a facet with the keyboard adds its filter as a chip and moves focus to the results", async () => {
  const before = await results.count();
  const rubriques = page.locator("#liste-facettes fieldset", { has: page.locator("legend", { hasText: /^Rubrique$/ }) });
  const box = rubriques.locator("input[type=checkbox]").first();
  assert.match(await box.getAttribute("aria-label"), /^Rubrique : .+, \d+ résultats?$/);
  assert.equal(await page.locator("#liste-facettes .indice").count(), 0, "a hint without any filter");
  await box.focus();
  await page.keyboard.press("Space");
  await page.waitForFunction(() => document.getElementById("q").value.includes("rubrique:"));
  await searchDone();
  assert.match(await page.locator("#q").inputValue(), /^santé rubrique:/);
  assert.ok(await results.count() <= before);
  // The focus moves once the facets beside the filters are drawn, after the hits.
  await page.waitForFunction(() => document.activeElement.id === "titre-resultats", null, { timeout: 5000 });
  const chip = page.locator("#filtres-actifs button");
  assert.equal(await chip.count(), 1);
  assert.match(await chip.getAttribute("aria-label"), /^Retirer le filtre Rubrique : /);
  assert.ok(await rubriques.locator("input[type=checkbox]:checked").count() === 1, "the ticked box is not ticked");
  // The filtered field's values are counted without its filter, and it says so; the others are not.
  await rubriques.locator(".indice").waitFor({ timeout: 5000 });
  assert.match(await rubriques.locator(".indice").textContent(), /sans le filtre de ce champ/);
  assert.equal(await rubriques.getAttribute("aria-describedby"), await rubriques.locator(".indice").getAttribute("id"));
  assert.equal(await page.locator("#liste-facettes .indice").count(), 1, "a hint beside an unfiltered field");
  await checkAccessibility("results with a filter");
});

await step("two values of a facet combine as one OR the other", async () => {
  const types = page.locator("#liste-facettes fieldset", { has: page.locator("legend", { hasText: /^Type$/ }) });
  await page.goto(base + "/#/recherche?q=loup");
  await searchDone();
  const boxes = types.locator("input[type=checkbox]");
  if (await boxes.count() < 2) return;
  await boxes.nth(0).click();
  await page.waitForFunction(() => document.getElementById("q").value.includes("type:"));
  await searchDone();
  const one = await page.locator("#etat").textContent();
  await types.locator("input[type=checkbox]:not(:checked)").first().click();
  await page.waitForFunction(() => / OR type:/.test(document.getElementById("q").value));
  await searchDone();
  assert.match(await page.locator("#q").inputValue(), /^loup \(type:\S+ OR type:\S+\)$/);
  assert.notEqual(await page.locator("#etat").textContent(), one);
  assert.equal(await page.locator("#filtres-actifs button").count(), 2);
});

await step("a filter typed in any case or accent ticks its value, shown even past the first values", async () => {
  const rubriques = page.locator("#liste-facettes fieldset", { has: page.locator("legend", { hasText: /^Rubrique$/ }) });
  await page.goto(base + "/#/recherche?q=" + encodeURIComponent("santé rubrique:SANTE"));
  await searchDone();
  await rubriques.locator(".indice").waitFor({ timeout: 5000 });
  const ticked = rubriques.locator("input[type=checkbox]:checked");
  assert.equal(await ticked.count(), 1);
  assert.match(await ticked.getAttribute("aria-label"), /^Rubrique : santé, /);
  await ticked.click();  // unticking it removes the typed filter, not adds another
  await page.waitForFunction(() => document.getElementById("q").value === "santé");
  await searchDone();
  // Thirteen rubriques match: counted without the filter, "transports routiers" (1)
  // is not among the first ten, and is listed first, ticked.
  const broad = "(ministre OR gouvernement OR mesures OR routier OR carburants OR enseignement)";
  await page.goto(base + "/#/recherche?q=" + encodeURIComponent(`${broad} rubrique:"transports routiers"`));
  await searchDone();
  await rubriques.locator(".indice").waitFor({ timeout: 5000 });
  const first = rubriques.locator("input[type=checkbox]").first();
  assert.ok(await first.isChecked(), "the ticked value is not listed first");
  assert.match(await first.getAttribute("aria-label"), /^Rubrique : transports routiers, 1 résultat$/);
  assert.equal(await rubriques.locator("input[type=checkbox]").count(), 11);
});

await step("removing a chip removes its filter only", async () => {
  await page.goto(base + "/#/recherche?q=" + encodeURIComponent("santé rubrique:santé"));
  await searchDone();
  const chip = page.locator("#filtres-actifs button").first();
  await chip.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("q").value === "santé");
  await searchDone();
  assert.equal(await page.locator("#filtres-actifs button").count(), 0);
  assert.ok(await page.locator("#filtres-actifs").isHidden());
});

await step("Exporter (CSV) downloads the search as a spreadsheet file, accents intact", async () => {
  const waiting = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exporter (CSV)" }).click();
  const download = await waiting;
  assert.equal(download.suggestedFilename(), "hemicycle-recherche.csv");
  const csv = await readFile(await download.path(), "utf8");
  assert.ok(csv.startsWith("\uFEFFid;url;type;"), csv.slice(0, 40));
  const rows = csv.trim().split("\r\n");
  assert.equal(rows.length - 1, parseInt((await status.textContent()).replace(/\s/g, ""), 10));
  assert.match(csv, /santé/);
});

await step("Suivre (Atom) links to the search's feed", async () => {
  const href = await page.getByRole("link", { name: "Suivre (Atom)" }).getAttribute("href");
  assert.equal(href, "/api/feed?q=sant%C3%A9");
  const feed = await page.evaluate(async (url) => (await fetch(url)).text(), href);
  assert.match(feed, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  assert.match(feed, /<entry>/);
});

await step("opening a hit shows its question, answer and metadata, with focus on its title", async () => {
  await page.goto(base + "/#/recherche?q=loup%20troupeaux");
  await page.waitForFunction(() => /résultat/.test(document.getElementById("etat").textContent));
  await page.locator("#resultats a", { hasText: "Attaques de loups" }).click();
  await page.waitForFunction(() => document.getElementById("titre-document").textContent.startsWith("Attaques"));
  assert.equal(await page.evaluate(() => document.activeElement.id), "titre-document");
  assert.match(page.url(), /#\/document\/E2E-QE-101$/);
  const texts = await page.locator("#textes").textContent();
  assert.match(texts, /Question.*troupeaux ovins en Savoie/s);
  assert.match(texts, /Réponse.*moins de trois mois/s);
  const metadata = await page.locator("#metadonnees").textContent();
  assert.match(metadata, /Ministère interrogéAgriculture et souveraineté alimentaire/);
  assert.match(metadata, /Réponse le19\/09\/2023/);
  await page.screenshot({ path: `${screenshots}/document.png`, fullPage: true });
  assert.doesNotMatch(metadata, /Source|\/tests\/data\//);
  assert.ok(await page.locator("#lien-officiel").isHidden(), "a document without an official page links to one");
  await checkAccessibility("document view");
  await page.locator("#retour").click();
  await page.waitForFunction(() => !document.getElementById("vue-resultats").hidden);
  assert.equal(await page.locator("#q").inputValue(), "loup troupeaux");
});

await step("a question of the Assemblée links to its official page, from the hit and from the document", async () => {
  await page.goto(base + "/#/recherche?q=" + encodeURIComponent("prédation du loup"));
  await searchDone();
  const official = "https://www.assemblee-nationale.fr/dyn/17/questions/QANR5L17QE9001";
  const hitLink = page.getByRole("link", { name: "Page officielle : Indemnisation des éleveurs victimes de la prédation du loup" });
  assert.equal(await hitLink.getAttribute("href"), official);
  await page.locator("#resultats a", { hasText: "Indemnisation des éleveurs" }).click();
  await page.waitForFunction(() => document.getElementById("titre-document").textContent.startsWith("Indemnisation"));
  const link = page.getByRole("link", { name: "Voir sur le site de l’Assemblée nationale" });
  assert.equal(await link.getAttribute("href"), official);
});

await step("at 400 px the document view fits the screen, metadata and links included", async () => {
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto(base + "/#/document/P-QG1");
  await page.waitForFunction(() => document.getElementById("titre-document").textContent.startsWith("Agressions contre"));
  const overflow = await page.evaluate(() => {
    const wide = [...document.querySelectorAll("#vue-document *")].filter((e) => e.getBoundingClientRect().right > 400.5);
    return { page: document.documentElement.scrollWidth, wide: wide.map((e) => e.tagName + "#" + e.id).slice(0, 5) };
  });
  assert.ok(overflow.page <= 400, `the page is ${overflow.page} px wide`);
  assert.deepEqual(overflow.wide, []);
  await page.screenshot({ path: `${screenshots}/document-400.png`, fullPage: true });
  await checkAccessibility("document view at 400 px");
  await page.goto(base + "/#/recherche?q=" + encodeURIComponent("santé rubrique:santé"));
  await searchDone();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 400);
  await page.screenshot({ path: `${screenshots}/recherche-400.png`, fullPage: true });
  await checkAccessibility("results at 400 px");
  await page.setViewportSize({ width: 1280, height: 900 });
});

await step("a pasted draft lists the similar questions, a question asked again as one entry", async () => {
  // The similar mode is a view of its own, not a box under the results.
  assert.ok(await page.locator("#similaires").isHidden());
  await page.getByRole("link", { name: /Questions similaires/ }).click();
  await page.waitForFunction(() => !document.getElementById("similaires").hidden);
  assert.match(page.url(), /#\/similaires$/);
  assert.ok(await page.locator("#vue-resultats").isHidden());
  await page.locator("#brouillon").fill(
    "Interroger la ministre sur l'installation des médecins dans les zones rurales et les aides à l'installation.");
  await page.getByRole("button", { name: "Chercher des questions similaires" }).click();
  await page.waitForFunction(() => /similaire/.test(document.getElementById("etat-similaires").textContent));
  assert.match(page.url(), /#\/similaires\?brouillon=Interroger/);
  const first = page.locator("#resultats-similaires > li").first();
  assert.match(await first.locator("h3").textContent(), /Installation des médecins dans les zones rurales/);
  assert.match(await first.textContent(), /Posée 3 fois/);
  assert.match(await first.textContent(), /Réponse du ministère \(Santé et prévention\), le 09\/05\/2023 : La loi du 19 mai 2023/);
  // The page states the rule the API applies, and the synthesis above the list.
  assert.match(await page.locator("#regle-similaires").textContent(), /dès que sa similarité atteint 75 %/);
  assert.match(await page.locator("#synthese").textContent(), /Rubrique probable : professions de santé/);
  await page.locator("#similaires").screenshot({ path: `${screenshots}/similaires.png` });
  await checkAccessibility("similar questions");
});

await step("the similar list has a URL of its own: the back button leaves it and comes back to it", async () => {
  const similarUrl = page.url();
  await page.goBack();  // the similar mode's empty form, then the results it was opened from
  await page.waitForFunction(() => document.querySelectorAll("#resultats-similaires > li").length === 0);
  assert.match(page.url(), /#\/similaires$/);
  await page.goBack();
  await page.waitForFunction(() => !document.getElementById("vue-resultats").hidden);
  assert.ok(await page.locator("#similaires").isHidden());
  await page.goForward();
  await page.waitForFunction(() => location.hash === "#/similaires" && !document.getElementById("similaires").hidden);
  await page.goForward();
  await page.waitForFunction(() => document.querySelectorAll("#resultats-similaires > li").length > 0);
  assert.equal(page.url(), similarUrl);
  assert.match(await page.locator("#brouillon").inputValue(), /^Interroger la ministre/);
  // Shared as it is, in a new page.
  const other = await browser.newPage();
  await other.goto(similarUrl);
  await other.waitForFunction(() => document.querySelectorAll("#resultats-similaires > li").length > 0);
  assert.match(await other.locator("#resultats-similaires > li h3").first().textContent(), /Installation des médecins/);
  await other.close();
});

await step("a document links to its precedents, each with the minister who answered and when", async () => {
  await page.goto(base + "/#/document/P-QE2");
  await page.waitForFunction(() => document.getElementById("titre-document").textContent.startsWith("Agressions des"));
  await page.getByRole("link", { name: "Précédents de cette question" }).click();
  await page.waitForFunction(() => /Précédents de P-QE2/.test(document.getElementById("etat-similaires").textContent));
  assert.match(page.url(), /#\/similaires\?id=P-QE2$/);
  const items = page.locator("#resultats-similaires > li");
  const texts = await items.allTextContents();
  assert.ok(texts.every((t) => !/P-QE2/.test(t)), "the document is among its own precedents");
  const minister = texts.find((t) => /sapeurs-pompiers en Gironde/.test(t));
  assert.ok(minister, texts.join("\n"));
  assert.match(minister, /Réponse de M\. Gérald Darmanin, ministre de l’?'?intérieur, le 10\/03\/2021 : Madame la députée/);
  const transcript = texts.find((t) => /Violences contre les sapeurs-pompiers volontaires/.test(t));
  assert.match(transcript, /Échange en séance, le 02\/06\/2021, sans réponse ministérielle distincte/);
  assert.doesNotMatch(transcript, /Réponse de/);
  await page.goBack();
  await page.waitForFunction(() => !document.getElementById("vue-document").hidden);
});

await step("the document view names the minister who answered", async () => {
  await page.goto(base + "/#/document/P-QG1");
  await page.waitForFunction(() => document.getElementById("titre-document").textContent.startsWith("Agressions contre"));
  assert.match(await page.locator("#metadonnees").textContent(), /RépondantM\. Gérald Darmanin, ministre de l'intérieur/);
});

await step("markup in a record is shown as text, never run", async () => {
  await page.goto(base + "/#/recherche?q=estrans");
  await page.waitForFunction(() => /résultat/.test(document.getElementById("etat").textContent));
  assert.equal(await page.locator("#resultats h3").first().textContent(), "Balises <script> & marées : signalisation des estrans");
  assert.equal(await page.locator("script").count(), 1);
});

await step("a malformed query says in French what is wrong and where", async () => {
  await page.locator("#q").fill("\"loup");
  await page.locator("#q").press("Enter");
  await page.locator("#erreur").waitFor({ state: "visible" });
  assert.equal(await page.locator("#erreur").textContent(),
    "La recherche a échoué : la requête est mal formée : un guillemet n’est pas refermé (à la position 1 de la requête).");
  assert.equal(await page.locator("#erreur").getAttribute("role"), "alert");
});

await step("paging moves to the next page of hits", async () => {
  await page.goto(base + "/#/recherche?q=de");
  await page.waitForFunction(() => /résultat/.test(document.getElementById("etat").textContent));
  const pages = await page.locator("#page-courante").textContent();
  if (!/sur 1$/.test(pages)) {
    await page.locator("#suivant").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /, 11 à/.test(document.getElementById("etat").textContent));
    assert.match(await page.locator("#page-courante").textContent(), /^Page 2 sur/);
  }
});

await step("nothing went wrong in the page, and nothing was loaded from elsewhere", async () => {
  assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
