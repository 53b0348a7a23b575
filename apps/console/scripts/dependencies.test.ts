import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findDependencyProblems, readImportEdges } from './dependencies';

const folders: string[] = [];

/** A throw-away `src` folder holding the given files. */
function sourceTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-deps-'));
  folders.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const problemsOf = (files: Record<string, string>) =>
  findDependencyProblems(readImportEdges(sourceTree(files)));

describe('console dependency rules', () => {
  it('accepts features layered one way, entered through their index, over shared code', () => {
    expect(
      problemsOf({
        'app.tsx': "import { ChatPage } from './features/chats';\nexport const app = ChatPage;",
        'lib/use-me.ts': "import { trpc } from './trpc';\nexport const useMe = () => trpc;",
        'lib/trpc.ts': 'export const trpc = 1;',
        'components/page.tsx': "import { useMe } from '../lib/use-me';\nexport const Page = useMe;",
        'features/chats/index.ts': "export { ChatPage } from './components/chat-page';",
        'features/chats/components/chat-page.tsx':
          "import { useMe } from '../../../lib/use-me';\nimport { Tools } from '../../chat-tools';\nexport const ChatPage = [useMe, Tools];",
        'features/chat-tools/index.ts': "export { Tools } from './tools';",
        'features/chat-tools/tools.ts':
          "export const Tools = () => import('../../lib/trpc');\nimport './local';",
        'features/chat-tools/local.ts': 'export {};',
      }),
    ).toEqual([]);
  });

  it('fails on two features that import each other, even through their index files', () => {
    const problems = problemsOf({
      'features/chats/index.ts': "export { ChatView } from './chat-view';",
      'features/chats/chat-view.tsx':
        "import { Tools } from '../chat-tools';\nexport const ChatView = Tools;",
      'features/chat-tools/index.ts': "export { Tools } from './tools';",
      'features/chat-tools/tools.ts': "import type { ChatView } from '../chats';\nexport const Tools = 1;",
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('cycle');
    expect(problems[0]).toContain('chats → chat-tools (features/chats/chat-view.tsx)');
    expect(problems[0]).toContain('chat-tools → chats (features/chat-tools/tools.ts)');
  });

  it('fails on a longer cycle through three features', () => {
    const problems = problemsOf({
      'features/a/index.ts': "export * from '../b';",
      'features/b/index.ts': "export * from '../c';",
      'features/c/index.ts': "export * from '../a';",
    });
    expect(problems).toEqual([expect.stringMatching(/cycle: a → b .*b → c .*c → a/)]);
  });

  it('fails on an import that reaches past a feature index, from a feature or from the app', () => {
    const problems = problemsOf({
      'app.tsx': "import { Panel } from './features/visitors/components/panel';",
      'features/visitors/index.ts': "export { Panel } from './components/panel';",
      'features/visitors/components/panel.tsx': 'export const Panel = 1;',
      'features/crm/record.tsx': "import { Panel } from '../visitors/components/panel';",
    });
    expect(problems).toEqual([
      'app.tsx imports features/visitors/components/panel.tsx: import the visitors feature through features/visitors/index.ts',
      'features/crm/record.tsx imports features/visitors/components/panel.tsx: import the visitors feature through features/visitors/index.ts',
    ]);
  });

  it("accepts the app's lazy routes loading a page module directly (a chunk per page)", () => {
    const problems = problemsOf({
      'app.tsx': "const Panel = lazyPage(() => import('./features/visitors/components/panel'), 'Panel');",
      'features/visitors/index.ts': "export { Panel } from './components/panel';",
      'features/visitors/components/panel.tsx': 'export const Panel = 1;',
    });
    expect(problems).toEqual([]);
  });

  it('fails on shared code that depends on a feature (a back-edge)', () => {
    expect(
      problemsOf({
        'lib/chat-messages.ts': "import type { TChat } from '../features/chats';",
        'features/chats/index.ts': 'export type TChat = string;',
      }),
    ).toEqual([
      'lib/chat-messages.ts imports features/chats/index.ts: shared code must not depend on a feature',
    ]);
  });

  it('fails on shared code that only one feature uses, and accepts what tests or a second user import', () => {
    expect(
      problemsOf({
        'lib/archive-filters.ts': 'export const filters = 1;',
        'lib/archive-filters.test.ts': "import { filters } from './archive-filters';",
        'lib/time.ts': 'export const day = 1;',
        'lib/visitor-name.ts': 'export const name = 1;',
        'lib/use-visitor-name.ts': "export { name } from './visitor-name';",
        'features/archive/index.ts': "export { filters } from '../../lib/archive-filters';",
        'features/archive/page.tsx':
          "import { day } from '../../lib/time';\nimport '../../lib/use-visitor-name';",
        'features/crm/page.tsx': "import { day } from '../../lib/time';",
      }),
    ).toEqual([
      'lib/archive-filters.ts is used by the archive feature only: move it into features/archive/',
      'lib/use-visitor-name.ts is used by the archive feature only: move it into features/archive/',
    ]);
  });
});
