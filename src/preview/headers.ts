// What the preview sends: every header the public site sends for the same path (netlify.toml, as
// on Netlify and the publish server), changed only where a preview must differ: never cached or
// indexed, and framed by the Studio alone.
import netlifyToml from '../../netlify.toml?raw';
import { headersForPath, parseNetlifyRules } from '../../core/publish/netlify-config.ts';

const rules = parseNetlifyRules(netlifyToml);

/** The CSP of the public site with `frame-ancestors` set to the Studio and inline styles allowed. */
export function previewCsp(publicCsp: string, studioOrigin: string): string {
  const directives = publicCsp
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean)
    .map((directive) => {
      const [name] = directive.split(/\s+/, 1);
      if (name === 'frame-ancestors') return `frame-ancestors ${studioOrigin}`;
      // The click-to-edit overlays (styled-components) add <style> elements at run time.
      if (name === 'style-src') return `${directive} 'unsafe-inline'`;
      return directive;
    });
  if (!directives.some((directive) => directive.startsWith('frame-ancestors'))) directives.push(`frame-ancestors ${studioOrigin}`);
  return directives.join('; ');
}

export function previewHeaders(path: string, studioOrigin: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headersForPath(rules, path))) {
    const key = name.toLowerCase();
    // X-Frame-Options knows no "this origin only": frame-ancestors says it instead.
    if (key === 'x-frame-options') continue;
    result[name] = key === 'content-security-policy' ? previewCsp(value, studioOrigin) : value;
  }
  for (const name of Object.keys(result)) if (name.toLowerCase() === 'cache-control') delete result[name];
  return { ...result, 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' };
}
