import { defineType } from 'sanity';
import { DocumentTextIcon } from '@sanity/icons/DocumentText';
import { portableTextField } from '../portableText';

export const localeBlockContent = defineType({
  name: 'localeBlockContent',
  title: 'Formatierter Text (Deutsch/Englisch)',
  type: 'object',
  icon: DocumentTextIcon,
  description:
    'Fließtext mit Zwischenüberschriften, Listen und Links. Deutsch ist Pflicht, Englisch optional.',
  fields: [
    portableTextField({
      name: 'de',
      title: 'Deutsch',
      description:
        'Der deutsche Text. Nutzen Sie Zwischenüberschriften (Überschrift 2/3) statt fetter Zeilen, damit Screenreader die Gliederung erkennen.',
      required: true,
    }),
    portableTextField({
      name: 'en',
      title: 'Englisch',
      description: 'Optionale englische Fassung mit derselben Gliederung wie der deutsche Text.',
    }),
  ],
});
