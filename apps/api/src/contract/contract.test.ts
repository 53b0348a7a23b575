import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from '../routers';
import { declaredSchemaOf } from './output';

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

  it('gives the message hot path full schemas, declared but not parsed per call', () => {
    for (const path of ['chats.send', 'widget.send']) {
      const output = procedures.find(([p]) => p === path)?.[1]._def.output as z.ZodType;
      // The declared schema describes a message; the one tRPC runs accepts anything.
      expect(declaredSchemaOf(output), path).not.toBe(output);
      expect(output.safeParse({ not: 'a message' }).success, path).toBe(true);
      expect(declaredSchemaOf(output).safeParse({ not: 'a message' }).success, path).toBe(false);
    }
  });
});
