import type { Translate } from '../lib/i18n';
import { ContactFields, Field, FormFooter, useFormSubmit } from './form-fields';
import type { ChatSession, ChatState } from './session';

/** No agent online: the visitor leaves a message and an email to be answered at. */
export function OfflineForm({
  t,
  session,
  visitor,
}: {
  t: Translate;
  session: ChatSession;
  visitor: ChatState['visitor'];
}) {
  const { errors, busy, failed, run } = useFormSubmit(t);
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(e.currentTarget, { name: true, email: true, body: true }, (d) =>
          session.submitOffline({ name: d.name ?? '', email: d.email ?? '', body: d.body ?? '' }),
        );
      }}
    >
      <p class="intro">{t('offlineIntro')}</p>
      <ContactFields t={t} errors={errors} visitor={visitor} required={{ name: true, email: true }} />
      <Field name="body" label={t('message')} required multiline t={t} errors={errors} />
      <FormFooter t={t} busy={busy} failed={failed} label={t('sendMessage')} />
    </form>
  );
}
