import { defineField, defineType } from 'sanity';
import { TagIcon } from '@sanity/icons/Tag';

export const synonymGroup = defineType({
  name: 'synonymGroup',
  title: 'Synonymgruppe',
  type: 'object',
  icon: TagIcon,
  description:
    'Ein Begriff und die Wörter, die Menschen stattdessen in die Suche tippen. Wer eines davon sucht, findet auch Seiten mit dem Begriff.',
  fields: [
    defineField({
      name: 'term',
      title: 'Begriff',
      type: 'string',
      description: 'Das Wort, das auf der Website steht, z. B. „Reisepass“.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Begriff ein, z. B. „Reisepass“.'),
    }),
    defineField({
      name: 'synonyms',
      title: 'Synonyme',
      type: 'array',
      of: [{ type: 'string' }],
      options: { layout: 'tags' },
      description:
        'Andere Wörter mit derselben Bedeutung, z. B. „Pass“, „Ausweis“, „passport“. Jedes mit Enter bestätigen.',
      validation: (rule) => [
        rule
          .required()
          .min(1)
          .error('Bitte mindestens ein Synonym eintragen – sonst hat die Gruppe keine Wirkung.'),
        rule.unique().error('Ein Synonym steht doppelt. Bitte entfernen Sie das Duplikat.'),
      ],
    }),
  ],
  preview: {
    select: { term: 'term', synonyms: 'synonyms' },
    prepare: ({ term, synonyms }) => ({
      title: term ?? 'Begriff fehlt',
      subtitle: ((synonyms ?? []) as string[]).join(', '),
      media: TagIcon,
    }),
  },
});
