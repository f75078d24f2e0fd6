// "Defekte Links (n)" on a document whose fields hold external links that the last check found
// broken (the tooltip names field, address and result). Reads the report of the shared poller.
import type { DocumentBadgeComponent, DocumentBadgeDescription, DocumentBadgeProps } from 'sanity';
import { publishedIdOf } from '../../core/sanity/ids.ts';
import { usePublishing, type Poller } from '../publishing/poller';
import { useLabels } from '../publishing/use-labels';
import { brokenLinksBadge, brokenLinksOf } from './texts';

export function createBrokenLinksBadge(poller: Poller): DocumentBadgeComponent {
  function BrokenLinksBadge(props: DocumentBadgeProps): DocumentBadgeDescription | null {
    const { status } = usePublishing(poller);
    const id = publishedIdOf(props.id);
    const links = brokenLinksOf(status?.links, id);
    const labels = useLabels(links.length > 0 ? [id] : []);
    return brokenLinksBadge(links, id, labels);
  }
  return BrokenLinksBadge;
}
