import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Chromium they are skipped locally (with the reason printed)
 * but fail in CI, where a silently skipped suite would look green.
 */
export function chromiumAvailability(): { available: boolean; reason?: string } {
  if (existsSync(CHROMIUM_PATH)) return { available: true };
  const reason = `${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`e2e: ${reason}`);
  console.warn(`e2e: skipping browser tests: ${reason}`);
  return { available: false, reason };
}

export type TBrowser = { context: BrowserContext; close: () => Promise<void> };

/** A fresh Chromium profile (its own cookies and storage), so two of them are two independent users. */
export async function launchBrowser(
  options: {
    locale?: string;
    /** `false`: no fake permission prompt, so a denied microphone stays denied (H3's denied case). */
    fakeMediaUi?: boolean;
  } = {},
): Promise<TBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'parley-e2e-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      locale: options.locale ?? 'en-US',
      viewport: { width: 1280, height: 800 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // H1 calls (tests/calls.test.ts): a fake microphone, and its permission granted without a prompt.
        '--use-fake-device-for-media-stream',
        ...(options.fakeMediaUi === false ? [] : ['--use-fake-ui-for-media-stream']),
      ],
    });
    return {
      context,
      close: async () => {
        try {
          await context.close();
        } finally {
          rmSync(profileDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
}
