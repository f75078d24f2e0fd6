// Hands digests to an SMTP server with nodemailer (Node only: the publish server and the Netlify
// Function import this; the Studio and the site never do).
import { createTransport } from 'nodemailer';
import type { DigestMail } from './digest.ts';

export interface Mailer {
  send(mail: DigestMail): Promise<void>;
  close(): void;
}

export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  // Bounded waits, so a silent SMTP server never holds a run (nodemailer's defaults are minutes).
  const transport = createTransport({ url: options.smtpUrl, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 });
  return {
    async send(mail) {
      await transport.sendMail({
        from: options.from,
        to: { name: mail.to.name, address: mail.to.email },
        subject: mail.subject,
        text: mail.text,
        // Only text: nothing is ever read from a file or URL into a mail.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    },
    close() {
      transport.close();
    },
  };
}
