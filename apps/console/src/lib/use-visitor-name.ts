import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { formatVisitorName, type TNameableVisitor } from './visitor-name';

/** B5 naming, localised: `const name = useVisitorName(); name(visitor)`. */
export function useVisitorName() {
  const intl = useIntl();
  return useCallback((visitor: TNameableVisitor) => formatVisitorName(visitor, intl), [intl]);
}
