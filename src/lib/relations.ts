// Relations between partners, services, press items and events, computed once per build with
// Maps (not nested loops).

/** Items grouped by every key `keysOf` returns (an item may belong to several groups). */
export function indexBy<T, K>(items: readonly T[], keysOf: (item: T) => readonly K[]): Map<K, T[]> {
  const index = new Map<K, T[]>();
  for (const item of items) {
    for (const key of new Set(keysOf(item))) {
      const list = index.get(key);
      if (list) list.push(item);
      else index.set(key, [item]);
    }
  }
  return index;
}

interface PressLike {
  _id: string;
  publishedAt: string;
  relatedPartners: { _id: string }[];
}

/**
 * Press items that share a partner with `item`, newest first, without `item` itself. `byPartner`
 * is `indexBy(items, (i) => i.relatedPartners.map((p) => p._id))`.
 */
export function relatedPress<T extends PressLike>(item: T, byPartner: Map<string, T[]>, max = 3): T[] {
  const seen = new Map<string, T>();
  for (const partner of item.relatedPartners) {
    for (const other of byPartner.get(partner._id) ?? []) if (other._id !== item._id) seen.set(other._id, other);
  }
  return [...seen.values()].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, max);
}
