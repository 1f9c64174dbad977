import type { ServerResponse } from 'http';

/**
 * Server-Sent Events to the pages open in the browser: each page's live script (client-script.ts)
 * holds one EventSource on EVENTS_PATH; every state change is sent to all of them. SSE rather than a
 * WebSocket: one-way is all a reload needs, it is plain HTTP, and the browser reconnects by itself.
 */

export const RESERVED_PREFIX = '/__tei-edition/';
export const EVENTS_PATH = `${RESERVED_PREFIX}events`;
export const CLIENT_PATH = `${RESERVED_PREFIX}live.js`;

/** A comment line every so often keeps proxies and idle timers from closing the stream. */
const HEARTBEAT_MS = 25_000;

export class LiveEvents {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over a response as an event stream and sends it `first` at once. */
  attach(response: ServerResponse, first: { event: string; data: unknown }): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    // How long the browser waits before reconnecting once the server is gone (a restarted `serve`).
    response.write('retry: 1000\n\n');
    response.write(frame(first.event, first.data));
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  send(event: string, data: unknown): void {
    const message = frame(event, data);
    for (const client of this.clients) client.write(message);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

/** One event; JSON never contains a raw newline, so `data:` is a single line. */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
