import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';

/** The shape of a WebAuthn answer as @simplewebauthn/browser sends it; the domain checks its signature. */
function isCredential(value: unknown, fields: string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const response = v.response as Record<string, unknown> | null | undefined;
  const text = (s: unknown, max: number) => typeof s === 'string' && s.length > 0 && s.length <= max;
  return (
    text(v.id, 1500) &&
    text(v.rawId, 1500) &&
    v.type === 'public-key' &&
    typeof response === 'object' &&
    response !== null &&
    fields.every((f) => text(response[f], 20_000))
  );
}

export const ZRegistrationCredential = z.custom<RegistrationResponseJSON>(
  (v) => isCredential(v, ['clientDataJSON', 'attestationObject']),
  { message: 'validation.invalid' },
);
export const ZAuthenticationCredential = z.custom<AuthenticationResponseJSON>(
  (v) => isCredential(v, ['clientDataJSON', 'authenticatorData', 'signature']),
  { message: 'validation.invalid' },
);
export const ZChallengeId = z.string().min(10).max(100);
