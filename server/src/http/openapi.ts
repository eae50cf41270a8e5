/**
 * @module The OpenAPI 3.1 document, generated from the contract's RouteDefs (zod v4's toJSONSchema), so the
 * document can never drift from what the server validates. Served at GET /api/openapi.json.
 */
import { z } from 'zod';
import { ErrorBody } from '../../../contract/errors';
import type { RouteDef } from '../../../contract/routes';

const STATUS_TEXT: Record<string, string> = {
  '400': 'Malformed JSON, wrong types or unknown fields',
  '401': 'Missing, expired or forged session',
  '403': 'Your role may not see or do that',
  '404': 'No such resource in your portal',
  '413': 'Request body too large',
};

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export function buildOpenApi(defs: Iterable<RouteDef>, info: { version: string; serverUrl?: string }): object {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...defs].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const def of sorted) {
    const path = def.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const m of def.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
      parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (def.query) {
      const q = schemaOf(def.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    const responses: Record<string, unknown> = {
      '200': { description: 'OK', content: { 'application/json': { schema: schemaOf(def.response, 'output') } } },
    };
    const errorCodes = ['400', ...(def.auth === 'public' ? [] : ['401', '403']), '404', ...(def.body ? ['413'] : [])];
    for (const code of errorCodes) {
      responses[code] = {
        description: STATUS_TEXT[code],
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      };
    }
    const operation: Record<string, unknown> = {
      summary: def.summary,
      'x-kvota-role': def.auth,
      parameters,
      responses,
      ...(def.auth === 'public' ? { security: [] } : {}),
      ...(def.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(def.body, 'input') } } } }
        : {}),
    };
    paths[path] ??= {};
    paths[path][def.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kvota API',
      version: info.version,
      description: 'Sales plans, attainment and commissions for Bitrix24 and amoCRM. Money is an exact decimal string.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ session: [] }],
    components: {
      securitySchemes: { session: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/session' } },
      schemas: { ErrorBody: schemaOf(ErrorBody, 'output') },
    },
    paths,
  };
}
