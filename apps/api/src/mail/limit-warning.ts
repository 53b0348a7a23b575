import type { MailMessage } from './mailer';

const LIMIT_NAMES = {
  en: {
    agents: 'agents',
    channels: 'channels',
    conversations: 'conversations this month',
    storage: 'file storage (MB)',
  },
  tr: {
    agents: 'temsilci',
    channels: 'kanal',
    conversations: 'bu ayki konuşma',
    storage: 'dosya depolama (MB)',
  },
} as const;

const TEXT = {
  en: {
    subject: (percent: number) =>
      percent >= 100 ? 'Parley: your plan’s limit is reached' : 'Parley: your plan’s limit is almost reached',
    body: (account: string, what: string, used: number, max: number, percent: number) =>
      `The account “${account}” uses ${used} of ${max} ${what} allowed by its plan (${percent} %).\n\n${
        percent >= 100
          ? 'New ones are refused until the usage goes down or the plan changes.'
          : 'When the limit is reached, new ones are refused.'
      } The Pro page of the console shows the plan and its usage.\n`,
  },
  tr: {
    subject: (percent: number) =>
      percent >= 100 ? 'Parley: paketinizin sınırına ulaşıldı' : 'Parley: paketinizin sınırına yaklaşıldı',
    body: (account: string, what: string, used: number, max: number, percent: number) =>
      `“${account}” hesabı, paketinin izin verdiği ${max} ${what} sınırının ${used} kadarını kullanıyor (%${percent}).\n\n${
        percent >= 100
          ? 'Kullanım azalana ya da paket değişene kadar yenileri reddedilir.'
          : 'Sınıra ulaşıldığında yenileri reddedilir.'
      } Konsoldaki Pro sayfası paketi ve kullanımını gösterir.\n`,
  },
} as const;

/** The 80 % / 100 % usage warning to an owner, in their language (en or tr). */
export function limitWarningMail(
  to: string,
  locale: string,
  input: {
    accountName: string;
    limit: keyof (typeof LIMIT_NAMES)['en'];
    used: number;
    max: number;
    percent: number;
  },
): MailMessage {
  const lang = locale === 'tr' ? 'tr' : 'en';
  const t = TEXT[lang];
  const text = t.body(
    input.accountName,
    LIMIT_NAMES[lang][input.limit],
    input.used,
    input.max,
    input.percent,
  );
  return { to, subject: t.subject(input.percent), text };
}
