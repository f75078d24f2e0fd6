import { defineField, defineType } from 'sanity';
import { UlistIcon } from '@sanity/icons/Ulist';

export const localeStringList = defineType({
  name: 'localeStringList',
  title: 'Liste (Deutsch/Englisch)',
  type: 'object',
  icon: UlistIcon,
  description: 'Eine Liste kurzer Einträge, z. B. mitzubringende Unterlagen oder Suchbegriffe.',
  fields: [
    defineField({
      name: 'de',
      title: 'Deutsch',
      type: 'array',
      of: [{ type: 'string' }],
      options: { layout: 'tags' },
      description: 'Ein Eintrag pro Feld; mit Enter bestätigen. Reihenfolge = Anzeige-Reihenfolge.',
      validation: (rule) =>
        rule
          .unique()
          .error('Ein Eintrag steht doppelt in der deutschen Liste. Bitte entfernen Sie das Duplikat.'),
    }),
    defineField({
      name: 'en',
      title: 'Englisch',
      type: 'array',
      of: [{ type: 'string' }],
      options: { layout: 'tags' },
      description: 'Optionale englische Einträge. Sie müssen nicht 1:1 den deutschen entsprechen.',
      validation: (rule) =>
        rule
          .unique()
          .error('Ein Eintrag steht doppelt in der englischen Liste. Bitte entfernen Sie das Duplikat.'),
    }),
  ],
});
