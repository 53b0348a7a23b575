import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { API_SCOPES } from '../domain/api-tokens/tokens';
import { API_BASE, ENDPOINTS } from './router';
import { ZError } from './schemas';

/**
 * The OpenAPI 3.1 document, made from the endpoints' zod schemas (zod's own JSON Schema output, which
 * is 2020-12, the dialect OpenAPI 3.1 uses). Built on first request: an idle server never pays for it.
 */
let cached: string | undefined;

const COMPONENT = (id: string) => `#/components/schemas/${id}`;

function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Record<string, unknown>) {
  // Named schemas (`.meta({ id })`) come out in $defs; they become components, referenced where used.
  const text = JSON.stringify(
    z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }),
  );
  const json = JSON.parse(text.replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
  const defs = (json.$defs ?? {}) as Record<string, Record<string, unknown>>;
  for (const [id, def] of Object.entries(defs)) components[id] = clean(def);
  const id = z.globalRegistry.get(schema)?.id;
  if (id) {
    components[id] = clean(json);
    return { $ref: COMPONENT(id) };
  }
  return clean(json);
}

function clean(json: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, $defs: _d, id: _id, ...rest } = json;
  return rest;
}

export function openApiDocument(publicUrl: string | undefined): string {
  if (cached) return cached;
  const components: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const errorRef = schemaOf(ZError, 'output', components);
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: errorRef } },
  });
  for (const ep of ENDPOINTS) {
    const params: unknown[] = [...ep.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (ep.query) {
      const q = z.toJSONSchema(ep.query, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        const { description, ...rest } = schema;
        params.push({
          name,
          in: 'query',
          required: q.required?.includes(name) ?? false,
          ...(description ? { description } : {}),
          schema: rest,
        });
      }
    }
    const operation: Record<string, unknown> = {
      operationId: `${ep.method.toLowerCase()}${ep.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : ''))}`,
      summary: ep.summary,
      tags: [ep.tag],
      ...(ep.scope ? { 'x-scope': ep.scope, description: `Scope: \`${ep.scope}\`` } : {}),
      ...(ep.altScope
        ? { description: `Scope: \`${ep.scope}\`; ${ep.altScope.note}: \`${ep.altScope.scope}\` instead` }
        : {}),
      // Security requirements are alternatives: either scope lets the call in (the body decides which).
      security: [
        { bearer: ep.scope ? [ep.scope] : [] },
        ...(ep.altScope ? [{ bearer: [ep.altScope.scope] }] : []),
      ],
      parameters: params,
      ...(ep.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(ep.body, 'input', components) } },
            },
          }
        : {}),
      responses: {
        [String(ep.status ?? 200)]: {
          description: 'OK',
          headers: {
            RateLimit: {
              schema: { type: 'string' },
              description: 'This window: r=remaining, t=seconds to reset',
            },
            'RateLimit-Policy': { schema: { type: 'string' }, description: 'q=calls per w=seconds' },
          },
          content: { 'application/json': { schema: schemaOf(ep.output, 'output', components) } },
        },
        400: errorResponse('Invalid input (code validation, api.bad_json, …)'),
        401: errorResponse(
          'No valid token (api.token_missing, api.token_invalid, api.token_expired, api.token_revoked)',
        ),
        403: errorResponse(
          'The token lacks the scope (api.scope_missing) or its user the role (forbidden), or its account is suspended (account.suspended)',
        ),
        404: errorResponse('Not found in this account (not_found)'),
        409: errorResponse('Conflicts, as in the console (tag.taken, chat.already_taken, …)'),
        429: errorResponse('Rate limited (api.rate_limited); see Retry-After'),
      },
    };
    const key = ep.path;
    paths[key] ??= {};
    (paths[key] as Record<string, unknown>)[ep.method.toLowerCase()] = operation;
  }
  const doc = {
    openapi: '3.1.0',
    info: {
      title: 'Parley REST API',
      version: '1',
      description:
        'Conversations, messages, contacts, tags and webhook endpoints of one account, with an API token made in Manage → API. See docs/api.md and docs/webhooks.md.',
    },
    servers: [{ url: `${publicUrl ?? ''}${API_BASE}` }],
    security: [{ bearer: [] }],
    tags: ['Token', 'Conversations', 'Messages', 'Contacts', 'Tags', 'Webhooks'].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'prl_…',
          description: `An API token from Manage → API. Scopes: ${API_SCOPES.join(', ')}`,
        },
      },
    },
  };
  cached = JSON.stringify(doc);
  return cached;
}

const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // The reference page's components set their styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley REST API reference</title>
</head>
<body>
<script id="api-reference" data-url="${API_BASE}/openapi.json" data-configuration='{"withDefaultFonts":false,"hideClientButton":true,"telemetry":false,"agent":{"disabled":true}}'></script>
<script src="${API_BASE}/docs/standalone.js"></script>
</body>
</html>
`;

let scalarScript: Promise<Buffer | null> | undefined;

/** Scalar's standalone bundle from node_modules: served by us, so the page needs no CDN. */
function loadScalar(): Promise<Buffer | null> {
  scalarScript ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      return await readFile(require.resolve('@scalar/api-reference/browser/standalone.js'));
    } catch {
      return null;
    }
  })();
  return scalarScript;
}

/** GET /api/v1/openapi.json, /api/v1/docs and its script; false when the path is none of them. */
export async function handleApiDocs(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  publicUrl: string | undefined,
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === `${API_BASE}/openapi.json`) {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    res.end(openApiDocument(publicUrl));
    return true;
  }
  if (path === `${API_BASE}/docs` || path === `${API_BASE}/docs/`) {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': DOCS_CSP,
    });
    res.end(DOCS_HTML);
    return true;
  }
  if (path === `${API_BASE}/docs/standalone.js`) {
    const script = await loadScalar();
    if (!script) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The API reference page is not installed (@scalar/api-reference).\n');
      return true;
    }
    res.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    });
    res.end(script);
    return true;
  }
  return false;
}
