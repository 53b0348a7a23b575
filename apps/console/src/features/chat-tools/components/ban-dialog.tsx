import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { TextField } from '../../../components/field';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { localInputToIso } from '../reminders';

const messages = defineMessages({
  title: { id: 'tools.ban.title', defaultMessage: 'Ban this visitor' },
  byVisitor: { id: 'tools.ban.byVisitor', defaultMessage: 'Ban this visitor' },
  ip: { id: 'tools.ban.ip', defaultMessage: 'IP address or range (optional)' },
  ipHint: {
    id: 'tools.ban.ipHint',
    defaultMessage:
      'A single address or a CIDR range such as 203.0.113.0/24. Everyone from there is refused.',
  },
  reason: { id: 'tools.ban.reason', defaultMessage: 'Reason' },
  expires: { id: 'tools.ban.expires', defaultMessage: 'Ends (optional)' },
  expiresHint: {
    id: 'tools.ban.expiresHint',
    defaultMessage: 'Empty: the ban lasts until someone lifts it in CRM → Bans.',
  },
  submit: { id: 'tools.ban.submit', defaultMessage: 'Ban' },
  warning: {
    id: 'tools.ban.warning',
    defaultMessage: 'The widget will tell them chat is unavailable, and their messages are refused.',
  },
});

/** C4: ban by visitor and/or IP (CIDR), with a reason and an optional end. */
export function BanDialog({
  visitorId,
  ip,
  onClose,
}: {
  visitorId: string;
  ip: string | null;
  onClose: () => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [byVisitor, setByVisitor] = useState(true);
  const [address, setAddress] = useState(ip ?? '');
  const [useIp, setUseIp] = useState(false);
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const ban = trpc.tools.ban.useMutation({
    onSuccess: () => {
      void utils.tools.bans.invalidate();
      // The chat view shows the ban and turns the button into Unban from the visitor record.
      void utils.visitors.get.invalidate({ visitorId });
      onClose();
    },
  });
  const fieldErrors = useFieldErrors({}, ban.error);
  const wantsIp = useIp && address.trim() !== '';

  return (
    <ConfirmDialog
      open
      danger
      title={intl.formatMessage(messages.title)}
      confirmLabel={intl.formatMessage(messages.submit)}
      pending={ban.isPending}
      confirmDisabled={reason.trim() === '' || (!byVisitor && !wantsIp)}
      error={ban.error}
      onCancel={onClose}
      onConfirm={() =>
        ban.mutate({
          ...(byVisitor ? { visitorId } : {}),
          ...(wantsIp ? { ip: address.trim() } : {}),
          reason: reason.trim(),
          expiresAt: localInputToIso(expires),
        })
      }
    >
      <p className="dialog-warning">
        <FormattedMessage {...messages.warning} />
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={byVisitor} onChange={(event) => setByVisitor(event.target.checked)} />{' '}
        <FormattedMessage {...messages.byVisitor} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={useIp} onChange={(event) => setUseIp(event.target.checked)} />{' '}
        <FormattedMessage {...messages.ip} />
      </label>
      {useIp ? (
        <TextField
          label={intl.formatMessage(messages.ip)}
          hint={intl.formatMessage(messages.ipHint)}
          error={fieldErrors.ip}
          value={address}
          maxLength={50}
          onChange={(event) => setAddress(event.target.value)}
        />
      ) : null}
      <TextField
        label={intl.formatMessage(messages.reason)}
        value={reason}
        maxLength={500}
        required
        error={fieldErrors.reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <TextField
        type="datetime-local"
        label={intl.formatMessage(messages.expires)}
        hint={intl.formatMessage(messages.expiresHint)}
        error={fieldErrors.expiresAt}
        value={expires}
        onChange={(event) => setExpires(event.target.value)}
      />
    </ConfirmDialog>
  );
}
