import { describe, expect, it } from 'vitest';
import { channelToDraft, draftToUpdate, type TChannel, validateChannelDraft } from './channel-form';

const channel = {
  id: 'ch1',
  kind: 'website',
  name: 'Shop',
  publicKey: 'pk_x',
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  secret: 's',
  snippet: '<script></script>',
  config: {
    color: '#2563eb',
    position: 'right',
    title: '',
    greeting: '',
    preChatForm: { enabled: false, requireName: true, requireEmail: true, requirePhone: false },
    offlineForm: { enabled: true },
    invitations: [{ id: 'r1', text: 'Hi!', secondsOnPage: 10, source: 'any' }],
  },
} as TChannel;

describe('channel settings form', () => {
  it('round-trips the invitation rules, numbers as text while editing', () => {
    const draft = channelToDraft(channel);
    expect(draft.rules[0]).toEqual({
      id: 'r1',
      text: 'Hi!',
      secondsOnPage: '10',
      urlPattern: '',
      minVisits: '',
      source: 'any',
    });
    const update = draftToUpdate('ch1', draft);
    expect(update.config?.invitations).toEqual([{ id: 'r1', text: 'Hi!', secondsOnPage: 10, source: 'any' }]);
  });

  it('sends optional rule fields only when filled', () => {
    const draft = channelToDraft(channel);
    draft.rules[0] = { ...draft.rules[0]!, secondsOnPage: ' 1 ', urlPattern: ' /pricing ', minVisits: '2' };
    expect(draftToUpdate('ch1', draft).config?.invitations?.[0]).toEqual({
      id: 'r1',
      text: 'Hi!',
      secondsOnPage: 1,
      source: 'any',
      urlPattern: '/pricing',
      minVisits: 2,
    });
  });

  it('flags empty texts and bad numbers with the server’s field paths', () => {
    const draft = channelToDraft(channel);
    draft.name = ' ';
    draft.rules[0] = { ...draft.rules[0]!, text: '', secondsOnPage: '-1', minVisits: '0' };
    expect(validateChannelDraft(draft)).toEqual({
      name: 'validation.required',
      'config.invitations.0.text': 'validation.required',
      'config.invitations.0.secondsOnPage': 'validation.invalid',
      'config.invitations.0.minVisits': 'validation.invalid',
    });
  });
});

describe('the widget language (G5)', () => {
  it('goes from the channel through the draft to the update', () => {
    const draft = channelToDraft({ ...channel, config: { ...channel.config, language: 'ar' } } as TChannel);
    expect(draft.config.language).toBe('ar');
    expect(
      draftToUpdate('ch1', { ...draft, config: { ...draft.config, language: 'pt-BR' } }).config?.language,
    ).toBe('pt-BR');
  });
});
