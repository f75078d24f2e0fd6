// A deterministic synthetic dataset for the bench: N documents (partners, services, press items,
// events; German with English for most), text built from the sentences of the real embedded
// dataset so lengths and words are realistic, images referenced the importer's way, plus the real
// singletons and pages. Press items and events get, by `photos`: one distinct camera-like photo
// each ('distinct', from bench/lib/photos.ts, what a real press archive holds), none
// ('none', the same dataset without photos), or 0–2 of the few files in content/images
// ('shared', the bench before realistic photos). Everything else is identical in all three.
// Same N and mode → byte-identical NDJSON.
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { photoFileName } from './photos.ts';
import { mulberry32 } from './random.ts';

type Doc = Record<string, unknown> & { _id: string; _type: string };

/** Share of each type in N (partners at least 4 so references spread). */
export const MIX = { partner: 0.04, service: 0.26, pressItem: 0.4, event: 0.3 } as const;

interface Corpus {
  de: string[];
  en: string[];
  titlesDe: string[];
  titlesEn: string[];
}

/** Sentences and titles of the real dataset, by language. */
function buildCorpus(lines: Doc[]): Corpus {
  const corpus: Corpus = { de: [], en: [], titlesDe: [], titlesEn: [] };
  const walk = (value: unknown, lang?: 'de' | 'en') => {
    if (typeof value === 'string') {
      if (lang && value.length > 40 && !value.startsWith('http')) corpus[lang].push(...value.split(/(?<=[.!?])\s+/).filter((s) => s.length > 20));
      return;
    }
    if (Array.isArray(value)) return value.forEach((item) => walk(item, lang));
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, key === 'de' || key === 'en' ? key : lang);
    }
  };
  for (const doc of lines) {
    if (doc._id.startsWith('drafts.')) continue;
    walk(doc);
    const title = doc.title as { de?: string; en?: string } | undefined;
    if (title?.de) corpus.titlesDe.push(title.de);
    if (title?.en) corpus.titlesEn.push(title.en);
  }
  corpus.de = [...new Set(corpus.de)].sort();
  corpus.en = [...new Set(corpus.en)].sort();
  return corpus;
}

/** The documents of the real embedded dataset. */
async function readRealDocuments(root: string): Promise<Doc[]> {
  const text = await readFile(path.join(root, 'content', 'dataset.ndjson'), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Doc);
}

export interface GeneratedDataset {
  file: string;
  counts: Record<string, number>;
  bytes: number;
  /** Seeds of the photos the dataset references (bench/lib/photos.ts); empty unless 'distinct'. */
  photoSeeds: number[];
}

export type PhotoMode = 'distinct' | 'none' | 'shared';

export interface DatasetOptions {
  photos?: PhotoMode;
  /** Directory of the generated photos (linked as `<dir>/photos`); required for 'distinct'. */
  photoDir?: string;
}

/** Seed of the photo of press item `i` and of event `i`: the same across dataset sizes, so photos are reused. */
export const photoSeed = (type: 'pressItem' | 'event', i: number) => 2 * i + (type === 'event' ? 1 : 0);

