// HTTP at the connection level, for drain tests: a keep-alive POST, a request begun but not yet sent, a bare connection attempt.
import { Agent, request } from 'node:http';
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/**
 * POSTs the JSON text `body` over a keep-alive connection (so a `Connection: close` in the answer
 * is the server's own choice); rejects with the socket's error if the connection is cut.
 */
export function postKeepAlive(url: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const agent = new Agent({ keepAlive: true });
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let answer = '';
        res.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(answer) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  }).finally(() => agent.destroy());
}

export interface BegunRequest {
  /** Sends the end of the request's head; resolves with the answer (the server closes the connection after it). */
  finish(): Promise<RawResponse>;
}

/**
 * Connects and sends a GET's request line and Host header, without the blank line that ends the
 * head: the server has a request begun on this connection (not an idle one) until `finish`.
 */
export function beginGet(url: string): Promise<BegunRequest> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve, reject) => {
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`);
      resolve({
        async finish() {
          socket.write('\r\n');
          await closed;
          return parseResponse(received);
        },
      });
    });
  });
}

/** Resolves with the error code of a new connection to `url` (undefined when it is accepted). */
export function connectionError(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
}

function parseResponse(text: string): RawResponse {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined };
}
