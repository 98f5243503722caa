import type { Response } from 'express';

/**
 * Writes `text` to a streamed response, waiting for 'drain' when the socket buffer is full
 * (back-pressure, so a large export never piles up in memory); rejects when the client left.
 */
export function writeWithBackpressure(res: Response, text: string): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('the client closed the connection'));
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      reject(new Error('the client closed the connection'));
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
