// Presence over the Studio's WebSocket (/socket/<dataset>, the "bifur" JSON-RPC protocol of
// @sanity/bifur-client): every Studio tab announces where it is editing, and the lake relays
// each announcement, roll call and goodbye to the other tabs, so two editors on the same
// document see each other's avatars. Methods this lake does not know get JSON-RPC's
// "method not found" error naming the method.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Identity } from './identity.ts';

const METHOD_NOT_FOUND = -32601;
const UNAUTHORIZED = 4001;
/** The heartbeat the bifur client expects between messages. */
const HEARTBEAT = '♥';
const HEARTBEAT_MS = 20_000;

interface Session {
  socket: WebSocket;
  userId: string | undefined;
  subscriptions: Set<string>;
  /** Presence session ids this socket announced, to say goodbye for them when it closes. */
  announced: Set<string>;
}

export function createPresenceHub(identity: Identity) {
  const sessions = new Set<Session>();
  const server = new WebSocketServer({ noServer: true });
  let nextSubscription = 1;

  function relay(from: Session, event: Record<string, unknown>): void {
    for (const session of sessions) {
      if (session === from || session.socket.readyState !== session.socket.OPEN) continue;
      for (const subscription of session.subscriptions) {
        session.socket.send(
          JSON.stringify({
            jsonrpc: '2.0',
            method: 'presence_subscription',
            params: { subscription, result: { ...event, i: from.userId } },
          }),
        );
      }
    }
  }

  function handleMessage(session: Session, raw: string): void {
    let message: { id?: string; method?: string; params?: Record<string, unknown> };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return;
    }
    const reply = (result: unknown) => session.socket.send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
    const params = message.params ?? {};
    switch (message.method) {
      case 'authorization': {
        const user = identity.userFor(typeof params.authorization === 'string' ? params.authorization : undefined);
        if (!user) return session.socket.close(UNAUTHORIZED, 'The token is not valid for the local lake.');
        session.userId = user.id;
        return reply(true);
      }
      case 'presence_subscribe': {
        const subscription = String(nextSubscription++);
        session.subscriptions.add(subscription);
        return reply(subscription);
      }
      case 'presence_unsubscribe':
        session.subscriptions.delete(String(params.subscriptionId));
        return reply(true);
      case 'presence_rollcall':
        relay(session, { type: 'rollCall', session: params.session });
        return reply(true);
      case 'presence_announce': {
        const data = params.data as { sessionId?: unknown } | undefined;
        if (typeof data?.sessionId === 'string') session.announced.add(data.sessionId);
        relay(session, { type: 'state', m: data });
        return reply(true);
      }
      case 'presence_disconnect':
        relay(session, { type: 'disconnect', m: { session: params.session } });
        return reply(true);
      default:
        session.socket.send(
          JSON.stringify({
            jsonrpc: '2.0',
            id: message.id,
            error: {
              code: METHOD_NOT_FOUND,
              message: `The local Content Lake does not implement the socket method "${String(message.method)}".`,
            },
          }),
        );
    }
  }

  return {
    /** Takes over an HTTP upgrade request for /v…/socket/<dataset>. */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      server.handleUpgrade(req, socket, head, (ws) => {
        const session: Session = {
          socket: ws,
          userId: identity.userFor(req.headers.authorization)?.id,
          subscriptions: new Set(),
          announced: new Set(),
        };
        sessions.add(session);
        const heartbeat = setInterval(() => ws.readyState === ws.OPEN && ws.send(HEARTBEAT), HEARTBEAT_MS);
        ws.on('message', (data) => handleMessage(session, data.toString()));
        ws.on('close', () => {
          clearInterval(heartbeat);
          for (const id of session.announced) relay(session, { type: 'disconnect', m: { session: id } });
          sessions.delete(session);
        });
      });
    },
    close(): void {
      for (const session of sessions) session.socket.terminate();
      server.close();
    },
  };
}
