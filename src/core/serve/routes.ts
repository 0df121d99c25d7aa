/**
 * The route table: every path the service answers, its method, whether it reads a JSON body and
 * whether it needs the token. openapi.json documents exactly these (a test checks both ways).
 */
import type { ModelHolder } from './modelHolder';
import { predictCases } from './predict';
import { batchRequest, parseJson, predictRequest } from './validate';
import openapi from './openapi.json';

export interface RouteContext {
  holder: ModelHolder;
  /** The request body, for routes with `body: true`. */
  body?: Buffer;
}

export interface RouteAnswer {
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  body: boolean;
  auth: boolean;
  handle(ctx: RouteContext): Promise<RouteAnswer>;
}

/** Runs `fn` with the current model held, so a reload cannot dispose it mid-request. */
async function withModel<T>(holder: ModelHolder, fn: (s: ReturnType<ModelHolder['current']['acquire']>) => Promise<T>): Promise<T> {
  const served = holder.current.acquire();
  try {
    return await fn(served);
  } finally {
    served.release();
  }
}

export const ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/predict',
    body: true,
    auth: true,
    handle: ({ holder, body }) =>
      withModel(holder, async (s) => {
        const req = predictRequest(parseJson(body!), s.known, s.candidates);
        const [result] = await predictCases(s, [req.case], req.options);
        return { body: result, headers: { 'X-Model-Version': s.info.version } };
      }),
  },
  {
    method: 'POST',
    path: '/v1/predict/batch',
    body: true,
    auth: true,
    handle: ({ holder, body }) =>
      withModel(holder, async (s) => {
        const req = batchRequest(parseJson(body!), s.known, s.candidates);
        return { body: { results: await predictCases(s, req.cases, req.options) }, headers: { 'X-Model-Version': s.info.version } };
      }),
  },
  {
    method: 'GET',
    path: '/v1/model',
    body: false,
    auth: true,
    handle: async ({ holder }) => ({ body: holder.current.info, headers: { 'X-Model-Version': holder.current.info.version } }),
  },
  { method: 'GET', path: '/healthz', body: false, auth: false, handle: async () => ({ body: { status: 'ok' } }) },
  { method: 'GET', path: '/openapi.json', body: false, auth: false, handle: async () => ({ body: openapi }) },
];

/** The route for a request, or why there is none (404, or 405 with the methods the path allows). */
export function findRoute(method: string, path: string): Route | { status: 404 | 405; allow?: string } {
  const forPath = ROUTES.filter((r) => r.path === path);
  if (forPath.length === 0) return { status: 404 };
  return forPath.find((r) => r.method === method) ?? { status: 405, allow: forPath.map((r) => r.method).join(', ') };
}
