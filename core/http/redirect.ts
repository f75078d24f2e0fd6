// The one way a redirect's Location is made from request input (a path the client sent, the
// Studio's pathname in a preview handshake, a splat of a netlify.toml rule): whatever it says, the
// Location stays on this site.
//
// Browsers read a Location that starts with "//" or "/\" as another host, and they resolve dot
// segments, also encoded ones, before that: "/.//evil.example" and "/%2e//evil.example" both
// become "//evil.example". So the path is resolved the way a browser resolves it (WHATWG URL:
// dot segments, "%2e", backslashes, stripped tabs and newlines) and only then are leading
// slashes collapsed to one.

const BASE = 'http://same-site.invalid';

/**
 * A Location on this site for `target`, a path with an optional query and fragment. Leading
 * slashes and backslashes are collapsed to one, before and after resolving dot segments; anything
 * a URL parser cannot read as a path here becomes `fallback`.
 */
export function sameSiteLocation(target: string, fallback = '/'): string {
  let url: URL;
  try {
    url = new URL(`/${target.replace(/^[\s/\\]+/, '')}`, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname.replace(/^\/+/, '/')}${url.search}${url.hash}`;
}
