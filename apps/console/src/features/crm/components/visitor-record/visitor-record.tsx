import { useEffect, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConversationList } from '../../../../components/conversation-list';
import { Section } from '../../../../components/page';
import { RelativeTime } from '../../../../components/relative-time';
import { Notice } from '../../../../components/status';
import { VisitorDot } from '../../../../components/visitor-dot';
import { isAdmin, useMe } from '../../../../lib/use-me';
import { useVisitorName } from '../../../../lib/use-visitor-name';
import { VisitorTagEditor } from '../../../chat-tools';
import type { TVisitorRecord } from '../../types';
import { StatusBadge } from '../status-badge';
import { StatusSelect } from '../status-select';
import { AdminActions } from './admin-actions';
import { BackLink } from './back-link';
import { ContactForm } from './contact-form';
import { visitorNumberMessage } from './record-messages';
import { Notes } from './record-notes';
import { Reminders } from './record-reminders';
import { StatusHistory } from './status-history';

const messages = defineMessages({
  firstSeen: { id: 'crm.record.firstSeen', defaultMessage: 'First seen' },
  lastSeen: { id: 'crm.record.lastSeen', defaultMessage: 'Last seen' },
  processTitle: { id: 'crm.record.process', defaultMessage: 'Customer process' },
  tagsTitle: { id: 'crm.record.tags', defaultMessage: 'Tags' },
  tagsEmpty: { id: 'crm.record.tagsEmpty', defaultMessage: 'No tags yet.' },
  conversationsTitle: { id: 'crm.record.conversations', defaultMessage: 'Conversations' },
  conversationsEmpty: { id: 'crm.record.conversationsEmpty', defaultMessage: 'No conversations yet.' },
  merged: defineMessage<{ name: string }>({
    id: 'crm.record.merged',
    defaultMessage: '{name} was merged into this record.',
  }),
});

export function VisitorRecord({ record }: { record: TVisitorRecord }) {
  const intl = useIntl();
  const me = useMe();
  const visitorName = useVisitorName();
  const name = visitorName(record);
  const [mergedName, setMergedName] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${name} · Parley`;
  }, [name]);

  return (
    <div className="page crm-record">
      <header className="page-header">
        <BackLink />
        <div className="crm-record-title">
          <VisitorDot online={record.online} />
          <h1>
            <bdi>{name}</bdi>
          </h1>
          {record.status ? <StatusBadge status={record.status} /> : null}
        </div>
        <p className="page-description">
          {intl.formatMessage(visitorNumberMessage, { number: record.number })}
          {' · '}
          <FormattedMessage {...messages.firstSeen} /> <RelativeTime value={record.firstSeenAt} />
          {' · '}
          <FormattedMessage {...messages.lastSeen} /> <RelativeTime value={record.lastSeenAt} />
        </p>
      </header>
      {mergedName ? <Notice>{intl.formatMessage(messages.merged, { name: mergedName })}</Notice> : null}
      <div className="crm-record-grid">
        <div className="stack">
          <ContactForm key={record.id} record={record} />
          <Section title={<FormattedMessage {...messages.processTitle} />}>
            <StatusSelect visitorId={record.id} current={record.status} />
            <StatusHistory record={record} />
          </Section>
          <Notes record={record} />
        </div>
        <div className="stack">
          <Section title={<FormattedMessage {...messages.conversationsTitle} />}>
            {record.conversations.length === 0 ? (
              <p className="muted">
                <FormattedMessage {...messages.conversationsEmpty} />
              </p>
            ) : (
              <ConversationList
                conversations={record.conversations}
                label={intl.formatMessage(messages.conversationsTitle)}
                hrefOf={(conversation) => `/archive/${conversation.id}`}
              />
            )}
          </Section>
          <Section title={<FormattedMessage {...messages.tagsTitle} />}>
            <VisitorTagEditor
              visitorId={record.id}
              tags={record.tags}
              empty={<FormattedMessage {...messages.tagsEmpty} />}
            />
          </Section>
          <Reminders record={record} />
          {isAdmin(me) ? <AdminActions record={record} name={name} onMerged={setMergedName} /> : null}
        </div>
      </div>
    </div>
  );
}
