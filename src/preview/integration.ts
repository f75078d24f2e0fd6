// The preview build's additions to the site (astro.preview.config.mjs): the middleware with
// the handshake and the request scope, the banner's styles and the click-to-edit overlays. The
// static build has none of them.
import type { AstroIntegration } from 'astro';

export default function preview(): AstroIntegration {
  return {
    name: 'ksp-preview',
    hooks: {
      'astro:config:setup': ({ addMiddleware, injectScript }) => {
        addMiddleware({ entrypoint: new URL('./middleware.ts', import.meta.url), order: 'pre' });
        injectScript('page-ssr', `import ${JSON.stringify(new URL('./preview.css', import.meta.url).pathname)};`);
        injectScript('page', `import ${JSON.stringify(new URL('./page-script.ts', import.meta.url).pathname)};`);
      },
    },
  };
}
