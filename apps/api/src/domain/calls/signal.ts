import { z } from 'zod';

/** The largest session description one side may send (a browser's audio offer is 2–6 KB). */
export const SDP_MAX = 20_000;
export const CANDIDATE_MAX = 1_000;

/**
 * What the two parties of a call pass each other through the server: the offer and answer (also on
 * an ICE restart) and trickled ICE candidates (`null`: the end of candidates). Size-limited, relayed
 * only between the call's visitor and the agent who took it.
 */
export const ZCallSignal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offer'), sdp: z.string().min(1).max(SDP_MAX) }),
  z.object({ kind: z.literal('answer'), sdp: z.string().min(1).max(SDP_MAX) }),
  z.object({
    kind: z.literal('candidate'),
    candidate: z
      .object({
        candidate: z.string().max(CANDIDATE_MAX),
        sdpMid: z.string().max(64).nullable(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
      })
      .nullable(),
  }),
]);
export type CallSignal = z.infer<typeof ZCallSignal>;
