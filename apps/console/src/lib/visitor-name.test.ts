import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import en from '../i18n/messages/en.json';
import tr from '../i18n/messages/tr.json';
import { formatVisitorName } from './visitor-name';

const intlEn = createIntl({ locale: 'en', messages: en });
const intlTr = createIntl({ locale: 'tr', messages: tr });

describe('formatVisitorName', () => {
  it('uses the name the visitor gave', () => {
    expect(formatVisitorName({ name: '  Ayşe  ', city: 'Istanbul', number: 40 }, intlEn)).toBe('Ayşe');
  });

  it('falls back to the city and the visitor number', () => {
    expect(formatVisitorName({ name: null, city: 'Istanbul', number: 40 }, intlEn)).toBe('Istanbul 40');
    expect(formatVisitorName({ name: '', city: 'Ankara', number: 12345 }, intlEn)).toBe('Ankara 12345');
  });

  it('says "Client N" without a city, localised', () => {
    expect(formatVisitorName({ name: null, city: null, number: 40 }, intlEn)).toBe('Client 40');
    expect(formatVisitorName({ name: null, city: ' ', number: 40 }, intlTr)).toBe('Müşteri 40');
    expect(formatVisitorName({ name: null, city: 'İzmir', number: 7 }, intlTr)).toBe('İzmir 7');
  });
});
