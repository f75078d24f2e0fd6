import { defineField, defineType } from 'sanity';
import { TextIcon } from '@sanity/icons/Text';

export const localeText = defineType({
  name: 'localeText',
  title: 'Mehrzeiliger Text (Deutsch/Englisch)',
  type: 'object',
  icon: TextIcon,
  description: 'Einfacher Text ohne Formatierung, auch über mehrere Zeilen. Deutsch ist Pflicht.',
  fields: [
    defineField({
      name: 'de',
      title: 'Deutsch',
      type: 'text',
      rows: 3,
      description: 'Der deutsche Text ohne Formatierung. Pflichtfeld.',
      validation: (rule) =>
        rule.required().error('Bitte geben Sie den deutschen Text ein – Deutsch ist Pflicht.'),
    }),
    defineField({
      name: 'en',
      title: 'Englisch',
      type: 'text',
      rows: 3,
      description: 'Optionale englische Übersetzung desselben Textes.',
    }),
  ],
});
