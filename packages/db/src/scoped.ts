// The account-scoped client: a Prisma client that can only see and change one account's rows. Code
// that serves a caller gets this client instead of the raw one, so a forgotten `accountId` filter
// returns nothing instead of another customer's data.
import type { Db } from './client';

/** Thrown for an operation the scoped client cannot confine to its account. */
export class AccountScopeError extends Error {
  override name = 'AccountScopeError';
}

interface RuntimeField {
  name: string;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
}
interface RuntimeDataModel {
  models: Record<string, { fields: RuntimeField[] }>;
}

/** Per model: whether it has `accountId`, and its relation fields with their target model. */
interface ModelShape {
  scoped: boolean;
  relations: Map<string, string>;
}

const shapesByClient = new WeakMap<object, Map<string, ModelShape>>();

/**
 * Reads which models carry `accountId` and where each relation points from the client's data model.
 * Prisma exposes it only as `_runtimeDataModel` (the generated schema, also what the engine uses);
 * the scoped tests fail if a Prisma upgrade renames it.
 */
function modelShapes(db: Db): Map<string, ModelShape> {
  const cached = shapesByClient.get(db);
  if (cached) return cached;
  const dataModel = (db as unknown as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel;
  if (!dataModel) throw new Error('The Prisma client exposes no data model; cannot build a scoped client');
  const shapes = new Map<string, ModelShape>();
  for (const [name, { fields }] of Object.entries(dataModel.models)) {
    shapes.set(name, {
      scoped: fields.some((field) => field.name === 'accountId' && field.kind === 'scalar'),
      relations: new Map(fields.filter((f) => f.kind === 'object').map((f) => [f.name, f.type])),
    });
  }
  shapesByClient.set(db, shapes);
  return shapes;
}

type Args = Record<string, unknown>;

function isObject(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function each(value: unknown, fn: (item: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(fn) : fn(value);
}

/** What the Prisma operations below do with their arguments. */
const WHERE_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);
const CREATE_OPERATIONS = new Set(['create', 'createMany', 'createManyAndReturn']);
const RAW_METHODS = new Set([
  '$queryRaw',
  '$queryRawUnsafe',
  '$executeRaw',
  '$executeRawUnsafe',
  '$runCommandRaw',
]);

/** The scoping rules of one account; pure functions of the arguments Prisma passes. */
class Scope {
  constructor(
    readonly accountId: string,
    private readonly shapes: Map<string, ModelShape>,
  ) {}

  /**
   * Adds the account to a filter. Unique filters accept it too (Prisma 5+: `{ id, accountId }` is a
   * valid `findUnique`/`update`/`delete` where), so a bare id of another account matches nothing.
   */
  where(where: unknown): Args {
    const base = isObject(where) ? where : {};
    if (base.accountId === undefined || base.accountId === this.accountId) {
      return { ...base, accountId: this.accountId };
    }
    // The caller filters on some other account (a literal or a filter object): keep that filter and
    // require ours as well, which matches nothing or only our rows.
    const and = base.AND === undefined ? [] : Array.isArray(base.AND) ? base.AND : [base.AND];
    return { ...base, AND: [...and, { accountId: this.accountId }] };
  }

  /** Create data: gets the account, or is refused when it names another. */
  createData(model: string, data: unknown): Args {
    if (!isObject(data)) throw new AccountScopeError(`${model}: create data must be an object`);
    const shape = this.shape(model);
    const nested = this.nestedWrites(model, data);
    if (!shape.scoped) return nested;
    if ('account' in data) {
      this.checkAccountRelation(model, data.account);
      return nested;
    }
    if (data.accountId !== undefined && data.accountId !== this.accountId) {
      throw new AccountScopeError(`${model}: cannot create a row of another account`);
    }
    return { ...nested, accountId: this.accountId };
  }

  /** Update data: may not move the row to another account. */
  updateData(model: string, data: unknown): unknown {
    if (!isObject(data)) return data;
    if (this.shape(model).scoped) {
      if ('account' in data) this.checkAccountRelation(model, data.account);
      const accountId = data.accountId;
      if (accountId !== undefined && accountId !== this.accountId) {
        throw new AccountScopeError(`${model}: cannot move a row to another account`);
      }
    }
    return this.nestedWrites(model, data);
  }

  private shape(model: string): ModelShape {
    const shape = this.shapes.get(model);
    if (!shape) throw new AccountScopeError(`Unknown model ${model}`);
    return shape;
  }

  /** `account: { connect: { id } }` is accepted for our own account only. */
  private checkAccountRelation(model: string, relation: unknown): void {
    const connect = isObject(relation) ? relation.connect : undefined;
    const onlyConnect = isObject(relation) && Object.keys(relation).length === 1;
    if (
      !onlyConnect ||
      !isObject(connect) ||
      connect.id !== this.accountId ||
      Object.keys(connect).length !== 1
    ) {
      throw new AccountScopeError(`${model}: the account relation may only connect the scoped account`);
    }
  }

  /** Scopes the nested writes (`relation: { create, connect, update, … }`) inside create/update data. */
  private nestedWrites(model: string, data: Args): Args {
    const { relations } = this.shape(model);
    let result: Args | undefined;
    for (const [field, value] of Object.entries(data)) {
      const target = relations.get(field);
      if (target === undefined || target === 'Account' || !isObject(value)) continue;
      result ??= { ...data };
      result[field] = this.relationWrite(target, value);
    }
    return result ?? data;
  }

  private relationWrite(target: string, ops: Args): Args {
    const scoped = this.shape(target).scoped;
    const where = (w: unknown) => (scoped && isObject(w) ? this.where(w) : w);
    const out: Args = {};
    for (const [op, value] of Object.entries(ops)) {
      switch (op) {
        case 'create':
          out[op] = each(value, (d) => this.createData(target, d));
          break;
        case 'createMany':
          out[op] = isObject(value)
            ? { ...value, data: each(value.data, (d) => this.createData(target, d)) }
            : value;
          break;
        case 'connectOrCreate':
          out[op] = each(value, (item) =>
            isObject(item)
              ? { where: where(item.where), create: this.createData(target, item.create) }
              : item,
          );
          break;
        case 'connect':
        case 'set':
        case 'disconnect':
        case 'delete':
          // `true` (to-one) acts on the row already linked to ours, which belongs to our account.
          out[op] = each(value, (item) => (typeof item === 'boolean' ? item : where(item)));
          break;
        case 'deleteMany':
          out[op] = each(value, (item) => (scoped ? this.where(item) : item));
          break;
        case 'update':
        case 'updateMany':
          out[op] = each(value, (item) => {
            if (!isObject(item)) return item;
            // To-many: `{ where, data }`; to-one: the data itself or `{ where?, data }`.
            if ('data' in item && isObject(item.data)) {
              return {
                ...item,
                ...('where' in item || op === 'updateMany' ? { where: where(item.where ?? {}) } : {}),
                data: this.updateData(target, item.data),
              };
            }
            return this.updateData(target, item);
          });
          break;
        case 'upsert':
          out[op] = each(value, (item) =>
            isObject(item)
              ? {
                  ...item,
                  ...('where' in item ? { where: where(item.where) } : {}),
                  create: this.createData(target, item.create),
                  update: this.updateData(target, item.update),
                }
              : item,
          );
          break;
        default:
          throw new AccountScopeError(`${target}: cannot scope the nested write "${op}"`);
      }
    }
    return out;
  }

  /** The arguments of one model operation, confined to the account. */
  args(model: string, operation: string, args: Args | undefined): Args | undefined {
    const shape = this.shape(model);
    if (!shape.scoped) {
      // Rows without an account (Account itself, rate-limit buckets, leases) pass through, but writes
      // through them into account rows are still confined.
      if (!args || !isObject(args.data)) return args;
      return { ...args, data: this.nestedWrites(model, args.data) };
    }
    if (CREATE_OPERATIONS.has(operation)) {
      const data = args?.data;
      return { ...args, data: each(data, (d) => this.createData(model, d)) };
    }
    if (WHERE_OPERATIONS.has(operation)) {
      const scopedArgs: Args = { ...args, where: this.where(args?.where) };
      if (args && 'data' in args) scopedArgs.data = this.updateData(model, args.data);
      if (operation === 'upsert' && args) {
        scopedArgs.create = this.createData(model, args.create);
        scopedArgs.update = this.updateData(model, args.update);
      }
      return scopedArgs;
    }
    throw new AccountScopeError(`${model}.${operation} cannot be scoped to an account`);
  }
}

const scopedAccounts = new WeakMap<object, string>();
/** Scoped client (or transaction client) → the same client with raw SQL allowed. */
const rawSqlClients = new WeakMap<object, object>();

/**
 * Wraps the extended client so raw SQL (which the extension cannot see into) is refused, also inside
 * interactive transactions, whose client is the same extended client bound to one connection.
 */
function refuseRaw<T extends object>(client: T, accountId: string): T {
  const proxy = new Proxy(client, {
    get(target, property, receiver) {
      if (typeof property === 'string' && RAW_METHODS.has(property)) {
        return () => {
          throw new AccountScopeError(
            `${property} is not scoped to an account; use the system client and filter by accountId in the SQL`,
          );
        };
      }
      if (property === '$transaction') {
        const transaction = Reflect.get(target, property, target) as (...args: unknown[]) => unknown;
        return (first: unknown, ...rest: unknown[]) =>
          typeof first === 'function'
            ? transaction.call(target, (tx: object) => first(refuseRaw(tx, accountId)), ...rest)
            : transaction.call(target, first, ...rest);
      }
      const value = Reflect.get(target, property, receiver === proxy ? target : receiver);
      return value;
    },
  });
  scopedAccounts.set(proxy, accountId);
  rawSqlClients.set(proxy, client);
  return proxy;
}

/** Scoped client → the raw client it was made from (the hand-written SQL registered for it). Not exported from the package. */
const unscopedClients = new WeakMap<object, object>();

/** The raw client a scoped client was made from (the client itself when it is not scoped). */
export function unscopedClientOf(db: object): object {
  return unscopedClients.get(db) ?? db;
}

/** How many accounts' clients stay cached per raw client; the least recently used is dropped first. */
export const SCOPED_CLIENT_CACHE_SIZE = 1_000;
const cacheByClient = new WeakMap<object, Map<string, Db>>();

/**
 * The client of one account: `accountId` is added to every filter (reads, counts, aggregates,
 * updates, upserts, deletes, also by bare id) and to every create; a create or update naming another
 * account, and raw SQL, throw `AccountScopeError`. Nested writes are scoped the same way. Models
 * without `accountId` (Account, RateLimitBucket, Lease) pass through.
 *
 * Clients are cached per account (LRU, `SCOPED_CLIENT_CACHE_SIZE`), so calling this per request is a
 * map lookup. The scoped client shares the raw client's connection pool; never `$disconnect` it.
 *
 * Typed as `Db`: Prisma's extension types (`DynamicClientExtensionThis<…>`) are not assignable to
 * `PrismaClient`, yet the scoped client has the same delegates and methods, so domain functions keep
 * their `db: Db` parameter and accept either client.
 */
export function scopeToAccount(db: Db, accountId: string): Db {
  if (!accountId) throw new AccountScopeError('A scoped client needs an account id');
  if (scopedAccounts.has(db)) {
    if (scopedAccounts.get(db) === accountId) return db;
    throw new AccountScopeError('Cannot re-scope a client scoped to another account');
  }
  let cache = cacheByClient.get(db);
  if (!cache) {
    cache = new Map();
    cacheByClient.set(db, cache);
  }
  const hit = cache.get(accountId);
  if (hit) {
    // Map keeps insertion order: re-inserting marks it most recently used.
    cache.delete(accountId);
    cache.set(accountId, hit);
    return hit;
  }
  const scope = new Scope(accountId, modelShapes(db));
  const extended = db.$extends({
    name: 'account-scope',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          return query(scope.args(model, operation, args as Args | undefined) as typeof args);
        },
      },
    },
  });
  const scoped = refuseRaw(extended, accountId) as unknown as Db;
  unscopedClients.set(scoped, db);
  cache.set(accountId, scoped);
  if (cache.size > SCOPED_CLIENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return scoped;
}

/** The account a client is scoped to, or null for the raw client. */
export function scopedAccountOf(db: Db | object): string | null {
  return scopedAccounts.get(db) ?? null;
}

/**
 * The same client with raw SQL allowed: its model operations stay scoped, but `$queryRaw` and friends
 * run as written, so the SQL itself must filter by the account. For the few queries Prisma cannot
 * express (full-text search, a join grouped by the joined table's column, bulk updates in an
 * erase); the API's dependency check allows it only in the modules that need it. On the raw client,
 * or on a transaction client of a scoped client, it works the same way.
 */
export function allowRawSql<T extends Db | object>(db: T): T {
  return (rawSqlClients.get(db) as T | undefined) ?? db;
}
