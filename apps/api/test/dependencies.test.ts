// The API's layering rules (scripts/dependencies.ts): the real source tree passes, and each rule
// catches what it is meant to.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkApiDependencies, domainAreaOf, findDependencyProblems } from '../scripts/dependencies';

const edge = (from: string, to: string) => ({ from, to });
const source = (path: string, text: string) => ({ path, text });

describe('API dependency check', () => {
  it('passes on the sources', () => {
    const { edges, problems } = checkApiDependencies(fileURLToPath(new URL('../src', import.meta.url)));
    expect(problems).toEqual([]);
    expect(edges).toBeGreaterThan(100);
  });

  it('names domain areas by folder, or by file at the top of the domain', () => {
    expect(domainAreaOf('domain/live-chat/chats.ts')).toBe('live-chat');
    expect(domainAreaOf('domain/audit.ts')).toBe('audit');
    expect(domainAreaOf('routers/chats.ts')).toBeNull();
  });

  it('refuses two domain areas importing each other, naming the imports', () => {
    const problems = findDependencyProblems(
      [
        edge('domain/integrations/inbound.ts', 'domain/live-chat/messages.ts'),
        edge('domain/live-chat/chats.ts', 'domain/integrations/outbound.ts'),
        edge('domain/live-chat/chats.ts', 'domain/live-chat/views.ts'),
      ],
      [],
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('integrations, live-chat');
    expect(problems[0]).toContain('domain/live-chat/chats.ts → domain/integrations/outbound.ts');
  });

  it('accepts one-way imports and ignores tests', () => {
    const problems = findDependencyProblems(
      [
        edge('domain/chat-tools/tags.ts', 'domain/live-chat/messages.ts'),
        edge('domain/live-chat/chats.test.ts', 'domain/chat-tools/tags.ts'),
      ],
      [],
    );
    expect(problems).toEqual([]);
  });

  it('keeps the transport out of the domain and routers out of the HTTP routes', () => {
    const problems = findDependencyProblems(
      [
        edge('domain/crm/visitors.ts', 'routers/crm.ts'),
        edge('domain/team.ts', 'trpc.ts'),
        edge('http/avatar-upload.ts', 'routers/account.ts'),
      ],
      [],
    );
    expect(problems).toHaveLength(3);
  });

  it('allows the unscoped database only in the listed system modules, and not in comments', () => {
    const problems = findDependencyProblems(
      [],
      [
        source('domain/account.ts', 'export const f = (deps) => deps.systemDb.user.findMany();'),
        source('domain/crm/processes.ts', 'const { systemDb } = deps;'),
        source('domain/live-chat/views.ts', 'await db.$queryRawUnsafe("SELECT 1");'),
        source('domain/audit.ts', '// never use deps.systemDb here\ninterface A { systemDb: Db }'),
        source('domain/live-chat/visit-pings.ts', 'buffer(deps.systemDb)'),
        source('routers/setup.ts', 'deps.systemDb'),
      ],
    );
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'domain/account.ts',
      'domain/crm/processes.ts',
      'domain/live-chat/views.ts',
    ]);
  });
});
