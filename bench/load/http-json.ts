import { Agent, request } from 'node:http';

/** One answer: status, parsed JSON body (null when empty or not JSON) and milliseconds taken. */
export interface JsonAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- benchmark code reads the JSON answers ad hoc
  body: any;
  ms: number;
}

/**
 * A minimal JSON-over-HTTP client on node:http with keep-alive sockets: lighter than fetch, so the
 * load generator, which shares the 2 cores with the server, takes as little CPU as possible.
 */
export class JsonClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /**
   * Sends one request. NOTE: a keep-alive socket the server closed while idle fails with
   * ECONNRESET on reuse; that request never reached the server, so it is sent once more on a
   * fresh socket (the Node.js documentation's advice). Other failures reject.
   */
  async send(method: string, path: string, body?: unknown): Promise<JsonAnswer> {
    try {
      return await this.sendOnce(method, path, body);
    } catch (error) {
      if ((error as { reusedSocket?: boolean }).reusedSocket !== true) throw error;
      return this.sendOnce(method, path, body);
    }
  }

  private sendOnce(method: string, path: string, body?: unknown): Promise<JsonAnswer> {
    const started = performance.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { ...this.headers };
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    return new Promise((resolve, reject) => {
      const req = request(this.base + path, { method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          try {
            parsed = text.length > 0 ? JSON.parse(text) : null;
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
        });
        res.on('error', reject);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        const stale = req.reusedSocket && error.code === 'ECONNRESET';
        reject(Object.assign(error, { reusedSocket: stale }));
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
