import { defineMessages, FormattedMessage } from 'react-intl';
import { Link } from 'react-router';

const messages = defineMessages({
  back: { id: 'crm.record.back', defaultMessage: 'All visitors' },
});

/** Back to the CRM visitor list, above a record and above its load error. */
export function BackLink() {
  return (
    <p className="page-back">
      <Link to="/crm/visitors">
        ← <FormattedMessage {...messages.back} />
      </Link>
    </p>
  );
}
