import { defineField, defineType } from 'sanity';
import { ImageIcon } from '@sanity/icons/Image';

export const imageWithAlt = defineType({
  name: 'imageWithAlt',
  title: 'Bild mit Alternativtext',
  type: 'image',
  icon: ImageIcon,
  description:
    'Ein Bild mit Beschreibung für Menschen, die es nicht sehen können, und mit Bildnachweis. Den Bildausschnitt legen Sie mit dem Fokuspunkt fest.',
  options: { hotspot: true },
  fields: [
    defineField({
      name: 'alt',
      title: 'Alternativtext',
      type: 'localeString',
      description:
        'Beschreiben Sie in einem Satz, was auf dem Bild zu sehen ist (z. B. „Zwei Beraterinnen am Service-Tresen in der GALERIA“). Nicht „Bild von …“ schreiben.',
      validation: (rule) =>
        rule
          .required()
          .error(
            'Bitte beschreiben Sie das Bild im Alternativtext – ohne ihn ist es für blinde Menschen unsichtbar.',
          ),
    }),
    defineField({
      name: 'credit',
      title: 'Bildnachweis',
      type: 'string',
      description: 'Wer hat das Bild gemacht oder hält die Rechte? Z. B. „Foto: Stadt Kassel“.',
      validation: (rule) =>
        rule
          .required()
          .error(
            'Bitte geben Sie den Bildnachweis an (z. B. „Foto: Stadt Kassel“) – er ist rechtlich vorgeschrieben.',
          ),
    }),
    defineField({
      name: 'caption',
      title: 'Bildunterschrift',
      type: 'localeString',
      description: 'Optionaler Text, der sichtbar unter dem Bild steht.',
    }),
  ],
  validation: (rule) =>
    rule.custom((value: { asset?: unknown } | undefined) =>
      !value || value.asset
        ? true
        : 'Bitte laden Sie ein Bild hoch oder wählen Sie eines aus der Mediathek – Alternativtext und Nachweis allein reichen nicht.',
    ),
  preview: {
    select: { alt: 'alt.de', credit: 'credit', media: 'asset' },
    prepare: ({ alt, credit, media }) => ({
      title: alt || 'Bild ohne Alternativtext',
      subtitle: credit,
      media: media ?? ImageIcon,
    }),
  },
});
