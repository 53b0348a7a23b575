import { type ReactNode, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ElapsedTime } from '../../../components/duration';
import { RelativeTime } from '../../../components/relative-time';
import { ErrorState, Loading } from '../../../components/status';
import { VisitorDot } from '../../../components/visitor-dot';
import type { TVisitorDetail } from '../../../lib/chat-types';
import { trpc } from '../../../lib/trpc';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { VisitorCrmSection } from '../../crm';
import { CallButton } from '../../phone';
import { PageLink } from './page-link';

export const visitorPanelMessages = defineMessages({
  contact: { id: 'visitorPanel.contact', defaultMessage: 'Contact' },
  email: { id: 'visitorPanel.email', defaultMessage: 'Email' },
  phone: { id: 'visitorPanel.phone', defaultMessage: 'Phone' },
  visit: { id: 'visitorPanel.visit', defaultMessage: 'This visit' },
  site: { id: 'visitorPanel.site', defaultMessage: 'Site' },
  timeOnSite: { id: 'visitorPanel.timeOnSite', defaultMessage: 'Time on site' },
  currentPage: { id: 'visitorPanel.currentPage', defaultMessage: 'Current page' },
  lastPage: { id: 'visitorPanel.lastPage', defaultMessage: 'Last page' },
  history: { id: 'visitorPanel.history', defaultMessage: 'Pages this visit' },
  showHistory: { id: 'visitorPanel.showHistory', defaultMessage: 'Show the navigation history' },
  visits: { id: 'visitorPanel.visits', defaultMessage: 'Visits' },
  pagesThisVisit: { id: 'visitorPanel.pagesThisVisit', defaultMessage: 'Pages this visit' },
  source: { id: 'visitorPanel.source', defaultMessage: 'Source' },
  referrer: { id: 'visitorPanel.referrer', defaultMessage: 'Referrer' },
  searchEngine: { id: 'visitorPanel.searchEngine', defaultMessage: 'Search engine' },
  campaign: { id: 'visitorPanel.campaign', defaultMessage: 'UTM campaign' },
  direct: { id: 'visitorPanel.direct', defaultMessage: 'Direct visit' },
  location: { id: 'visitorPanel.location', defaultMessage: 'Location' },
  country: { id: 'visitorPanel.country', defaultMessage: 'Country' },
  city: { id: 'visitorPanel.city', defaultMessage: 'City' },
  isp: { id: 'visitorPanel.isp', defaultMessage: 'ISP' },
  ip: { id: 'visitorPanel.ip', defaultMessage: 'IP address' },
  device: { id: 'visitorPanel.deviceGroup', defaultMessage: 'Device' },
  browser: { id: 'visitorPanel.browser', defaultMessage: 'Browser' },
  os: { id: 'visitorPanel.os', defaultMessage: 'Operating system' },
  deviceType: { id: 'visitorPanel.device', defaultMessage: 'Device' },
  deviceKind: defineMessage<{ type: string }>({
    id: 'visitorPanel.deviceKind',
    defaultMessage:
      '{type, select, desktop {Computer} mobile {Phone} tablet {Tablet} console {Game console} smarttv {Smart TV} wearable {Wearable} xr {VR headset} embedded {Embedded device} other {Other device}}',
  }),
  unknown: { id: 'visitorPanel.unknown', defaultMessage: 'Unknown' },
});

const m = visitorPanelMessages;

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Value({ value }: { value: string | number | null | undefined }) {
  if (value === null || value === undefined || value === '') {
    return (
      <span className="muted">
        <FormattedMessage {...m.unknown} />
      </span>
    );
  }
  // Names, cities and ISPs may be right-to-left: isolated, they never reorder the row around them.
  return typeof value === 'string' ? <bdi>{value}</bdi> : value;
}

function DeviceValue({ device }: { device: TVisitorDetail['device'] }) {
  const intl = useIntl();
  if (!device) return <Value value={null} />;
  const kind = intl.formatMessage(m.deviceKind, { type: device.type });
  if (!device.model) return kind;
  return (
    <>
      {kind} · <bdi>{device.model}</bdi>
    </>
  );
}

const UTM_SHOWN = ['campaign', 'source', 'medium'] as const;
const utmParts = (utm: TVisitorDetail['utm']) =>
  UTM_SHOWN.flatMap((key) => (utm[key] ? [{ key, value: utm[key] }] : []));

function campaignOf(utm: TVisitorDetail['utm']): string | null {
  const parts = utmParts(utm);
  return parts.length > 0 ? parts.map((part) => part.value).join(' / ') : null;
}

/** "campaign / source / medium", each part isolated: one right-to-left value cannot swap the others. */
function UtmValue({ utm }: { utm: TVisitorDetail['utm'] }) {
  return (
    <>
      {utmParts(utm).map((part, index) => (
        <span key={part.key}>
          {index > 0 ? ' / ' : null}
          <bdi>{part.value}</bdi>
        </span>
      ))}
    </>
  );
}

/** Loads the visitor (B7) and keeps it fresh: `visitor` live events invalidate this query. */
export function VisitorPanelById({ visitorId, initial }: { visitorId: string; initial?: TVisitorDetail }) {
  const visitor = trpc.visitors.get.useQuery({ visitorId }, initial ? { initialData: initial } : {});
  if (visitor.isPending) return <Loading />;
  if (visitor.isError) return <ErrorState error={visitor.error} onRetry={() => visitor.refetch()} />;
  return <VisitorPanel visitor={visitor.data} />;
}

