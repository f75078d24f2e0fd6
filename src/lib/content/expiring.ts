// Press items and pages that end by themselves ("Sichtbar bis"), in one small query: which links
// are gone is known without loading every press item and page with its body. A preview request
// after an edit renders one page; on a large site the full press archive would cost it seconds.
// Ordered as the press items' and pages' own queries are, so the build manifest lists them alike.
import { defineQuery } from 'groq';
import { z } from 'zod';
import type { ContentSource } from '../sanity/source.ts';
import { nullish, slug } from './contract.ts';

export const expiringQuery = defineQuery(`
  *[_type in ["pressItem", "page"] && defined(visibleUntil)] | order(_type desc, publishedAt desc, pageType asc) {
    _id,
    _type,
    "title": title.de,
    "slug": slug.current,
    "slugEn": slugEn.current,
    visibleUntil
  }
`);

const expiringSchema = z.object({
  _id: z.string(),
  _type: z.enum(['pressItem', 'page']),
  title: nullish(z.string()),
  slug,
  slugEn: nullish(slug),
  visibleUntil: z.iso.datetime({ offset: true }),
});

export type ExpiringDocument = z.output<typeof expiringSchema>;

/**
 * A document whose fields break the contract is skipped here: its own loader (press items, pages)
 * reports it, naming the field, when the build or the preview loads it.
 */
export async function loadExpiring(source: ContentSource): Promise<ExpiringDocument[]> {
  const rows: unknown = await source.fetch(expiringQuery);
  return (Array.isArray(rows) ? rows : []).flatMap((row) => {
    const parsed = expiringSchema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}
