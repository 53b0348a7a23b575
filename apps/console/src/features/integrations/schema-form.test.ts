import { describe, expect, it } from 'vitest';
import { fieldsFromSchema, humanize, initialValues, toConfig, validateValues } from './schema-form';

/** What `z.toJSONSchema(emailConfig, { io: 'input' })` gives for a config like the email plugin's. */
const emailSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    fromAddress: { type: 'string', format: 'email', pattern: '^.+@.+$', title: 'Support address' },
    smtpHost: { type: 'string', minLength: 1, title: 'SMTP host' },
    smtpPort: { default: 587, type: 'integer', minimum: 1, maximum: 65535, title: 'SMTP port' },
    smtpSecure: { default: false, type: 'boolean', title: 'SMTP over TLS (port 465)' },
    smtpPassword: { type: 'string', secret: true, title: 'SMTP password' },
    apiVersion: { type: 'string', pattern: '^v\\d+\\.\\d+$', default: 'v21.0' },
    baseUrl: { type: 'string', format: 'uri', default: 'https://graph.facebook.com' },
    mode: { type: 'string', enum: ['free', 'pro'], default: 'free' },
    nickname: { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] },
  },
  required: ['fromAddress', 'smtpHost', 'smtpPort', 'smtpSecure', 'apiVersion', 'baseUrl', 'mode'],
};

describe('fieldsFromSchema', () => {
  const fields = fieldsFromSchema(emailSchema);
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));

  it('keeps the plugin order and picks an input per type', () => {
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['fromAddress', 'email'],
      ['smtpHost', 'text'],
      ['smtpPort', 'number'],
      ['smtpSecure', 'boolean'],
      ['smtpPassword', 'secret'],
      ['apiVersion', 'text'],
      ['baseUrl', 'url'],
      ['mode', 'select'],
      ['nickname', 'text'],
    ]);
  });

  it('labels with the title, else the readable name; fields with defaults are not required', () => {
    expect(byName.smtpHost).toMatchObject({ label: 'SMTP host', required: true, minLength: 1 });
    expect(byName.apiVersion).toMatchObject({ label: 'Api version', required: false, defaultValue: 'v21.0' });
    expect(byName.smtpPort).toMatchObject({
      required: false,
      defaultValue: '587',
      min: 1,
      max: 65535,
      integer: true,
    });
    expect(byName.mode?.options).toEqual(['free', 'pro']);
    expect(byName.nickname).toMatchObject({ required: false, maxLength: 5 });
    // An email's pattern is left to the server.
    expect(byName.fromAddress?.pattern).toBeUndefined();
  });

  it('marks fields named secret by the plugin outside the schema', () => {
    expect(fieldsFromSchema(emailSchema, ['smtpHost']).find((f) => f.name === 'smtpHost')?.kind).toBe(
      'secret',
    );
  });

  it('survives schemas it cannot read', () => {
    expect(fieldsFromSchema(undefined)).toEqual([]);
    expect(fieldsFromSchema({ type: 'object' })).toEqual([]);
    expect(humanize('api_key')).toBe('Api key');
    expect(humanize('imapHost')).toBe('Imap host');
  });
});

describe('values', () => {
  const fields = fieldsFromSchema(emailSchema);

  it('starts from the defaults, or from the stored config without its secrets', () => {
    expect(initialValues(fields)).toMatchObject({
      fromAddress: '',
      smtpPort: '587',
      smtpSecure: false,
      smtpPassword: '',
      baseUrl: 'https://graph.facebook.com',
    });
    const stored = initialValues(fields, {
      values: { fromAddress: 'a@b.co', smtpPort: 25, smtpSecure: true, smtpPassword: 'leaked?' },
    });
    expect(stored).toMatchObject({
      fromAddress: 'a@b.co',
      smtpPort: '25',
      smtpSecure: true,
      smtpPassword: '',
    });
  });

  it('checks with the server’s message ids', () => {
    const values = {
      ...initialValues(fields),
      fromAddress: 'nope',
      smtpPort: '70000',
      apiVersion: 'latest',
      baseUrl: 'ftp://x',
      nickname: 'toolong',
    };
    expect(validateValues(fields, values)).toEqual({
      fromAddress: 'validation.email',
      smtpHost: 'validation.required',
      smtpPort: 'validation.too_big',
      apiVersion: 'validation.format',
      baseUrl: 'validation.url',
      nickname: 'validation.too_long',
    });
    expect(validateValues(fields, { ...values, smtpPort: '2.5' }).smtpPort).toBe('validation.invalid');
  });

  it('lets a stored secret stay empty when editing, not a required one when adding', () => {
    const required = fieldsFromSchema({
      type: 'object',
      properties: { token: { type: 'string', minLength: 1, secret: true } },
      required: ['token'],
    });
    expect(validateValues(required, { token: '' })).toEqual({ token: 'validation.required' });
    expect(validateValues(required, { token: '' }, ['token'])).toEqual({});
  });

  it('builds the config: typed values, empty optional fields and secrets left out', () => {
    const values = {
      ...initialValues(fields),
      fromAddress: ' support@acme.test ',
      smtpHost: 'mail.acme.test',
      smtpSecure: true,
      smtpPassword: ' spaced secret ',
    };
    expect(toConfig(fields, values)).toEqual({
      fromAddress: 'support@acme.test',
      smtpHost: 'mail.acme.test',
      smtpPort: 587,
      smtpSecure: true,
      smtpPassword: ' spaced secret ',
      apiVersion: 'v21.0',
      baseUrl: 'https://graph.facebook.com',
      mode: 'free',
    });
    expect(toConfig(fields, { ...values, smtpPassword: '' })).not.toHaveProperty('smtpPassword');
  });
});
