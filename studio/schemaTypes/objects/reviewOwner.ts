import { defineField, defineType } from 'sanity';
import { UserIcon } from '@sanity/icons/User';
import { isReviewEmail } from '../../../core/review/model';

// "Verantwortlich" of a service, page or partner (core/review/): who checks it and gets the weekly
// reminder. A name or team and an address; the person need not have a Studio account.
export const reviewOwner = defineType({
  name: 'reviewOwner',
  title: 'Verantwortlich',
  type: 'object',
  icon: UserIcon,
  options: { columns: 2 },
  fields: [
    defineField({
      name: 'name',
      title: 'Name oder Team',
      type: 'string',
      description: 'Wer den Inhalt fachlich prüft, z. B. „Team Bürgerbüro“. Braucht keinen Zugang zum Studio.',
      validation: (rule) =>
        rule.custom((name: string | undefined, context) => {
          const email = (context.parent as { email?: string } | undefined)?.email;
          return email && !name?.trim() ? 'Bitte tragen Sie auch den Namen oder das Team ein, damit die Erinnerung eine Anrede hat.' : true;
        }),
    }),
    defineField({
      name: 'email',
      title: 'E-Mail-Adresse',
      type: 'string',
      description: 'Hierhin geht die wöchentliche Erinnerung, wenn eine Prüfung fällig ist. Am besten ein Team-Postfach.',
      validation: (rule) =>
        rule.custom((email: string | undefined, context) => {
          const name = (context.parent as { name?: string } | undefined)?.name;
          if (!email?.trim()) return name?.trim() ? 'Bitte tragen Sie die E-Mail-Adresse ein – sonst erreicht die Erinnerung niemanden.' : true;
          return isReviewEmail(email.trim()) ? true : 'Das ist keine gültige E-Mail-Adresse. Bitte nur eine Adresse, z. B. buergerbuero@example.org.';
        }),
    }),
  ],
  preview: {
    select: { name: 'name', email: 'email' },
    prepare: ({ name, email }) => ({ title: name ?? 'Niemand eingetragen', subtitle: email }),
  },
});
