import { request } from 'node:http';
import type { BenchServer } from './server-process';

/** What one streamed download showed. */
export interface StreamCheck {
  bytes: number;
  firstByteMs: number;
  totalMs: number;
  /** True when the answer came with Transfer-Encoding: chunked (no Content-Length known up front). */
  chunked: boolean;
  /** Peak server RSS growth over the RSS before the request, sampled every 10 ms, in MB. */
  rssGrowthMb: number;
}

/** Downloads `path` from the server, sampling its RSS while the body streams; the body is discarded. */
export function checkStreaming(server: BenchServer, path: string, headers: Record<string, string> = {}): Promise<StreamCheck> {
  const before = server.rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 10);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { headers }, (res) => {
      let bytes = 0;
      let firstByteMs = NaN;
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
      });
      res.on('end', () => {
        clearInterval(sampler);
        peak = Math.max(peak, server.rssMb());
        if (res.statusCode !== 200) return reject(new Error(`${path}: ${res.statusCode}`));
        const chunked = res.headers['transfer-encoding'] === 'chunked';
        resolve({ bytes, firstByteMs, totalMs: performance.now() - started, chunked, rssGrowthMb: peak - before });
      });
    });
    req.on('error', (err) => {
      clearInterval(sampler);
      reject(err);
    });
    req.end();
  });
}

/** One printable line for a streamed download. */
export function describeStream(label: string, s: StreamCheck): string {
  return `${label.padEnd(34)} ${(s.bytes / 1e6).toFixed(1)} MB, first byte ${s.firstByteMs.toFixed(0)} ms, total ${s.totalMs.toFixed(0)} ms, ${s.chunked ? 'chunked (streamed)' : 'NOT chunked'}, server RSS +${s.rssGrowthMb.toFixed(1)} MB`;
}
