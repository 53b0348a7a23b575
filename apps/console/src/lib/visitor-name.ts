import { defineMessage, type IntlShape } from 'react-intl';

export const visitorNameMessages = {
  city: defineMessage<{ city: string; number: number }>({
    id: 'visitor.name.city',
    defaultMessage: '{city} {number, number, ::group-off}',
  }),
  client: defineMessage<{ number: number }>({
    id: 'visitor.name.client',
    defaultMessage: 'Client {number, number, ::group-off}',
  }),
};

export type TNameableVisitor = { name: string | null; city: string | null; number: number };

/**
 * B5: the contact-form name if the visitor gave one, else "<City> <N>" when the city is known, else
 * "Client <N>" (localised). N is the visitor's number in the account, so agents can tell "Istanbul 40"
 * from "Istanbul 41" at a glance. The one place every screen names visitors.
 */
export function formatVisitorName(visitor: TNameableVisitor, intl: Pick<IntlShape, 'formatMessage'>): string {
  const name = visitor.name?.trim();
  if (name) return name;
  const city = visitor.city?.trim();
  if (city) return intl.formatMessage(visitorNameMessages.city, { city, number: visitor.number });
  return intl.formatMessage(visitorNameMessages.client, { number: visitor.number });
}
