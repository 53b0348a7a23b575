/**
 * The WebSocket frames of live events, serialised once per event rather than once per subscriber.
 *
 * tRPC's WebSocket adapter turns every message it sends into a frame with `encoder.encode` (default:
 * `JSON.stringify` of the whole response). An event heard by many subscribers (an account's agents) is
 * the same payload object for all of them (the bus hands one object to every local handler), so its
 * JSON is kept beside the object and each subscriber's frame is that JSON with its own envelope around
 * it. Only payloads the bus marked as shared are cached; every other frame (query and mutation
 * results, an event for one subscriber, errors) is `JSON.stringify`'d as before, and each cached frame
 * is byte for byte what `JSON.stringify` gives (frames.test.ts). Payloads are not changed after they
 * are published (the widget's renaming of agents makes a copy), which is what makes the cache right.
 */

const shared = new WeakSet<object>();
/** Frames built around an already serialised payload, since start (tests check the path is taken). */
export const sharedFrames = { written: 0 };
const serialised = new WeakMap<object, string>();

/** The bus delivers `payload` to more than one subscriber: worth serialising once. */
export function markShared(payload: unknown): void {
  if (typeof payload === 'object' && payload !== null) shared.add(payload);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function payloadJson(payload: object): string {
  let json = serialised.get(payload);
  if (json === undefined) {
    json = JSON.stringify(payload);
    serialised.set(payload, json);
  }
  return json;
}

/** Whether `o` has no keys but `allowed` (the frames tRPC's `respond` builds). */
function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const k in o) if (!allowed.includes(k)) return false;
  return true;
}

const FRAME_KEYS = ['id', 'jsonrpc', 'result'] as const;
const RESULT_KEYS = ['type', 'id', 'data'] as const;
const TRACKED_KEYS = ['id', 'data'] as const;

/** A subscription's data frame whose event payload is shared: built around the payload's one JSON. */
function encodeShared(frame: unknown): string | null {
  if (!isObject(frame) || !onlyKeys(frame, FRAME_KEYS)) return null;
  const result = frame.result;
  if (!isObject(result) || result.type !== 'data' || !onlyKeys(result, RESULT_KEYS)) return null;
  const data = result.data;
  if (!isObject(data)) return null;
  // The envelope's own fields, in the order JSON.stringify writes them (undefined ones left out).
  const head = JSON.stringify({ id: frame.id, jsonrpc: frame.jsonrpc });
  if (head === '{}') return null;
  if (result.id === undefined) {
    if (!shared.has(data)) return null;
    sharedFrames.written++;
    return `${head.slice(0, -1)},"result":{"type":"data","data":${payloadJson(data)}}}`;
  }
  // tracked(): `{ type, id, data: { id, data: payload } }`.
  if (typeof result.id !== 'string' || data.id !== result.id || !onlyKeys(data, TRACKED_KEYS)) return null;
  const payload = data.data;
  if (!isObject(payload) || !shared.has(payload)) return null;
  const id = JSON.stringify(result.id);
  sharedFrames.written++;
  return `${head.slice(0, -1)},"result":{"type":"data","id":${id},"data":{"id":${id},"data":${payloadJson(payload)}}}}`;
}

/** `experimental_encoder` for tRPC's `applyWSSHandler`: the default JSON encoder plus the cache above. */
export const liveFrameEncoder = {
  encode(frame: unknown): string {
    return encodeShared(frame) ?? JSON.stringify(frame);
  },
  decode(data: string | ArrayBuffer | Uint8Array): unknown {
    // As tRPC's default: JSON uses text frames.
    if (typeof data !== 'string')
      throw new Error(
        'jsonEncoder received binary data. JSON uses text frames. Use a binary encoder for binary data.',
      );
    return JSON.parse(data);
  },
};