/** B7: everything we know about the visitor, in the order the JivoChat panel shows it. */
export function VisitorPanel({ visitor }: { visitor: TVisitorDetail }) {
  const intl = useIntl();
  const visitorName = useVisitorName();
  const [historyOpen, setHistoryOpen] = useState(false);
  const historyId = useId();
  const page = visitor.currentPage;
  const campaign = campaignOf(visitor.utm);
  const hasSource = Boolean(visitor.referrer || visitor.searchEngine || campaign);

  return (
    <div className="visitor-panel">
      <div className="visitor-head">
        <VisitorDot online={visitor.online} />
        <h2 className="visitor-name">
          <bdi>{visitorName(visitor)}</bdi>
        </h2>
      </div>

      <VisitorCrmSection visitorId={visitor.id} />

      <section aria-label={intl.formatMessage(m.contact)}>
        <dl className="details">
          <Row label={<FormattedMessage {...m.email} />}>
            {visitor.email ? (
              <a href={`mailto:${visitor.email}`}>
                <bdi>{visitor.email}</bdi>
              </a>
            ) : (
              <Value value={null} />
            )}
          </Row>
          <Row label={<FormattedMessage {...m.phone} />}>
            {visitor.phone ? (
              <>
                <a href={`tel:${visitor.phone}`}>{visitor.phone}</a>{' '}
                <CallButton number={visitor.phone} visitorId={visitor.id} />
              </>
            ) : (
              <Value value={null} />
            )}
          </Row>
        </dl>
      </section>

      <section aria-label={intl.formatMessage(m.visit)}>
        <h3 className="details-heading">
          <FormattedMessage {...m.visit} />
        </h3>
        <dl className="details">
          <Row label={<FormattedMessage {...m.site} />}>
            <Value value={visitor.channel.name} />
          </Row>
          <Row label={<FormattedMessage {...m.timeOnSite} />}>
            <ElapsedTime
              since={visitor.visitStartedAt}
              live={visitor.online}
              until={visitor.visitLastActiveAt}
            />
          </Row>
          <Row label={<FormattedMessage {...(visitor.online ? m.currentPage : m.lastPage)} />}>
            {page ? (
              <button
                type="button"
                className="link-button current-page"
                title={page.url}
                aria-expanded={historyOpen}
                aria-controls={historyId}
                aria-description={intl.formatMessage(m.showHistory)}
                onClick={() => setHistoryOpen((open) => !open)}
              >
                <bdi>{page.title || page.url}</bdi>
              </button>
            ) : (
              <Value value={null} />
            )}
          </Row>
          <Row label={<FormattedMessage {...m.visits} />}>
            <Value value={visitor.visits} />
          </Row>
          <Row label={<FormattedMessage {...m.pagesThisVisit} />}>
            <Value value={visitor.pagesThisVisit} />
          </Row>
        </dl>
        {historyOpen ? (
          <ol className="page-history" id={historyId} aria-label={intl.formatMessage(m.history)}>
            {visitor.pages.map((item) => (
              <li key={`${item.at}-${item.url}`}>
                <PageLink url={item.url} title={item.title} />
                <RelativeTime value={item.at} />
              </li>
            ))}
          </ol>
        ) : null}
      </section>

      <section aria-label={intl.formatMessage(m.source)}>
        <h3 className="details-heading">
          <FormattedMessage {...m.source} />
        </h3>
        <dl className="details">
          {hasSource ? (
            <>
              {visitor.searchEngine ? (
                <Row label={<FormattedMessage {...m.searchEngine} />}>{visitor.searchEngine}</Row>
              ) : null}
              {visitor.referrer ? (
                <Row label={<FormattedMessage {...m.referrer} />}>
                  <span className="break-all" title={visitor.referrer}>
                    <bdi>{visitor.referrer}</bdi>
                  </span>
                </Row>
              ) : null}
              {campaign ? (
                <Row label={<FormattedMessage {...m.campaign} />}>
                  <UtmValue utm={visitor.utm} />
                </Row>
              ) : null}
            </>
          ) : (
            <Row label={<FormattedMessage {...m.source} />}>
              <FormattedMessage {...m.direct} />
            </Row>
          )}
        </dl>
      </section>

      <section aria-label={intl.formatMessage(m.location)}>
        <h3 className="details-heading">
          <FormattedMessage {...m.location} />
        </h3>
        <dl className="details">
          <Row label={<FormattedMessage {...m.country} />}>
            <Value value={visitor.country} />
          </Row>
          <Row label={<FormattedMessage {...m.city} />}>
            <Value value={visitor.city} />
          </Row>
          <Row label={<FormattedMessage {...m.isp} />}>
            <Value value={visitor.isp} />
          </Row>
          <Row label={<FormattedMessage {...m.ip} />}>
            <Value value={visitor.ip} />
          </Row>
        </dl>
      </section>

      <section aria-label={intl.formatMessage(m.device)}>
        <h3 className="details-heading">
          <FormattedMessage {...m.device} />
        </h3>
        <dl className="details">
          <Row label={<FormattedMessage {...m.browser} />}>
            <Value value={visitor.browser} />
          </Row>
          <Row label={<FormattedMessage {...m.os} />}>
            <Value value={visitor.os} />
          </Row>
          <Row label={<FormattedMessage {...m.deviceType} />}>
            <DeviceValue device={visitor.device} />
          </Row>
        </dl>
      </section>
    </div>
  );
}
