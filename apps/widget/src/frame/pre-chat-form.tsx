import type { Translate } from '../lib/i18n';
import { ContactFields, Field, FormFooter, useFormSubmit } from './form-fields';
import type { ChatSession, ChatState } from './session';

/** Asks for the contact data the channel requires before the first message. */
export function PreChatForm({ t, session, s }: { t: Translate; session: ChatSession; s: ChatState }) {
  const pre = s.config?.preChatForm;
  const { errors, busy, failed, run } = useFormSubmit(t);
  const required = { name: !!pre?.requireName, email: !!pre?.requireEmail, phone: !!pre?.requirePhone };
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(e.currentTarget, required, (d) =>
          session.submitPreChat({ name: d.name || null, email: d.email || null, phone: d.phone || null }),
        );
      }}
    >
      <p class="intro">{t('preChatIntro')}</p>
      <ContactFields t={t} errors={errors} visitor={s.visitor} required={required} />
      {required.phone && <Field name="phone" type="tel" label={t('phone')} required t={t} errors={errors} />}
      <FormFooter t={t} busy={busy} failed={failed} label={t('startChat')} />
    </form>
  );
}
