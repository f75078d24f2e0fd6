// The reminder mail (issue 27): one digest per owner with their due items and a direct link into
// the Studio for each. Built here, without I/O, for both senders: the publish server
// (server/review-mail.ts) and the Netlify Function (netlify/functions/review-digest.ts).
import { describeDue, formatGermanDate } from './dates.ts';
import { dueState, groupByOwner } from './due.ts';
import { REVIEW_INTERVAL_MONTHS, REVIEW_TYPE_TITLES, REVIEW_WINDOW_DAYS, type ReviewItem, type ReviewOwner } from './model.ts';

export interface DigestMail {
  to: ReviewOwner;
  subject: string;
  text: string;
  /** The documents the mail names, for the log and the tests. */
  ids: string[];
}

/**
 * The Studio's intent link that opens a document for editing, whatever desk structure the Studio
 * has: <studio>/intent/edit/id=<id>;type=<type>/
 */
export function studioDocumentUrl(studioUrl: string, item: Pick<ReviewItem, '_id' | '_type'>): string {
  return `${studioUrl.replace(/\/+$/, '')}/intent/edit/id=${encodeURIComponent(item._id)};type=${encodeURIComponent(item._type)}/`;
}

/** Titles come from editors: one line each, whatever they typed. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function itemLines(item: ReviewItem, today: string, studioUrl: string): string[] {
  return [
    `- ${REVIEW_TYPE_TITLES[item._type]} „${oneLine(item.title)}“: Prüfung am ${formatGermanDate(item.nextReview)}, ${describeDue(item.nextReview, today)}`,
    `  ${studioDocumentUrl(studioUrl, item)}`,
  ];
}

/** One mail per owner with due items; items without an owner send nothing (the Studio lists them). */
export function buildDigests(items: readonly ReviewItem[], options: { today: string; studioUrl: string }): DigestMail[] {
  const { today, studioUrl } = options;
  const mails: DigestMail[] = [];
  for (const group of groupByOwner(items, today)) {
    if (!group.owner) continue;
    const overdue = group.items.filter((item) => dueState(item.nextReview, today) === 'overdue');
    const soon = group.items.filter((item) => dueState(item.nextReview, today) === 'due');
    const count = group.items.length;
    const subject = `KSP-Website: ${count === 1 ? '1 Inhalt' : `${count} Inhalte`} zu prüfen${overdue.length > 0 ? ` (${overdue.length} überfällig)` : ''}`;
    const lines = [
      `Guten Tag ${oneLine(group.owner.name)},`,
      '',
      `Sie sind für ${count === 1 ? 'diesen Inhalt' : 'diese Inhalte'} der Website des Kassel Service Point verantwortlich. Bitte prüfen Sie, ob noch alles stimmt (Stand ${formatGermanDate(today)}):`,
    ];
    if (overdue.length > 0) lines.push('', 'Überfällig', ...overdue.flatMap((item) => itemLines(item, today, studioUrl)));
    if (soon.length > 0) lines.push('', `In den nächsten ${REVIEW_WINDOW_DAYS} Tagen fällig`, ...soon.flatMap((item) => itemLines(item, today, studioUrl)));
    lines.push(
      '',
      'So geht es: Link öffnen und im Studio anmelden, die Angaben prüfen und, wenn nötig, korrigieren und veröffentlichen.',
      `Dann unter „Zu prüfen“ oder im Menü des Dokuments „Geprüft – weiter in ${REVIEW_INTERVAL_MONTHS} Monaten“ wählen.`,
      'Ist jemand anderes zuständig, tragen Sie die Person im Feld „Verantwortlich“ ein.',
      '',
      'Diese Erinnerung verschickt das Redaktionssystem der KSP-Website einmal pro Woche, solange Inhalte fällig sind.',
    );
    mails.push({ to: group.owner, subject, text: `${lines.join('\n')}\n`, ids: group.items.map((item) => item._id) });
  }
  return mails;
}
