// Regenerates data/gazetteer/territories.tsv from Etalab's découpage administratif.
//
//   mkdir -p /tmp/gaz && cd /tmp/gaz && npm install @etalab/decoupage-administratif
//   node scripts/gazetteer/generate.mjs /tmp/gaz/node_modules/@etalab/decoupage-administratif \
//        > data/gazetteer/territories.tsv
//
// One territory per line, tab separated, parents before children:
//   r  code   name
//   d  code   name  région code
//   e  SIREN  name  département codes of its members, most members first (comma separated)  population
//   c  INSEE  name  département code  EPCI SIREN (empty if none)  population
// Only current communes (no communes déléguées or associées, no municipal arrondissements).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const packageDir = process.argv[2];
if (!packageDir) {
  console.error('usage: node generate.mjs <path to @etalab/decoupage-administratif>');
  process.exit(2);
}
const load = (name) => JSON.parse(readFileSync(join(packageDir, 'data', name), 'utf8'));
const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;

const clean = (name) => {
  if (/[\t\n]/.test(name)) throw new Error(`tab or newline in name: ${JSON.stringify(name)}`);
  return name;
};
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

const lines = [`# @etalab/decoupage-administratif ${version} (Etalab, MIT); see data/gazetteer/README.md`];
for (const r of load('regions.json').sort(byCode)) lines.push(['r', r.code, clean(r.nom)].join('\t'));
for (const d of load('departements.json').sort(byCode)) lines.push(['d', d.code, clean(d.nom), d.region].join('\t'));

const communes = load('communes.json').filter((c) => c.type === 'commune-actuelle').sort(byCode);
const departementOf = new Map(communes.map((c) => [c.code, c.departement]));
const epciOf = new Map();
for (const e of load('epci.json').sort(byCode)) {
  const members = new Map();
  for (const m of e.membres) {
    epciOf.set(m.code, e.code);
    const d = departementOf.get(m.code);
    if (d) members.set(d, (members.get(d) ?? 0) + 1);
  }
  const departements = [...members.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([d]) => d);
  lines.push(['e', e.code, clean(e.nom), departements.join(','), e.populationMunicipale ?? ''].join('\t'));
}
for (const c of communes) {
  lines.push(['c', c.code, clean(c.nom), c.departement, epciOf.get(c.code) ?? '', c.population ?? ''].join('\t'));
}
process.stdout.write(lines.join('\n') + '\n');
