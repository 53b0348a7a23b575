import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../../components/confirm-dialog';
import { TextField } from '../../../../components/field';
import { trpc } from '../../../../lib/trpc';
import type { TVisitorRecord } from '../../types';

const messages = defineMessages({
  eraseTitle: defineMessage<{ name: string }>({
    id: 'crm.record.eraseTitle',
    defaultMessage: 'Delete {name} for good?',
  }),
  eraseExplain: {
    id: 'crm.record.eraseExplain',
    defaultMessage:
      'For a data deletion request (GDPR). The visitor, all their conversations, messages, files, notes and identities are removed at once. Only an audit line without personal data stays.',
  },
  eraseType: defineMessage<{ word: string }>({
    id: 'crm.record.eraseType',
    defaultMessage: 'Type {word} to confirm',
  }),
  eraseWord: { id: 'crm.record.eraseWord', defaultMessage: 'DELETE' },
  eraseConfirm: { id: 'crm.record.eraseConfirm', defaultMessage: 'Delete visitor' },
});

export function EraseDialog({
  open,
  record,
  name,
  onClose,
}: {
  open: boolean;
  record: TVisitorRecord;
  name: string;
  onClose: () => void;
}) {
  const intl = useIntl();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [typed, setTyped] = useState('');
  const word = intl.formatMessage(messages.eraseWord);
  const erase = trpc.crm.erase.useMutation({
    onSuccess: () => {
      onClose();
      void utils.crm.visitors.invalidate();
      void utils.chats.archive.invalidate();
      navigate('/crm/visitors', { replace: true });
    },
  });
  const confirmed = typed.trim().toLocaleUpperCase(intl.locale) === word.toLocaleUpperCase(intl.locale);
  return (
    <ConfirmDialog
      open={open}
      danger
      title={intl.formatMessage(messages.eraseTitle, { name })}
      confirmLabel={<FormattedMessage {...messages.eraseConfirm} />}
      confirmDisabled={!confirmed}
      pending={erase.isPending}
      error={erase.error}
      onCancel={() => {
        setTyped('');
        erase.reset();
        onClose();
      }}
      onConfirm={() => erase.mutate({ visitorId: record.id })}
    >
      <p className="dialog-warning">
        <FormattedMessage {...messages.eraseExplain} />
      </p>
      <TextField
        label={intl.formatMessage(messages.eraseType, { word })}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setTyped(event.target.value)}
      />
    </ConfirmDialog>
  );
}
