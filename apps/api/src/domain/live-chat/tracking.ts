import { joinWords, parseUserAgent } from '../../lib/user-agent';

export { parseUserAgent, type TDeviceType, type UserAgentInfo } from '../../lib/user-agent';

/** What a page view tells about where a visitor comes from and what they use (G4, B7). */
export interface VisitSource {
  referrer: string | null;
  searchEngine: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
}

export type SourceKind = 'search' | 'referral' | 'direct' | 'campaign';

const SEARCH_ENGINES: [RegExp, string][] = [
  [/(^|\.)google\./, 'Google'],
  [/(^|\.)bing\.com$/, 'Bing'],
  [/(^|\.)yandex\./, 'Yandex'],
  [/(^|\.)duckduckgo\.com$/, 'DuckDuckGo'],
  [/(^|\.)search\.yahoo\.com$/, 'Yahoo'],
  [/(^|\.)baidu\.com$/, 'Baidu'],
  [/(^|\.)ecosia\.org$/, 'Ecosia'],
  [/(^|\.)search\.brave\.com$/, 'Brave'],
];

const clip = (s: string | null | undefined, max = 500) => (s ? s.slice(0, max) : null);

function parseUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** Reads referrer and UTM parameters; a referrer from the site itself is no referrer. */
export function readSource(pageUrl: string, referrer: string | null | undefined): VisitSource {
  const page = parseUrl(pageUrl);
  const ref = parseUrl(referrer);
  const external = ref && (!page || ref.host !== page.host) ? ref : null;
  const utm = (name: string) => clip(page?.searchParams.get(`utm_${name}`), 200);
  return {
    referrer: clip(external?.toString() ?? null, 1000),
    searchEngine: external ? (SEARCH_ENGINES.find(([re]) => re.test(external.hostname))?.[1] ?? null) : null,
    utmSource: utm('source'),
    utmMedium: utm('medium'),
    utmCampaign: utm('campaign'),
    utmTerm: utm('term'),
    utmContent: utm('content'),
  };
}

export function sourceKind(
  s: Pick<VisitSource, 'utmCampaign' | 'utmSource' | 'searchEngine' | 'referrer'>,
): SourceKind {
  if (s.utmCampaign || s.utmSource) return 'campaign';
  if (s.searchEngine) return 'search';
  if (s.referrer) return 'referral';
  return 'direct';
}

/** What a visit row stores about the visitor's browser (`device`: type, vendor and model in one text). */
export interface Device {
  browser: string | null;
  os: string | null;
  device: string | null;
}

export function readDevice(userAgent: string | undefined): Device {
  const info = parseUserAgent(userAgent);
  if (!info) return { browser: null, os: null, device: null };
  return {
    browser: info.browser,
    os: info.os,
    device: joinWords(info.deviceType, info.deviceModel ?? undefined),
  };
}
