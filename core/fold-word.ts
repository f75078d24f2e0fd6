/**
 * Lower case with umlauts and ß folded (ä → a), the way Pagefind compares words. Its own module
 * so the search page can use it without the build's caches (src/lib/search-terms.ts memoizes it).
 */
export function foldWord(word: string): string {
  return word
    .toLocaleLowerCase('de')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}
