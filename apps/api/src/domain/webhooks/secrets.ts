import { randomBytes } from 'node:crypto';
import { createSecretBox, type SecretBox } from '@parley/plugin-sdk/host';

/**
 * Endpoint signing secrets: Standard Webhooks' `whsec_<base64 of 24 random bytes>`, sealed at rest
 * with the server's key (PARLEY_SECRET_KEY or DATA_DIR/secret.key), bound to their endpoint's id.
 */
let box: SecretBox | undefined;

export function configureWebhookSecrets(secretKey: string): void {
  box = createSecretBox(secretKey);
}

function theBox(): SecretBox {
  if (!box) throw new Error('configureWebhookSecrets was not called');
  return box;
}

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export const sealWebhookSecret = (endpointId: string, secret: string) =>
  theBox().encrypt(secret, `webhook:${endpointId}`);

export const openWebhookSecret = (endpointId: string, sealed: string) =>
  theBox().decrypt(sealed, `webhook:${endpointId}`);
