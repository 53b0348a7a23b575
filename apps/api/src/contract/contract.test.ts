import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from '../routers';

type AnyProcedure = { _def: { type: string; output?: z.ZodType; inputs: unknown[] } };
const procedures = Object.entries(
  (appRouter._def as unknown as { procedures: Record<string, AnyProcedure> }).procedures,
);

describe('the wire contract', () => {
  it('every procedure declares its output', () => {
    expect(procedures.length).toBeGreaterThan(100);
    const missing = procedures.filter(([, p]) => !p._def.output).map(([path]) => path);
    expect(missing).toEqual([]);
  });

  it('parses the send procedures’ outputs with the full message schemas', () => {
    for (const path of ['chats.send', 'widget.send']) {
      const output = procedures.find(([p]) => p === path)?.[1]._def.output as z.ZodType;
      expect(output.safeParse({ not: 'a message' }).success, path).toBe(false);
    }
  });
});
