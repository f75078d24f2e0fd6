// Field factory for Portable Text (not a schema type of its own): the same block configuration
// serves German and English bodies, so both editors see identical tools.
import { defineArrayMember, defineField } from 'sanity';
import { LinkIcon } from '@sanity/icons/Link';
import { BLOCK_STYLES } from './constants';

export function portableTextField(options: {
  name: string;
  title: string;
  description: string;
  required?: boolean;
}) {
  return defineField({
    name: options.name,
    title: options.title,
    description: options.description,
    type: 'array',
    of: [
      defineArrayMember({
        type: 'block',
        styles: BLOCK_STYLES.map(({ value, title }) => ({ value, title })),
        lists: [
          { title: 'Aufzählung', value: 'bullet' },
          { title: 'Nummerierte Liste', value: 'number' },
        ],
        marks: {
          decorators: [
            { title: 'Fett', value: 'strong' },
            { title: 'Kursiv', value: 'em' },
          ],
          annotations: [
            {
              name: 'link',
              title: 'Link',
              type: 'object',
              icon: LinkIcon,
              fields: [
                defineField({
                  name: 'href',
                  title: 'Linkziel',
                  type: 'url',
                  description:
                    'Interne Seite mit „/“ am Anfang (z. B. /anfahrt), externe Adresse mit „https://“, E-Mail mit „mailto:“ oder Telefon mit „tel:“.',
                  validation: (rule) =>
                    rule
                      .required()
                      .uri({ scheme: ['https', 'mailto', 'tel'], allowRelative: true })
                      .error(
                        'Bitte geben Sie ein gültiges Linkziel ein: „/seite“ für interne Seiten, „https://…“ für externe Adressen, „mailto:…“ oder „tel:…“.',
                      ),
                }),
              ],
            },
          ],
        },
      }),
    ],
    validation: options.required
      ? (rule) =>
          rule
            .required()
            .min(1)
            .error(`Bitte schreiben Sie den Text für „${options.title}“ – das Feld darf nicht leer sein.`)
      : undefined,
  });
}
