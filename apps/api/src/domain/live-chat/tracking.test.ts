import { describe, expect, it } from 'vitest';
import { parseUserAgent, readDevice, readSource, sourceKind } from './tracking';

describe('readSource', () => {
  it('reads UTM parameters and names search engines', () => {
    const s = readSource(
      'https://shop.test/?utm_source=news&utm_campaign=spring',
      'https://www.google.com.tr/',
    );
    expect(s).toMatchObject({ searchEngine: 'Google', utmSource: 'news', utmCampaign: 'spring' });
    expect(sourceKind(s)).toBe('campaign');
    expect(sourceKind(readSource('https://shop.test/', 'https://duckduckgo.com/?q=x'))).toBe('search');
    expect(sourceKind(readSource('https://shop.test/', 'https://blog.example/post'))).toBe('referral');
  });
  it('treats the site itself and garbage as direct', () => {
    expect(sourceKind(readSource('https://shop.test/a', 'https://shop.test/b'))).toBe('direct');
    expect(sourceKind(readSource('not a url', 'also not'))).toBe('direct');
  });
});

describe('readDevice', () => {
  it('names browser, OS and device', () => {
    expect(
      readDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toMatchObject({ browser: 'Mobile Safari 17', os: 'iOS 17.0', device: 'mobile Apple iPhone' });
    expect(
      readDevice(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      ),
    ).toMatchObject({
      browser: 'Chrome 126',
      os: 'Linux',
      device: 'desktop',
    });
  });
});

describe('parseUserAgent', () => {
  it('types phones and tablets as the parser does, and untyped devices as desktops', () => {
    const types = [
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
      'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
    ].map((ua) => parseUserAgent(ua)?.deviceType);
    expect(types).toEqual(['mobile', 'tablet', 'tablet', 'desktop']);
    expect(
      parseUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({
      browser: 'Mobile Safari 17',
      os: 'iOS 17.0',
      deviceType: 'mobile',
      deviceModel: 'Apple iPhone',
    });
    expect(parseUserAgent(null)).toBeNull();
  });
});
