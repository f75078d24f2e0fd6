import { defineField, defineType } from 'sanity';
import { LinkIcon } from '@sanity/icons/Link';
import { internalOrHttps } from '../validation';

export const link = defineType({
  name: 'link',
  title: 'Link',
  type: 'object',
  icon: LinkIcon,
  description: 'Ein Menüpunkt oder Verweis: sichtbarer Text und Ziel.',
  fields: [
    defineField({
      name: 'label',
      title: 'Linktext',
      type: 'localeString',
      description: 'Der Text, den Besucher anklicken, z. B. „Dienstleistungen“. Kurz und eindeutig.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Linktext ein.'),
    }),
    defineField({
      name: 'href',
      title: 'Ziel',
      type: 'string',
      description:
        'Interne Seite mit „/“ am Anfang (z. B. /dienstleistungen) oder externe Adresse mit „https://“.',
      validation: (rule) => [
        rule
          .required()
          .error('Bitte geben Sie das Linkziel ein (z. B. „/anfahrt“ oder „https://www.kassel.de“).'),
        rule.custom<string>(internalOrHttps),
      ],
    }),
  ],
  preview: {
    select: { label: 'label.de', href: 'href' },
    prepare: ({ label, href }) => ({ title: label ?? 'Link ohne Text', subtitle: href, media: LinkIcon }),
  },
});
