import { defineField, defineType } from 'sanity';
import { BlockquoteIcon } from '@sanity/icons/Blockquote';

export const quote = defineType({
  name: 'quote',
  title: 'Zitat',
  type: 'object',
  icon: BlockquoteIcon,
  description: 'Ein wörtliches Zitat einer Person. Nur verwenden, was die Person tatsächlich gesagt hat.',
  fields: [
    defineField({
      name: 'person',
      title: 'Person',
      type: 'string',
      description: 'Vor- und Nachname der zitierten Person, z. B. „Christian Geselle“.',
      validation: (rule) => rule.required().error('Bitte geben Sie an, wer zitiert wird.'),
    }),
    defineField({
      name: 'role',
      title: 'Funktion',
      type: 'localeString',
      description: 'Funktion der Person, z. B. „Oberbürgermeister der Stadt Kassel“.',
      validation: (rule) => rule.required().error('Bitte geben Sie die Funktion der Person an.'),
    }),
    defineField({
      name: 'text',
      title: 'Zitat',
      type: 'localeText',
      description: 'Der zitierte Wortlaut, ohne Anführungszeichen – die setzt die Website.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Wortlaut des Zitats ein.'),
    }),
  ],
  preview: {
    select: { person: 'person', role: 'role.de', text: 'text.de' },
    prepare: ({ person, role, text }) => ({
      title: text ? `„${text}“` : 'Zitat ohne Text',
      subtitle: [person, role].filter(Boolean).join(', '),
      media: BlockquoteIcon,
    }),
  },
});
