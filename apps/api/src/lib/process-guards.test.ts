import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

/** Runs a small program that installs the guards with the real logger, in a process of its own. */
function run(body: string) {
  const guards = path.join(import.meta.dirname, 'process-guards.ts');
  const logger = path.join(import.meta.dirname, '..', 'logger.ts');
  const program = `
    const { installProcessGuards } = await import(${JSON.stringify(guards)});
    const { createLogger } = await import(${JSON.stringify(logger)});
    installProcessGuards(createLogger('info'));
    ${body}
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], {
    encoding: 'utf8',
    timeout: 30_000,
  });
}

it('logs an unhandled rejection with its error and keeps the process running', () => {
  const result = run(`
    Promise.reject(new Error('the row is gone'));
    setTimeout(() => { console.log('still serving'); process.exit(0); }, 200);
  `);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('still serving');
  const line = JSON.parse(result.stdout.split('\n').find((l) => l.includes('unhandled promise')) ?? '{}');
  expect(line).toMatchObject({ level: 50, err: { message: 'the row is gone' } });
});

it('logs an uncaught exception as fatal and exits with 1 so that a supervisor restarts it', () => {
  const result = run(`
    setTimeout(() => { throw new Error('state is broken'); }, 10);
    setTimeout(() => { console.log('should not run'); }, 500);
  `);
  expect(result.status).toBe(1);
  expect(result.stdout).not.toContain('should not run');
  const line = JSON.parse(result.stdout.split('\n').find((l) => l.includes('uncaught exception')) ?? '{}');
  expect(line).toMatchObject({ level: 60, err: { message: 'state is broken' } });
});
