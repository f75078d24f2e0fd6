// Whether a request or an address stays on this machine. Two forms reach the code: a URL's
// hostname (WHATWG `URL.hostname`, IPv6 in brackets: "[::1]") and a socket's peer address
// (`socket.remoteAddress`, IPv6 bare: "::1", IPv4 over an IPv6 socket: "::ffff:127.0.0.1").

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A URL hostname that names this machine. `subdomains`: also every `*.localhost`, which
 * browsers resolve to the loopback address (RFC 6761) but other clients may not.
 */
export function isLoopbackHost(hostname: string, { subdomains = false }: { subdomains?: boolean } = {}): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || (subdomains && hostname.endsWith('.localhost'));
}

/** A peer address of a socket on this machine (e.g. a reverse proxy in front of the server). */
export function isLoopbackAddress(address: string): boolean {
  return LOOPBACK_ADDRESSES.has(address);
}
