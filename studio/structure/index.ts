// Desk structure: one German section per content type, singletons pinned as single entries.
import type { DefaultDocumentNodeResolver, StructureBuilder, StructureResolver } from 'sanity/structure';
import { CaseIcon } from '@sanity/icons/Case';
import { CalendarIcon } from '@sanity/icons/Calendar';
import { ClockIcon } from '@sanity/icons/Clock';
import { CogIcon } from '@sanity/icons/Cog';
import { CommentIcon } from '@sanity/icons/Comment';
import { DocumentsIcon } from '@sanity/icons/Documents';
import { DocumentTextIcon } from '@sanity/icons/DocumentText';
import { UsersIcon } from '@sanity/icons/Users';
import { DocumentFeedbackView } from '../components/feedback/DocumentFeedbackView';
import { FeedbackCounts } from '../components/feedback/FeedbackCounts';
import { API_VERSION, FEEDBACK_STATUSES, FEEDBACK_TARGET_TYPES, HIDDEN_TYPES, SINGLETONS, SINGLETON_TYPES } from '../schemaTypes/constants';

/** Types with their own entry below (or none: HIDDEN_TYPES): everything else is listed after them. */
const LISTED_TYPES = new Set(['service', 'partner', 'pressItem', 'event', 'page', 'feedback', ...SINGLETON_TYPES, ...HIDDEN_TYPES]);

function singletonItem(S: StructureBuilder, type: string, id: string, title: string, icon: typeof CogIcon) {
  return S.listItem()
    .id(id)
    .title(title)
    .icon(icon)
    .child(S.document().schemaType(type).documentId(id).title(title));
}

/** "Rückmeldungen": per status and all, newest first, and the Ja/Nein counts per page. */
function feedbackItem(S: StructureBuilder) {
  const newestFirst = [{ field: 'createdAt', direction: 'desc' as const }];
  return S.listItem()
    .id('feedback')
    .title('Rückmeldungen')
    .icon(CommentIcon)
    .child(
      S.list()
        .id('feedbackLists')
        .title('Rückmeldungen')
        .items([
          ...FEEDBACK_STATUSES.map(({ value, title }) =>
            S.listItem()
              .id(`feedback-${value}`)
              .title(title)
              .icon(CommentIcon)
              .child(
                S.documentList()
                  .id(`feedback-${value}-list`)
                  .title(`Rückmeldungen: ${title} (neueste zuerst)`)
                  .schemaType('feedback')
                  .apiVersion(API_VERSION)
                  .filter('_type == "feedback" && status == $status')
                  .params({ status: value })
                  .defaultOrdering(newestFirst),
              ),
          ),
          S.listItem()
            .id('feedback-all')
            .title('Alle Rückmeldungen')
            .icon(CommentIcon)
            .child(S.documentTypeList('feedback').title('Alle Rückmeldungen (neueste zuerst)').defaultOrdering(newestFirst)),
          S.divider(),
          S.listItem()
            .id('feedback-counts')
            .title('Ja/Nein je Seite')
            .child(S.component(FeedbackCounts).id('feedback-counts-view').title('Ja/Nein je Seite')),
        ]),
    );
}

/** Services, partners, events and pages get a tab "Rückmeldungen" with their page's feedback. */
export const defaultDocumentNode: DefaultDocumentNodeResolver = (S, { schemaType }) =>
  (FEEDBACK_TARGET_TYPES as readonly string[]).includes(schemaType)
    ? S.document().views([S.view.form().title('Inhalt'), S.view.component(DocumentFeedbackView).id('feedback').title('Rückmeldungen')])
    : S.document();

export const structure: StructureResolver = (S) =>
  S.list()
    .id('root')
    .title('Inhalte')
    .items([
      S.listItem()
        .id('services')
        .title('Dienstleistungen')
        .icon(CaseIcon)
        .child(
          S.documentTypeList('service')
            .title('Dienstleistungen')
            .defaultOrdering([{ field: 'title.de', direction: 'asc' }]),
        ),
      S.listItem()
        .id('openingHours')
        .title('Öffnungszeiten')
        .icon(ClockIcon)
        .child(
          S.list()
            .id('openingHoursLocations')
            .title('Öffnungszeiten je Standort')
            .items(
              SINGLETONS.openingHours.map(({ id, title }) =>
                singletonItem(S, 'openingHours', id, title, ClockIcon),
              ),
            ),
        ),
      S.listItem()
        .id('partners')
        .title('Partner')
        .icon(UsersIcon)
        .child(
          S.documentTypeList('partner')
            .title('Partner')
            .defaultOrdering([{ field: 'name', direction: 'asc' }]),
        ),
      S.listItem()
        .id('press')
        .title('Presse')
        .icon(DocumentsIcon)
        .child(
          S.documentTypeList('pressItem')
            .title('Pressemitteilungen (neueste zuerst)')
            .defaultOrdering([{ field: 'publishedAt', direction: 'desc' }]),
        ),
      S.listItem()
        .id('events')
        .title('Veranstaltungen')
        .icon(CalendarIcon)
        .child(
          S.documentTypeList('event')
            .title('Veranstaltungen (nach Datum)')
            .defaultOrdering([{ field: 'start', direction: 'asc' }]),
        ),
      S.listItem()
        .id('pages')
        .title('Seiten')
        .icon(DocumentTextIcon)
        .child(
          S.documentTypeList('page')
            .title('Seiten')
            .defaultOrdering([{ field: 'pageType', direction: 'asc' }]),
        ),
      // A document type without its own entry above still gets a list, titled by its schema.
      ...S.documentTypeListItems().filter((item) => !LISTED_TYPES.has(item.getId() ?? '')),
      feedbackItem(S),
      S.divider(),
      S.listItem()
        .id('settings')
        .title('Einstellungen')
        .icon(CogIcon)
        .child(
          S.list()
            .id('settingsList')
            .title('Einstellungen')
            .items([
              singletonItem(
                S,
                'siteSettings',
                SINGLETONS.siteSettings.id,
                SINGLETONS.siteSettings.title,
                CogIcon,
              ),
            ]),
        ),
    ]);
