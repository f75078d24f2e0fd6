// One content problem, wherever it goes: the content contract finds it (./errors.ts and the
// types' contracts), a build reports it (src/lib/content/problem-report.ts), the publish server
// keeps it (GET /status in English, the build status API without the English text), and the
// Studio and the drafts preview show it in German (germanProblem, below). Pure: names of types,
// fields and documents come from a resolver (the Studio builds it from its schema,
// studio/publishing/labels.ts; the preview from core/content/field-titles.ts).

/** The formats the contract's patterns check (their English hints: FORMAT_HINTS in ./errors.ts). */
export type ProblemFormat = 'slug' | 'date' | 'time' | 'link';

/** What kind of problem it is; the texts in every language are written from it. */
export type ProblemCode =
  /** A required field is empty. */
  | { kind: 'missing' }
  /** A value of the wrong shape, or one the site does not know. */
  | { kind: 'invalid' }
  /** A value not written as the site expects (FORMAT_HINTS). */
  | { kind: 'format'; format?: ProblemFormat }
  /** A reference to a document that does not exist or is not published. */
  | { kind: 'reference'; ref: string }
  /** Another document of the same type has this URL slug. */
  | { kind: 'duplicate-slug'; slug: string; owner: string }
  /** The end lies before the start. */
  | { kind: 'end-before-start' }
  /** Opening hours that close before they open or overlap. */
  | { kind: 'hours' }
  /** A document every page needs is not published. */
  | { kind: 'not-published' }
  /** A link to a page of this site that the build does not contain (core/links.ts). */
  | { kind: 'broken-link'; href: string };

/** The `field` of a problem with the whole document rather than one field. */
export const WHOLE_ENTRY = '(whole entry)';

export interface Problem {
  /** The document's `_id`. */
  id: string;
  /** The document's `_type`. */
  type: string;
  /** The field path as the query names it (`week.0.closes`), or WHOLE_ENTRY. */
  field: string;
  code: ProblemCode;
  /**
   * What is wrong and how to fix it in English, for developers (the build log, the build report,
   * GET /status). The contract always writes both; they are left out where editors read
   * problems (the build status API), who get the German text from `code`.
   */
  problem?: string;
  fix?: string;
}

/** A problem as editors read it: without the English text. */
export function withoutEnglish({ problem: _problem, fix: _fix, ...where }: Problem): Problem {
  return where;
}

export interface Labels {
  /** The German name of a document type ("Dienstleistung"); undefined when unknown. */
  type(type: string): string | undefined;
  /**
   * The German titles along a field path of a type (["Wochenplan", "Zeiten", "Schließt"]) for
   * its segments as far as the schema knows them; an empty list when it knows none.
   */
  field(type: string, path: readonly string[]): string[];
  /** The title of a document by id (published or draft), when known. */
  document?(id: string): string | undefined;
}

/** The German text of a problem (germanProblem). */
export interface ProblemText {
  /** "Dienstleistung „Reisepass abholen“" */
  document: string;
  /** "Anbieter", "Wochenplan › Nr. 1 › Schließt"; "das ganze Dokument" for the whole entry */
  field: string;
  problem: string;
  fix: string;
}

/** Kinds of build failure, for editors; the details stay in the build log. */
export type FailureKind = 'content' | 'timeout' | 'stopped' | 'incomplete' | 'error';

/** The `field` of a German problem about the whole document. */
export const WHOLE_DOCUMENT = 'das ganze Dokument';

/**
 * Names the query gives a field that differ from the Studio's field names (the query flattens
 * `provider->_id` to `providerRef`, an image's asset to `url`, `width`, `height`).
 */
const QUERY_FIELD_ALIASES: Record<string, string | null> = { providerRef: 'provider', url: null, width: null, height: null };

const quoted = (text: string) => `„${text}“`;

/** The field path of a problem in the Studio's names: numbers count from 1, query-only names mapped. */
function fieldName(problem: Problem, labels: Labels): string {
  if (problem.field === WHOLE_ENTRY || problem.field === '') return WHOLE_DOCUMENT;
  const names: string[] = [];
  const known: string[] = [];
  for (const segment of problem.field.split('.')) {
    if (/^\d+$/.test(segment)) {
      names.push(`Nr. ${Number(segment) + 1}`);
      continue;
    }
    // A link annotation of a text block: Sanity's schema calls its list "Mark definitions".
    if (segment === 'markDefs') {
      names.push('Link');
      break;
    }
    const alias = QUERY_FIELD_ALIASES[segment];
    if (alias === null) break;
    const name = alias ?? segment;
    const titles = labels.field(problem.type, [...known, name]);
    if (titles.length !== known.length + 1) {
      // The schema knows this segment no further: name what is known, or the raw name when nothing is.
      if (names.length === 0) names.push(segment);
      break;
    }
    known.push(name);
    names.push(titles[titles.length - 1]!);
  }
  return names.join(' › ');
}

/** The German name of a field path of a type ("Inhalt › Deutsch › Nr. 4"), as problem texts write it. */
export function germanField(type: string, field: string, labels: Labels): string {
  return fieldName({ id: '', type, field, code: { kind: 'invalid' } }, labels);
}

function documentName(problem: Problem, labels: Labels): string {
  const type = labels.type(problem.type) ?? problem.type;
  const title = labels.document?.(problem.id);
  return `${type} ${quoted(title ?? problem.id)}`;
}

function referenceName(ref: string, labels: Labels): string {
  const title = labels.document?.(ref);
  return title ? `${quoted(title)} (${ref})` : quoted(ref);
}

