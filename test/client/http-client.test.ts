import { createServer, connect, type Server, type Socket } from 'node:net';
import { BaytuneError } from '../../src/client/baytune-error';
import { HttpStudyClient } from '../../src/client/http-client';
import { resolveConfig } from '../../src/infra/config';
import { createLogger } from '../../src/infra/logger';
import { startServer } from '../../src/main';
import { startTestServer, type TestServer } from '../helpers/server';

const SPACE = { x: { type: 'float' as const, low: 0, high: 1 } };

/**
 * A TCP proxy in front of a server that, when armed, lets the next request reach the server but
 * cuts the connection instead of returning the response: the client cannot know whether the call ran.
 */
class DroppingProxy {
  armed = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly target: URL) {
    this.server = createServer((client) => this.pipe(client));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pipe(client: Socket): void {
    const upstream = connect(Number(this.target.port), this.target.hostname);
    this.sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!this.armed) return void client.write(chunk);
      this.armed = false;
      client.destroy();
      upstream.destroy();
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('HttpStudyClient retries', () => {
  let server: TestServer;
  let proxy: DroppingProxy;
  let client: HttpStudyClient;

  beforeAll(async () => {
    server = await startTestServer();
    proxy = new DroppingProxy(new URL(server.url));
    client = new HttpStudyClient({ url: await proxy.listen(), clientId: 'retrying-worker', backoffMs: 20 });
  });
  afterAll(async () => {
    await proxy.close();
    await server.stop();
  });

  it('retries an ask whose answer was lost and gets the same trial back (request_key)', async () => {
    const study = await client.createStudy({ name: 'lost-ask', space: SPACE });
    const [first] = await client.ask(study.id, { count: 1 });
    await client.tell(study.id, first!.id, { value: 1 });
    proxy.armed = true;
    const [second] = await client.ask(study.id, { count: 1 });
    expect(proxy.armed).toBe(false);
    const all = await server.service.listTrials(study.id, {});
    expect(all.trials.map((t) => t.id)).toEqual([first!.id, second!.id]);
  });

  it('does not repeat an add_trial whose answer was lost: it reports unreachable instead', async () => {
    const study = await client.createStudy({ name: 'lost-add', space: SPACE });
    proxy.armed = true;
    const error = await client.addTrial(study.id, { params: { x: 0.5 }, value: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaytuneError);
    expect((error as BaytuneError).code).toBe('unreachable');
    expect((await server.service.listTrials(study.id, {})).trials).toHaveLength(1);
  });

  it('waits out a refused connection until the server comes up', async () => {
    const port = await freePort();
    const late = new HttpStudyClient({ url: `http://127.0.0.1:${port}`, backoffMs: 100, retries: 8 });
    const starting = new Promise<Awaited<ReturnType<typeof startServer>>>((resolve, reject) => {
      setTimeout(() => startServer(resolveConfig({ port, db: ':memory:' }, {}), createLogger('silent')).then(resolve, reject), 300);
    });
    const study = await late.createStudy({ name: 'late-server', space: SPACE });
    expect(study.name).toBe('late-server');
    await (await starting).close(1000);
  });

  it('gives up with code unreachable when nothing ever answers', async () => {
    const port = await freePort();
    const nobody = new HttpStudyClient({ url: `http://127.0.0.1:${port}`, backoffMs: 5, retries: 2 });
    const error = await nobody.listStudies().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unreachable', status: 0 });
  });
});

describe('HttpStudyClient bearer token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ BAYTUNE_TOKEN: 's3cret-token' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('sends the token, and without it gets unauthorized', async () => {
    const anonymous = new HttpStudyClient({ url: server.url });
    await expect(anonymous.listStudies()).rejects.toMatchObject({ code: 'unauthorized', status: 401, field: 'authorization' });
    const authorised = new HttpStudyClient({ url: `${server.url}/`, token: 's3cret-token' });
    await authorised.createStudy({ name: 'with token', space: SPACE });
    expect((await authorised.listStudies()).map((s) => s.name)).toEqual(['with token']);
  });
});
