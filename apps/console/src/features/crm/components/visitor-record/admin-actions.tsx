import { useState } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { Section } from '../../../../components/page';
import type { TVisitorRecord } from '../../types';
import { EraseDialog } from './erase-dialog';
import { MergeDialog } from './merge-dialog';

const messages = defineMessages({
  adminTitle: { id: 'crm.record.admin', defaultMessage: 'Merge and delete' },
  adminDescription: {
    id: 'crm.record.adminDescription',
    defaultMessage: 'Only admins see these. Both are recorded in the audit log and can’t be undone.',
  },
  merge: { id: 'crm.record.merge', defaultMessage: 'Merge…' },
  erase: { id: 'crm.record.erase', defaultMessage: 'Delete on request…' },
});

export function AdminActions({
  record,
  name,
  onMerged,
}: {
  record: TVisitorRecord;
  name: string;
  onMerged: (name: string) => void;
}) {
  const [dialog, setDialog] = useState<'merge' | 'erase' | null>(null);
  return (
    <Section
      title={<FormattedMessage {...messages.adminTitle} />}
      description={<FormattedMessage {...messages.adminDescription} />}
    >
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setDialog('merge')}>
          <FormattedMessage {...messages.merge} />
        </button>
        <button type="button" className="button button-danger" onClick={() => setDialog('erase')}>
          <FormattedMessage {...messages.erase} />
        </button>
      </div>
      <MergeDialog
        open={dialog === 'merge'}
        record={record}
        name={name}
        onClose={() => setDialog(null)}
        onMerged={onMerged}
      />
      <EraseDialog open={dialog === 'erase'} record={record} name={name} onClose={() => setDialog(null)} />
    </Section>
  );
}
