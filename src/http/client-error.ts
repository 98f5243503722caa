import type { Duplex } from 'node:stream';
import { DomainError } from '../domain/errors';
import { problemBody } from './problem';

/**
 * The server's 'clientError' handler: a request Node's parser refuses before express sees it
 * still gets a problem document instead of a bare status or a reset. Header fields (the URL
 * included) past Node's 16 KB limit answer 431 headers_too_large naming `url`; any other parse
 * error answers 400 invalid_request. Sockets already gone are just destroyed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const problem = error.code === 'HPE_HEADER_OVERFLOW'
    ? new DomainError('headers_too_large', 'the request line and headers exceed 16 KB (a URL that long?)', 'url')
    : new DomainError('invalid_request', `the request is not valid HTTP/1.1 (${error.code ?? 'parse error'})`, 'request');
  const document = problemBody(problem);
  const body = JSON.stringify(document);
  const status = document.status;
  socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n`
    + `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
