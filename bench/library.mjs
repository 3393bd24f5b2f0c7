// Deterministic article libraries for tests and benchmarks: the same seed
// gives the same files, byte for byte.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WORDS = (
  'le la les un une des du de et à au aux en dans sur pour par avec sans sous entre vers chez ' +
  'campagne élection électorale président présidence gouvernement ministre député sénat assemblée ' +
  'piratage sécurité informatique réseau données courriel messagerie serveur attaque défense ' +
  'économie marché entreprise emploi salaire inflation croissance budget impôt dépense ' +
  'culture musée théâtre cinéma littérature roman auteur éditeur lecture bibliothèque ' +
  'sport football rugby cyclisme équipe match victoire défaite entraîneur saison ' +
  'science recherche découverte étude université laboratoire climat énergie océan forêt ' +
  'ville région pays frontière village quartier rue école hôpital gare aéroport ' +
  'annonce déclaration réponse démenti accusation enquête rapport témoin document preuve ' +
  'hier aujourd’hui demain semaine mois année matin soir toujours jamais déjà encore ' +
  'grand petit nouveau ancien premier dernier fort faible rapide lent public privé ' +
  'a été sont est était seront ont avait fait dit prend donne voit sait peut doit'
).split(' ');
const SECTIONS = ['Monde', 'Économie', 'Culture', 'Sport', 'Sciences', 'Société', 'Politique', 'Régions'];

/** A small, fast, seeded generator (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]);
  const text = out.join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

/** One article of about `bytes` bytes: front matter, a title, sections with headings, paragraphs, a quotation. */
export function article(index, bytes = 8 * 1024) {
  const next = random(index + 1);
  const title = sentence(next, 6).slice(0, -1);
  const section = SECTIONS[index % SECTIONS.length];
  const day = String(1 + (index % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(index / 28) % 12)).padStart(2, '0');
  const year = 2015 + (Math.floor(index / 336) % 10);
  let body = `---\ntitle: "${title} ${index}"\nsection: ${section}\ndate: ${year}-${month}-${day}\nauthor: Rédaction ${index % 50}\ntags: [${WORDS[index % 40]}, ${WORDS[(index * 7) % 40]}]\nlang: fr\n---\n\n# ${title} ${index}\n\n`;
  const parts = [body];
  let size = Buffer.byteLength(body);
  for (let part = 0; size < bytes; part++) {
    let chunk = part % 4 === 0 ? `## ${sentence(next, 4).slice(0, -1)}\n\n` : '';
    chunk += `${sentence(next, 18)} ${sentence(next, 14)} Il a déclaré que “${sentence(next, 8).slice(0, -1)}”. ${sentence(next, 20)}\n\n`;
    parts.push(chunk);
    size += Buffer.byteLength(chunk);
  }
  return parts.join('');
}

/**
 * Writes a library of `count` articles under `dir` (once: a marker file
 * records what is there), spread over folders of 500.
 */
export function ensureLibrary(dir, count, bytes = 8 * 1024) {
  const marker = join(dir, '.generated');
  const wanted = `${count} ${bytes} v2`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return dir;
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `part-${String(Math.floor(i / 500)).padStart(3, '0')}`);
    if (i % 500 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `article-${String(i).padStart(6, '0')}.md`), article(i, bytes));
  }
  writeFileSync(marker, wanted);
  return dir;
}
