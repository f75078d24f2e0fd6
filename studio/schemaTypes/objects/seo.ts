import { defineField, defineType } from 'sanity';
import { SearchIcon } from '@sanity/icons/Search';
import { lengthWarning } from '../validation';

export const SEO_TITLE_MAX = 60;
export const SEO_DESCRIPTION_MAX = 160;

export const seo = defineType({
  name: 'seo',
  title: 'Suchmaschinen (SEO)',
  type: 'object',
  icon: SearchIcon,
  description:
    'Optional: wie die Seite in Google & Co. erscheint. Leer lassen, dann werden Titel und Kurzbeschreibung der Seite verwendet.',
  options: { collapsible: true, collapsed: true },
  fields: [
    defineField({
      name: 'title',
      title: 'SEO-Titel',
      type: 'localeString',
      description: `Titel im Suchergebnis, höchstens ${SEO_TITLE_MAX} Zeichen. „ – KSP Kassel“ wird automatisch angehängt.`,
      validation: (rule) => rule.custom(lengthWarning(SEO_TITLE_MAX, 'Der SEO-Titel')).warning(),
    }),
    defineField({
      name: 'description',
      title: 'SEO-Beschreibung',
      type: 'localeText',
      description: `Ein bis zwei Sätze unter dem Titel im Suchergebnis, höchstens ${SEO_DESCRIPTION_MAX} Zeichen.`,
      validation: (rule) => rule.custom(lengthWarning(SEO_DESCRIPTION_MAX, 'Die SEO-Beschreibung')).warning(),
    }),
  ],
});