const FORMAT_TEXTS = {
  slug: { problem: 'ist keine gültige Web-Adresse: erlaubt sind nur Kleinbuchstaben, Ziffern und einzelne Bindestriche.', fix: 'Erzeugen Sie den Slug neu (Knopf „Generieren“) oder korrigieren Sie ihn, dann veröffentlichen Sie erneut.' },
  date: { problem: 'ist kein Datum in der Form JJJJ-MM-TT (z. B. 2026-10-07).', fix: 'Wählen Sie das Datum im Kalender neu aus, dann veröffentlichen Sie erneut.' },
  time: { problem: 'ist keine Uhrzeit in der Form SS:MM (z. B. 09:30).', fix: 'Tragen Sie die Uhrzeit als SS:MM ein, dann veröffentlichen Sie erneut.' },
  link: { problem: 'ist weder ein Pfad dieser Website (beginnt mit „/“) noch eine Adresse mit https://.', fix: 'Tragen Sie einen Pfad wie /oeffnungszeiten/ oder eine https://-Adresse ein, dann veröffentlichen Sie erneut.' },
} as const;

function texts(code: ProblemCode, field: string, problem: Problem, labels: Labels): { problem: string; fix: string } {
  const theField = field === WHOLE_DOCUMENT ? 'Das Dokument' : `Das Feld ${quoted(field)}`;
  switch (code.kind) {
    case 'missing':
      return { problem: `${theField} ist leer; die Website braucht diese Angabe.`, fix: `Füllen Sie ${quoted(field)} aus und veröffentlichen Sie erneut.` };
    case 'invalid':
      return { problem: `${theField} enthält einen Wert, den die Website nicht verarbeiten kann.`, fix: `Prüfen Sie ${quoted(field)}, wählen Sie den Wert gegebenenfalls neu aus und veröffentlichen Sie erneut.` };
    case 'format': {
      const format = code.format ? FORMAT_TEXTS[code.format] : undefined;
      return format
        ? { problem: `${theField} ${format.problem}`, fix: format.fix }
        : { problem: `${theField} ist nicht in der erwarteten Form geschrieben.`, fix: `Korrigieren Sie ${quoted(field)} und veröffentlichen Sie erneut.` };
    }
    case 'reference':
      return {
        problem: `${theField} verweist auf ${referenceName(code.ref, labels)}, das nicht veröffentlicht ist oder nicht mehr existiert.`,
        fix: `Veröffentlichen Sie zuerst das verknüpfte Dokument, oder entfernen Sie den Verweis aus ${quoted(field)}; dann veröffentlichen Sie erneut.`,
      };
    case 'duplicate-slug':
      return {
        problem: `Die Web-Adresse (Slug) ${quoted(code.slug)} hat schon ${referenceName(code.owner, labels)}.`,
        fix: 'Geben Sie einem der beiden Dokumente einen anderen Slug und veröffentlichen Sie erneut.',
      };
    case 'end-before-start':
      return { problem: 'Das Ende liegt vor dem Beginn.', fix: 'Setzen Sie das Ende nach den Beginn und veröffentlichen Sie erneut.' };
    case 'hours':
      return {
        problem: `In ${quoted(field)} schließt ein Zeitraum, bevor er öffnet, oder zwei Zeiträume überschneiden sich.`,
        fix: `Korrigieren Sie die Zeiten in ${quoted(field)} und veröffentlichen Sie erneut.`,
      };
    case 'broken-link':
      return {
        problem: `${theField} enthält einen Link auf ${quoted(code.href)}; diese Seite gibt es auf der Website nicht.`,
        fix: `Korrigieren Sie den Link in ${quoted(field)} (z. B. /oeffnungszeiten/) oder entfernen Sie ihn, dann veröffentlichen Sie erneut.`,
      };
    case 'not-published': {
      const type = labels.type(problem.type) ?? problem.type;
      return { problem: `${quoted(type)} ist nicht veröffentlicht; jede Seite der Website braucht diese Angaben.`, fix: `Veröffentlichen Sie ${quoted(type)}.` };
    }
  }
}

/** The German text of one problem: which document, which field, what is wrong and how to fix it. */
export function germanProblem(problem: Problem, labels: Labels): ProblemText {
  const field = fieldName(problem, labels);
  return { document: documentName(problem, labels), field, ...texts(problem.code, field, problem, labels) };
}

/** One sentence for a whole failed build, before the problems (if any) are listed. */
export function germanFailure(kind: FailureKind): string {
  const kept = 'Die Website zeigt weiter den letzten erfolgreichen Stand.';
  switch (kind) {
    case 'content':
      return `Die Veröffentlichung ist fehlgeschlagen, weil Inhalte nicht zu den Regeln der Website passen. ${kept}`;
    case 'timeout':
      return `Der Aufbau der Website hat zu lange gedauert und wurde abgebrochen. ${kept} Versuchen Sie es später mit „Website neu bauen“; klappt es wieder nicht, informieren Sie bitte die Technik.`;
    case 'stopped':
      return `Der Aufbau wurde abgebrochen, weil der Server beendet wurde. ${kept} Nach dem Neustart wird die Website neu gebaut.`;
    case 'incomplete':
      return `Der Aufbau war unvollständig (Seiten oder Suche fehlten) und wurde nicht übernommen. ${kept} Bitte informieren Sie die Technik.`;
    case 'error':
      return `Der Aufbau der Website ist aus technischem Grund fehlgeschlagen. ${kept} Bitte informieren Sie die Technik; die Einzelheiten stehen im Build-Protokoll.`;
  }
}
