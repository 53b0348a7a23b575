import type { Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer (`SMTP_URL`, e.g. `smtps://user:pass@smtp.example.com:465`), loaded with the
 * first mail: a server that sends none does not hold it.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  let transport: Promise<Transporter> | undefined;
  const open = () => {
    transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
    return transport;
  };
  return {
    async send(message) {
      await (await open()).sendMail({ from, ...message });
    },
    close() {
      void transport?.then((t) => t.close());
    },
  };
}
