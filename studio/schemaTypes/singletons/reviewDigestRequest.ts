import { defineField, defineType } from 'sanity';
import { EnvelopeIcon } from '@sanity/icons/Envelope';

// Written by "Erinnerungen jetzt senden" in the tool "Zu prüfen" (studio/review/), never edited by
// hand. Like the rebuild request, writing it fires the site's signed webhook: the publish server
// (or the Netlify Function) answers it with the reminder mails, so the browser holds no SMTP
// secret and Sanity's permissions decide who may ask.
export const reviewDigestRequest = defineType({
  name: 'reviewDigestRequest',
  title: 'Erinnerungen zur Prüfung',
  type: 'document',
  icon: EnvelopeIcon,
  description: 'Wird vom Knopf „Erinnerungen jetzt senden“ geschrieben; nicht von Hand bearbeiten.',
  readOnly: true,
  fields: [
    defineField({ name: 'requestedAt', title: 'Angefordert am', type: 'datetime', description: 'Wann die Erinnerungen angefordert wurden.' }),
    defineField({ name: 'requestedBy', title: 'Angefordert von', type: 'string', description: 'Name der Person, die die Erinnerungen angefordert hat.' }),
  ],
  preview: {
    select: { requestedAt: 'requestedAt', requestedBy: 'requestedBy' },
    prepare: ({ requestedAt, requestedBy }) => ({ title: 'Erinnerungen zur Prüfung', subtitle: [requestedBy, requestedAt].filter(Boolean).join(' · ') }),
  },
});
