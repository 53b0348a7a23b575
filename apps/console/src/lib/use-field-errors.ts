import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { describeError, describeFieldError } from './errors';
import type { TFieldErrorIds } from './validation';

/** Merges client-side field checks with the server's fieldErrors into localised text per field. */
export function useFieldErrors(clientErrors: TFieldErrorIds, serverError: unknown): Record<string, string> {
  const intl = useIntl();
  return useMemo(() => {
    const result: Record<string, string> = {};
    for (const [field, descriptor] of Object.entries(describeError(serverError).fieldErrors)) {
      result[field] = intl.formatMessage(descriptor);
    }
    for (const [field, id] of Object.entries(clientErrors)) {
      result[field] = intl.formatMessage(describeFieldError(id));
    }
    return result;
  }, [clientErrors, serverError, intl]);
}
