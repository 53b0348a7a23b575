// Runs Prisma's schema engine (the wasm build) in-process through driver adapters, so migrations work
// without the native `schema-engine` binary, which Prisma downloads from a host we cannot reach.
import { readFile } from 'node:fs/promises';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { schemaEngineWasmFiles } from '../schema/paths';

type EngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

let engineModule: Promise<EngineModule> | undefined;

/** Node has the WebAssembly global, but TypeScript declares its API only in the DOM lib, which we omit. */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
}
const { WebAssembly: webAssembly } = globalThis as typeof globalThis & { WebAssembly: WebAssemblyApi };

/**
 * The package's own entry point imports the .wasm as an ES module, which Node 20 cannot do; load the
 * wasm-bindgen glue and instantiate the module by hand. Compiling 5 MB of wasm takes ~0.2 s, so it is
 * done once per process (the glue keeps the instance in module state anyway).
 */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const files = schemaEngineWasmFiles();
    const glue: EngineModule = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const module = await webAssembly.compile(await readFile(files.wasm));
    const instance = await webAssembly.instantiate(module, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === 'function') start();
    return glue;
  })();
  engineModule.catch(() => {
    engineModule = undefined;
  });
  return engineModule;
}

/** Starts compiling the engine early (e.g. while other start-up work runs). */
export function preloadSchemaEngine(): void {
  loadEngineModule().catch(() => {});
}

/**
 * Remembers every connection the engine opens: it does not close them itself, and an open SQLite
 * connection keeps the EXCLUSIVE lock taken while migrating.
 */
class TrackingFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider: SqlMigrationAwareDriverAdapterFactory['provider'];
  readonly adapterName: string;
  readonly #opened: SqlDriverAdapter[] = [];

  constructor(private readonly inner: SqlMigrationAwareDriverAdapterFactory) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.#track(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#track(await this.inner.connectToShadowDb());
  }

  /** The last error a connection threw: the engine reports it only as "External error id#N". */
  lastError: unknown;

  #track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.#opened.push(adapter);
    const remember = <T>(result: Promise<T>): Promise<T> =>
      result.catch((error: unknown) => {
        this.lastError = error;
        throw error;
      });
    const { queryRaw, executeRaw, executeScript } = adapter;
    adapter.queryRaw = (query) => remember(queryRaw.call(adapter, query));
    adapter.executeRaw = (query) => remember(executeRaw.call(adapter, query));
    adapter.executeScript = (script) => remember(executeScript.call(adapter, script));
    return adapter;
  }

  async disposeAll(): Promise<void> {
    const opened = this.#opened.splice(0);
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}

/** A failure reported by the schema engine, with its Prisma error code when it has one (e.g. P3018). */
export class SchemaEngineError extends Error {
  override readonly name = 'SchemaEngineError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function toEngineError(error: unknown, adapterError: unknown): SchemaEngineError {
  if (error instanceof SchemaEngineError) return error;
  const { message = String(error), code } =
    typeof error === 'object' && error !== null ? (error as { message?: string; code?: unknown }) : {};
  const details =
    adapterError instanceof Error && /External error/.test(message)
      ? `\nDatabase error: ${adapterError.message}`
      : '';
  return new SchemaEngineError(message + details, typeof code === 'string' ? code : undefined, {
    cause: error,
  });
}

function log(line: string): void {
  if (process.env.PARLEY_DB_DEBUG) console.error(`[schema-engine] ${line}`);
}

/** Runs `fn` with a fresh engine on `factory`, then frees the engine and closes every connection it made. */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const tracking = new TrackingFactory(factory);
  try {
    const engine = await SchemaEngine.new(
      { datamodels: undefined },
      log,
      bindMigrationAwareSqlAdapterFactory(tracking),
    );
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    throw toEngineError(error, tracking.lastError);
  } finally {
    await tracking.disposeAll();
  }
}
