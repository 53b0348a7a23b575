import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions, findTestOnlyCode } from '../scripts/bundle';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The production bundle's options, in memory, for `src/main.ts` or a small program of our own. */
async function problemsOf(entry: { file: string } | { code: string }): Promise<string[]> {
  const options = bundleOptions('src/main.ts', 'dist/main.js');
  const { metafile } = await build({
    ...options,
    absWorkingDir: apiDir,
    write: false,
    logLevel: 'silent',
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : {
          entryPoints: undefined,
          stdin: {
            contents: entry.code,
            resolveDir: path.join(apiDir, 'src'),
            sourcefile: 'entry.ts',
            loader: 'ts',
          },
        }),
  });
  if (!metafile) throw new Error('no metafile');
  return findTestOnlyCode(metafile, apiDir);
}

describe('the production bundle', () => {
  it('holds no test helpers and imports only runtime dependencies', async () => {
    expect(await problemsOf({ file: 'src/main.ts' })).toEqual([]);
  });

  it('is refused when it reaches the fake provider servers (and smtp-server through them)', async () => {
    const problems = await problemsOf({
      code: "import { startFakeSmtp } from '@parley/integrations/testing/providers';\nconsole.log(startFakeSmtp);",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/packages\/integrations\/src\/testing\/providers\/mail\.ts is test code/),
        expect.stringMatching(/^smtp-server is imported at run time but is not in the dependencies of/),
      ]),
    );
  });

  it('is refused when it imports a dev dependency', async () => {
    const problems = await problemsOf({
      code: "import { tsImport } from 'tsx/esm/api';\nconsole.log(tsImport);",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^tsx is imported at run time but is not in the dependencies of @parley\/api/),
    ]);
  });
});
