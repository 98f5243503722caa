import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/infra/config';
import { createLogger } from '../../src/infra/logger';
import { startServer, type RunningServer } from '../../src/main';

/** A real baytune server on 127.0.0.1:0 over a fresh SQLite file, removed on stop. */
export interface TestServer extends RunningServer {
  dbPath: string;
  stop(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'baytune-test-'));
  const dbPath = join(dir, 'test.db');
  const config = resolveConfig({ port: 0, db: dbPath }, { ...env });
  const server = await startServer(config, createLogger('silent'));
  return {
    ...server,
    dbPath,
    stop: async () => {
      await server.close(1000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** fetch + JSON helper: returns status, headers and the parsed body (or text). */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
