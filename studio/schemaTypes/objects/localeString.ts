import { defineField, defineType } from 'sanity';
import { TranslateIcon } from '@sanity/icons/Translate';

export const localeString = defineType({
  name: 'localeString',
  title: 'Kurztext (Deutsch/Englisch)',
  type: 'object',
  icon: TranslateIcon,
  description: 'Eine Zeile Text. Deutsch ist Pflicht, Englisch optional.',
  fields: [
    defineField({
      name: 'de',
      title: 'Deutsch',
      type: 'string',
      description: 'Der deutsche Text, so wie Bürgerinnen und Bürger ihn lesen. Pflichtfeld.',
      validation: (rule) =>
        rule.required().error('Bitte geben Sie den deutschen Text ein – Deutsch ist Pflicht.'),
    }),
    defineField({
      name: 'en',
      title: 'Englisch',
      type: 'string',
      description:
        'Optionale englische Übersetzung. Leer lassen, wenn es keine gibt – die englische Seite zeigt dann den deutschen Text.',
    }),
  ],
  options: { collapsible: false, columns: 2 },
});
