import type { InboundEvent } from '../types.js';

type Rule = (e: Record<string, unknown>) => string | undefined;

const text =
  (key: string, optional = false): Rule =>
  (e) =>
    (optional && e[key] === undefined) || (typeof e[key] === 'string' && (e[key] as string).length > 0)
      ? undefined
      : `${key} must be a non-empty string`;
const string =
  (key: string): Rule =>
  (e) =>
    typeof e[key] === 'string' ? undefined : `${key} must be a string`;
const date =
  (key: string): Rule =>
  (e) =>
    e[key] instanceof Date && !Number.isNaN((e[key] as Date).getTime())
      ? undefined
      : `${key} must be a valid Date`;
const oneOf =
  (key: string, values: string[]): Rule =>
  (e) =>
    values.includes(e[key] as string) ? undefined : `${key} must be one of ${values.join(', ')}`;

const RULES: Record<InboundEvent['type'], Rule[]> = {
  message: [
    text('externalMessageId'),
    (e) => {
      const c = e.contact as { externalId?: unknown } | null | undefined;
      return c && typeof c === 'object' && typeof c.externalId === 'string' && c.externalId
        ? undefined
        : 'contact.externalId must be a non-empty string';
    },
    string('text'),
    (e) => (Array.isArray(e.attachments) ? undefined : 'attachments must be an array'),
    (e) =>
      e.missing === undefined || Array.isArray(e.missing) ? undefined : 'missing must be an array when given',
    date('sentAt'),
    text('threadId', true),
  ],
  edit: [text('externalMessageId'), text('editId'), string('text'), date('editedAt')],
  status: [text('externalMessageId'), oneOf('status', ['sent', 'delivered', 'read', 'failed']), date('at')],
  watermark: [text('contactExternalId'), oneOf('status', ['delivered', 'read']), date('watermark')],
  rejected: [text('reference'), string('reason')],
};

/**
 * What is wrong with the events a plugin handed over (`events[0].contact.externalId must be…`), so a
 * malformed one is refused as the plugin's fault instead of failing later inside Parley's storage.
 */
export function eventProblems(events: unknown): string[] {
  if (!Array.isArray(events)) return ['events must be an array'];
  const problems: string[] = [];
  events.forEach((event, i) => {
    const e = event as Record<string, unknown> | null;
    if (!e || typeof e !== 'object') {
      problems.push(`events[${i}] must be an object`);
      return;
    }
    const rules = RULES[e.type as InboundEvent['type']];
    if (!rules) {
      problems.push(`events[${i}].type must be one of ${Object.keys(RULES).join(', ')}`);
      return;
    }
    for (const rule of rules) {
      const problem = rule(e);
      if (problem) problems.push(`events[${i}].${problem}`);
    }
  });
  return problems;
}
