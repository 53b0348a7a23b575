import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { CopyField } from '../../../components/copy-field';
import { Section } from '../../../components/page';
import { FormError, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';

const messages = defineMessages({
  title: { id: 'agent.signIn.title', defaultMessage: 'Sign-in help' },
  description: {
    id: 'agent.signIn.description',
    defaultMessage:
      'For a teammate locked out: a link to choose a new password (it works once, for 30 minutes, and logs them out everywhere), or two-factor sign-in turned off when they lost their phone and recovery codes. Both are recorded in the audit log.',
  },
  issue: { id: 'agent.signIn.issue', defaultMessage: 'Issue reset link' },
  emailed: { id: 'agent.signIn.emailed', defaultMessage: 'The reset link was emailed to them.' },
  link: { id: 'agent.signIn.link', defaultMessage: 'Reset link (shown once: hand it over privately)' },
  resetTwoFactor: { id: 'agent.signIn.resetTwoFactor', defaultMessage: 'Turn off two-factor sign-in' },
  resetTwoFactorTitle: defineMessage<{ name: string }>({
    id: 'agent.signIn.resetTwoFactorTitle',
    defaultMessage: 'Turn off two-factor sign-in for {name}?',
  }),
  resetTwoFactorText: {
    id: 'agent.signIn.resetTwoFactorText',
    defaultMessage:
      'Do this only after checking it is really them. They log in with their password alone until they set it up again.',
  },
  resetTwoFactorDone: {
    id: 'agent.signIn.resetTwoFactorDone',
    defaultMessage: 'Two-factor sign-in is off for them.',
  },
});

/** A2, A5: what an admin does for a teammate who cannot sign in. */
export function AgentSignInSection({ agent }: { agent: { id: string; name: string } }) {
  const intl = useIntl();
  const [confirming, setConfirming] = useState(false);
  const issue = trpc.security.issuePasswordReset.useMutation();
  const reset = trpc.security.resetTwoFactor.useMutation({ onSuccess: () => setConfirming(false) });
  return (
    <Section
      title={<FormattedMessage {...messages.title} />}
      description={<FormattedMessage {...messages.description} />}
    >
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={issue.isPending}
          onClick={() => issue.mutate({ userId: agent.id })}
        >
          <FormattedMessage {...messages.issue} />
        </button>
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          <FormattedMessage {...messages.resetTwoFactor} />
        </button>
      </div>
      <FormError error={issue.error} />
      {issue.data?.emailed ? <Notice>{intl.formatMessage(messages.emailed)}</Notice> : null}
      {issue.data?.link ? (
        <CopyField label={intl.formatMessage(messages.link)} value={issue.data.link} />
      ) : null}
      {reset.isSuccess ? <Notice>{intl.formatMessage(messages.resetTwoFactorDone)}</Notice> : null}
      <ConfirmDialog
        open={confirming}
        danger
        title={intl.formatMessage(messages.resetTwoFactorTitle, { name: agent.name })}
        confirmLabel={<FormattedMessage {...messages.resetTwoFactor} />}
        pending={reset.isPending}
        error={reset.error}
        onCancel={() => {
          reset.reset();
          setConfirming(false);
        }}
        onConfirm={() => reset.mutate({ userId: agent.id })}
      >
        <p>
          <FormattedMessage {...messages.resetTwoFactorText} />
        </p>
      </ConfirmDialog>
    </Section>
  );
}
