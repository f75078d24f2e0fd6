// A build's trigger in its Netlify deploy title. Netlify passes a build hook's body to the build
// (INCOMING_HOOK_BODY, which goes into the build manifest) but not to its deploy list; the title
// (the hook's `trigger_title`) is the only channel from the hook call to the list that the build
// status Function reads (./netlify-deploys.ts). So the title carries the trigger as JSON after a
// versioned marker, behind a line for people reading the deploy list:
//
//   Sanity: update service service-reisepass-abholen · ksp-trigger/1 {"kind":"publish","documents":[…]}
//
// Encoded and decoded here only. A title without the marker (a deploy from Git, the Netlify UI)
// or of another version decodes to nothing; change the version when the JSON changes.
import { describeTrigger, parseBuildTrigger, type BuildTrigger } from '../../core/publish/build-trigger.ts';

export const DEPLOY_TITLE_FORMAT = 'ksp-trigger/1';
/** Netlify shortens long titles; a longer one would lose its JSON's end. */
export const MAX_DEPLOY_TITLE = 200;

const SEPARATOR = ' · ';

/** The line for people: the document for a publish, what happened otherwise. */
function headline(trigger: BuildTrigger): string {
  const [doc, ...more] = trigger.documents;
  if (doc) return `Sanity: ${doc.operation ?? 'publish'} ${doc._type} ${doc._id}${more.length > 0 ? ` (+${more.length} more)` : ''}`;
  if (trigger.kind === 'daily') return 'Daily rebuild (scheduled)';
  if (trigger.kind === 'scheduled') return `Timed change at ${trigger.at}`;
  return describeTrigger(trigger);
}

export function encodeDeployTitle(trigger: BuildTrigger): string {
  const data = (value: BuildTrigger) => `${DEPLOY_TITLE_FORMAT} ${JSON.stringify(value)}`;
  const title = `${headline(trigger)}${SEPARATOR}${data(trigger)}`;
  if (title.length <= MAX_DEPLOY_TITLE) return title;
  // The data matters more than the line for people, the kind more than the documents.
  if (data(trigger).length <= MAX_DEPLOY_TITLE) return data(trigger);
  const withoutDocuments: BuildTrigger = { ...trigger, documents: [] };
  if (withoutDocuments.kind !== 'scheduled' || data(withoutDocuments).length <= MAX_DEPLOY_TITLE) return data(withoutDocuments);
  // A scheduled change names what ended; without titles, then with its moment alone, it still fits.
  const untitled: BuildTrigger = {
    ...withoutDocuments,
    reasons: withoutDocuments.reasons.map((reason) => ('document' in reason ? { ...reason, document: { _id: reason.document._id, _type: reason.document._type } } : reason)),
    unpublish: withoutDocuments.unpublish.map(({ title: _title, ...doc }) => doc),
  };
  if (data(untitled).length <= MAX_DEPLOY_TITLE) return data(untitled);
  // The build reads the whole trigger from the hook's body; the title keeps what fits.
  const reasonsOnly: BuildTrigger = { ...untitled, unpublish: [] };
  if (data(reasonsOnly).length <= MAX_DEPLOY_TITLE) return data(reasonsOnly);
  return data({ ...withoutDocuments, reasons: [], unpublish: [] });
}

/** The trigger in a title written by encodeDeployTitle; undefined for any other title. */
export function decodeDeployTitle(title: string | null | undefined): BuildTrigger | undefined {
  if (!title) return undefined;
  const marker = `${DEPLOY_TITLE_FORMAT} `;
  const at = title.startsWith(marker) ? 0 : title.indexOf(`${SEPARATOR}${marker}`);
  if (at < 0) return undefined;
  const json = title.slice(at === 0 ? marker.length : at + SEPARATOR.length + marker.length);
  try {
    return parseBuildTrigger(JSON.parse(json));
  } catch {
    return undefined;
  }
}
