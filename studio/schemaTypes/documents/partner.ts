import { defineField, defineType } from 'sanity';
import { reviewFields } from '../review';
import { UsersIcon } from '@sanity/icons/Users';
import { PARTNER_KINDS, titleOf } from '../constants';
import { slugField } from '../fields';
import { httpsUrlMessage } from '../validation';

export const partner = defineType({
  name: 'partner',
  title: 'Partner',
  type: 'document',
  icon: UsersIcon,
  description: 'Eine Organisation, die im KSP Leistungen anbietet oder mitwirkt.',
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      description: 'Offizieller Name der Organisation, z. B. „Bürgerbüro der Stadt Kassel“.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Namen des Partners ein.'),
    }),
    slugField({ source: 'name' }),
    defineField({
      name: 'kind',
      title: 'Art des Partners',
      type: 'string',
      description: 'Ordnet den Partner einer Gruppe zu; die Website sortiert und beschriftet danach.',
      options: { list: PARTNER_KINDS.map(({ value, title }) => ({ value, title })) },
      validation: (rule) => rule.required().error('Bitte wählen Sie die Art des Partners aus.'),
    }),
    defineField({
      name: 'summary',
      title: 'Kurzbeschreibung',
      type: 'localeText',
      description: 'Ein bis zwei Sätze: Wer ist der Partner und was bietet er im KSP an?',
      validation: (rule) =>
        rule.required().error('Bitte schreiben Sie eine kurze Beschreibung des Partners.'),
    }),
    defineField({
      name: 'description',
      title: 'Beschreibung',
      type: 'localeBlockContent',
      description: 'Ausführliche Vorstellung des Partners für seine eigene Seite.',
      validation: (rule) => rule.required().error('Bitte schreiben Sie eine Beschreibung des Partners.'),
    }),
    defineField({
      name: 'website',
      title: 'Website',
      type: 'url',
      description: 'Offizielle Website des Partners, beginnend mit „https://“.',
      validation: (rule) => rule.uri({ scheme: ['https'] }).error(httpsUrlMessage('die Website')),
    }),
    defineField({
      name: 'logo',
      title: 'Logo',
      type: 'imageWithAlt',
      description: 'Optionales Logo, möglichst als PNG oder SVG mit transparentem Hintergrund.',
    }),
    ...reviewFields(),
  ],
  preview: {
    select: { name: 'name', kind: 'kind', logo: 'logo' },
    prepare: ({ name, kind, logo }) => ({
      title: name ?? 'Partner ohne Namen',
      subtitle: titleOf(PARTNER_KINDS, kind),
      media: logo ?? UsersIcon,
    }),
  },
  orderings: [{ title: 'Name A–Z', name: 'nameAsc', by: [{ field: 'name', direction: 'asc' }] }],
});
