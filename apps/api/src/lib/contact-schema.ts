import { z } from 'zod';
import { ZEmail } from './schemas';
import { ZOptionalText } from './text';

/** The longest name a visitor's contact data may hold (the widget's forms use the same limit). */
export const CONTACT_NAME_MAX = 100;

export const ZContactPhone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[+\d\s().-]*$/);

// Blank means "remove it": '' becomes null, so no caller stores an empty string.
const blankToNull = <T>(value: T) => (value === '' ? null : value);

/**
 * A visitor's contact data as the widget (`widget.setContact`) and agents (`crm.updateContact`)
 * send it. A field left out is kept; null or '' clears it.
 */
export const ZContactFields = {
  name: ZOptionalText(CONTACT_NAME_MAX).transform(blankToNull),
  email: ZEmail.nullish().or(z.literal('')).transform(blankToNull),
  phone: ZContactPhone.nullish().transform(blankToNull),
};
