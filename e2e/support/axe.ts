import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Frame, Page } from 'playwright-core';

/**
 * axe-core in the browser tests (docs/accessibility.md): the WCAG 2.0, 2.1 and 2.2 level A and AA rules,
 * run in every frame of a page (the widget's iframe is a document of its own; the loader's shadow root
 * is part of the host page's), with what failed spelt out node by node.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export type TAxeViolation = Pick<Result, 'id' | 'impact' | 'help' | 'helpUrl'> & {
  frame: string;
  nodes: { target: string; summary: string }[];
};

/** Waits until no CSS transition or animation runs in `frame` (an element fading in has a colour in between). */
async function settle(frame: Frame) {
  await frame
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, {
      timeout: 5_000,
    })
    .catch(() => {});
}

async function runIn(frame: Frame): Promise<TAxeViolation[]> {
  await settle(frame);
  // `evaluate` is not subject to the page's Content Security Policy, unlike an injected <script>.
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  const results = (await frame.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
        iframes: false,
      }),
    WCAG_TAGS,
  )) as AxeResults;
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    frame: frame.url(),
    nodes: v.nodes.map((n) => ({ target: n.target.join(' > '), summary: n.failureSummary ?? '' })),
  }));
}

/**
 * The WCAG A/AA violations axe finds on `page` and in each of its frames (frames that are not documents
 * of ours, `about:blank` and `srcdoc` copies of a shop, are skipped unless `frames` says otherwise).
 */
export async function axeViolations(
  page: Page,
  options: { frames?: (frame: Frame) => boolean } = {},
): Promise<TAxeViolation[]> {
  const wanted =
    options.frames ?? ((frame: Frame) => frame === page.mainFrame() || /^https?:/.test(frame.url()));
  const violations: TAxeViolation[] = [];
  for (const frame of page.frames()) {
    if (frame.isDetached() || !wanted(frame)) continue;
    violations.push(...(await runIn(frame)));
  }
  return violations;
}

/** One readable paragraph per violation: rule, impact, frame, and each failing node with why. */
export function formatViolations(screen: string, violations: TAxeViolation[]): string {
  const lines = [`${screen}: ${violations.length} axe violation(s)`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact}) ${v.help} [${v.frame}] ${v.helpUrl}`);
    for (const n of v.nodes) lines.push(`    ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`);
  }
  return lines.join('\n');
}

/** Fails with every violation listed unless axe finds none on `page` (named `screen` in the message). */
export async function expectNoAxeViolations(page: Page, screen: string) {
  const violations = await axeViolations(page);
  if (violations.length) throw new Error(formatViolations(screen, violations));
}