/** Writes `<dir>/dataset.ndjson` (and `images`, `photos` links) with `n` synthetic documents. */
export async function generateDataset(n: number, dir: string, root: string, { photos = 'shared', photoDir }: DatasetOptions = {}): Promise<GeneratedDataset> {
  if (photos === 'distinct' && !photoDir) throw new Error('generateDataset: photos "distinct" needs photoDir, the directory of the generated photos.');
  const photoSeeds: number[] = [];
  const real = await readRealDocuments(root);
  const corpus = buildCorpus(real);
  const images = (await readdir(path.join(root, 'content', 'images'))).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
  const random = mulberry32(0x4b5350 + n);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const chance = (p: number) => random() < p;
  const key = () => Math.floor(random() * 2 ** 24).toString(16).padStart(6, '0') + Math.floor(random() * 2 ** 24).toString(16).padStart(6, '0');
  const sentences = (lang: 'de' | 'en', count: number) => Array.from({ length: count }, () => pick(corpus[lang])).join(' ');
  const ls = (de: string, en?: string) => ({ _type: 'localeString', de, ...(en ? { en } : {}) });
  const lt = (de: string, en?: string) => ({ _type: 'localeText', de, ...(en ? { en } : {}) });
  const block = (text: string, extra: Record<string, unknown> = {}) => ({
    _type: 'block',
    _key: key(),
    style: 'normal',
    markDefs: [],
    children: [{ _type: 'span', _key: key(), text, marks: [] }],
    ...extra,
  });
  const blocks = (lang: 'de' | 'en', paragraphs: number) => {
    const out: unknown[] = [];
    for (let i = 0; i < paragraphs; i++) {
      if (i > 0 && i % 3 === 0) out.push(block(sentences(lang, 1).slice(0, 60), { style: 'h2' }));
      if (i % 4 === 2) {
        for (let j = 0; j < 3; j++) out.push(block(sentences(lang, 1), { listItem: 'bullet', level: 1 }));
      } else {
        out.push(block(sentences(lang, 2 + int(3))));
      }
    }
    return out;
  };
  const richText = (english: boolean, paragraphs: number) => ({
    _type: 'localeBlockContent',
    de: blocks('de', paragraphs),
    ...(english ? { en: blocks('en', paragraphs) } : {}),
  });
  const image = (english: boolean) => ({
    _type: 'imageWithAlt',
    _sanityAsset: `image@file://./images/${pick(images)}`,
    alt: ls(sentences('de', 1).slice(0, 90), english ? sentences('en', 1).slice(0, 90) : undefined),
    credit: 'Stadt Kassel',
  });
  // No random numbers here: with or without photos, the rest of the dataset stays the same.
  const photo = (type: 'pressItem' | 'event', i: number, title: { de: string; en?: string }) => {
    const seed = photoSeed(type, i);
    photoSeeds.push(seed);
    return {
      _type: 'imageWithAlt',
      _key: `photo-${seed}`,
      _sanityAsset: `image@file://./photos/${photoFileName(seed)}`,
      alt: ls(`Foto: ${title.de}`, title.en ? `Photo: ${title.en}` : undefined),
      credit: 'Stadt Kassel',
    };
  };
  const ref = (id: string) => ({ _type: 'reference', _ref: id, _key: key() });
  const date = (fromYear: number, years: number) => {
    const day = new Date(Date.UTC(fromYear, 0, 1) + int(years * 365) * 86_400_000);
    return day.toISOString().slice(0, 10);
  };
  const meta = (id: string, type: string) => ({ _id: id, _type: type, _createdAt: '2026-01-05T09:00:00Z', _updatedAt: '2026-01-05T09:00:00Z' });

  const count = {
    partner: Math.max(4, Math.round(n * MIX.partner)),
    service: Math.round(n * MIX.service),
    pressItem: Math.round(n * MIX.pressItem),
    event: 0,
  };
  count.event = Math.max(0, n - count.partner - count.service - count.pressItem);

  const docs: Doc[] = real.filter((doc) => !['partner', 'service', 'pressItem', 'event'].includes(doc._type) && !doc._id.startsWith('drafts.'));
  const kinds = ['cityOffice', 'cityCompany', 'retailer', 'education', 'police', 'marketing', 'other'];
  const partnerIds = Array.from({ length: count.partner }, (_, i) => `partner-bench-${i}`);
  const serviceIds = Array.from({ length: count.service }, (_, i) => `service-bench-${i}`);
  partnerIds.forEach((id, i) => {
    const en = chance(0.8);
    docs.push({
      ...meta(id, 'partner'),
      name: `${pick(corpus.titlesDe).split(/[ :(]/)[0]} Partner ${i}`,
      slug: { _type: 'slug', current: `partner-${i}` },
      kind: kinds[i % kinds.length],
      summary: lt(sentences('de', 2), en ? sentences('en', 2) : undefined),
      description: richText(en, 4 + int(3)),
      website: `https://partner-${i}.example.org`,
      ...(chance(0.3) ? { logo: image(en) } : {}),
    });
  });
  const categories = ['documents', 'energy', 'culture', 'mobility', 'citizenInfo', 'waste'];
  serviceIds.forEach((id, i) => {
    const en = chance(0.75);
    const related = Array.from({ length: int(4) }, () => pick(serviceIds)).filter((other, k, all) => other !== id && all.indexOf(other) === k);
    docs.push({
      ...meta(id, 'service'),
      title: ls(`${pick(corpus.titlesDe)} ${i}`, en ? `${pick(corpus.titlesEn)} ${i}` : undefined),
      slug: { _type: 'slug', current: `leistung-${i}` },
      summary: lt(sentences('de', 2), en ? sentences('en', 2) : undefined),
      body: richText(en, 5 + int(4)),
      provider: { _type: 'reference', _ref: pick(partnerIds) },
      category: categories[i % categories.length],
      whatToBring: { _type: 'localeStringList', de: Array.from({ length: 2 + int(3) }, () => sentences('de', 1).slice(0, 80)), ...(en ? { en: ['Your ID card', 'The form'] } : {}) },
      fees: ls(`${5 + int(60)} Euro`, en ? `${5 + int(60)} euros` : undefined),
      appointment: { required: chance(0.4), howToBook: ls(sentences('de', 1), en ? sentences('en', 1) : undefined) },
      relatedServices: related.map(ref),
      searchTerms: { _type: 'localeStringList', de: [`suche-${i}`, pick(corpus.titlesDe).split(' ')[0]!] },
      featured: i < 6,
      lastReviewed: date(2024, 2),
    });
  });
  for (let i = 0; i < count.pressItem; i++) {
    const en = chance(0.6);
    const title = ls(`${pick(corpus.titlesDe)} – Meldung ${i}`, en ? `${pick(corpus.titlesEn)} – news ${i}` : undefined);
    const publishedAt = date(2015, 12);
    const lead = lt(sentences('de', 2), en ? sentences('en', 2) : undefined);
    const body = richText(en, 5 + int(4));
    const shared = Array.from({ length: chance(0.6) ? 1 + int(2) : 0 }, () => ({ ...image(en), _key: key() }));
    docs.push({
      ...meta(`pressItem-bench-${i}`, 'pressItem'),
      title,
      slug: { _type: 'slug', current: `meldung-${i}` },
      publishedAt,
      lead,
      body,
      images: photos === 'shared' ? shared : photos === 'distinct' ? [photo('pressItem', i, title)] : [],
      quotes: chance(0.4) ? [{ _type: 'quote', _key: key(), person: 'Anna Beispiel', role: ls('Leiterin des KSP', en ? 'Head of the KSP' : undefined), text: lt(sentences('de', 2), en ? sentences('en', 2) : undefined) }] : [],
      relatedPartners: [...new Set(Array.from({ length: 1 + int(2) }, () => pick(partnerIds)))].map(ref),
      relatedServices: serviceIds.length > 0 ? [...new Set(Array.from({ length: int(3) }, () => pick(serviceIds)))].map(ref) : [],
    });
  }
  for (let i = 0; i < count.event; i++) {
    const en = chance(0.6);
    const start = Date.UTC(2021, 0, 1) + int(8 * 365) * 86_400_000 + (9 + int(8)) * 3_600_000;
    const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
    const title = ls(`${pick(corpus.titlesDe)} – Termin ${i}`, en ? `${pick(corpus.titlesEn)} – event ${i}` : undefined);
    const fields = {
      title,
      slug: { _type: 'slug', current: `termin-${i}` },
      start: iso(start),
      end: iso(start + (1 + int(6)) * 3_600_000),
      place: ls('Kassel Service Point, GALERIA 1. Etage', en ? 'Kassel Service Point, GALERIA 1st floor' : undefined),
      partners: [...new Set(Array.from({ length: 1 + int(2) }, () => pick(partnerIds)))].map(ref),
      summary: lt(sentences('de', 2), en ? sentences('en', 2) : undefined),
      description: richText(en, 2 + int(3)),
      ...(chance(0.2) ? { series: ls('Themenwoche', en ? 'Theme week' : undefined) } : {}),
    };
    const shared = chance(0.4) ? image(en) : undefined;
    const picture = photos === 'shared' ? shared : photos === 'distinct' ? photo('event', i, title) : undefined;
    docs.push({ ...meta(`event-bench-${i}`, 'event'), ...fields, ...(picture ? { image: picture } : {}) });
  }

  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'dataset.ndjson');
  const text = `${docs.map((doc) => JSON.stringify(doc)).join('\n')}\n`;
  await writeFile(file, text);
  const link = (target: string, name: string) =>
    symlink(target, path.join(dir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  await link(path.join(root, 'content', 'images'), 'images');
  if (photoDir) await link(photoDir, 'photos');
  return { file, counts: { ...count, base: docs.length - n }, bytes: Buffer.byteLength(text), photoSeeds };
}

/** Sentences for the floor's pages: the same corpus, so Pagefind indexes comparable words. */
export async function corpusSentences(root: string): Promise<{ de: string[]; en: string[] }> {
  const { de, en } = buildCorpus(await readRealDocuments(root));
  return { de, en };
}
