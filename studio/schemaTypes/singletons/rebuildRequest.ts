import { defineField, defineType } from 'sanity';
import { ResetIcon } from '@sanity/icons/Reset';

// Written by the button "Website neu bauen" of the tool "Veröffentlichungen" (studio/publishing/),
// never edited by hand: the structure and "Neues Dokument" leave it out. Writing it fires the
// site's signed publish webhook like any publish, so a rebuild needs no build hook URL or token
// in the browser, and Sanity's permissions decide who may request one.
export const rebuildRequest = defineType({
  name: 'rebuildRequest',
  title: 'Neuaufbau der Website',
  type: 'document',
  icon: ResetIcon,
  description: 'Wird vom Knopf „Website neu bauen“ geschrieben; nicht von Hand bearbeiten.',
  readOnly: true,
  fields: [
    defineField({
      name: 'requestedAt',
      title: 'Angefordert am',
      type: 'datetime',
      description: 'Wann der Neuaufbau angefordert wurde.',
    }),
    defineField({
      name: 'requestedBy',
      title: 'Angefordert von',
      type: 'string',
      description: 'Name der Person, die den Neuaufbau angefordert hat.',
    }),
  ],
  preview: {
    select: { requestedAt: 'requestedAt', requestedBy: 'requestedBy' },
    prepare: ({ requestedAt, requestedBy }) => ({
      title: 'Neuaufbau der Website',
      subtitle: [requestedBy, requestedAt].filter(Boolean).join(' · '),
    }),
  },
});
