// @ts-check
// Netlify's build cache for the incremental build (README "Incremental builds"): the directory
// KSP_BUILD_CACHE names in netlify.toml's [build.environment] is restored before the build and
// saved after a successful one, so a publish renders only the pages whose content changed. The
// build checks the cache itself (code and settings it belongs to, integrity) and builds in full
// when it does not fit, so a failure here costs time, never a wrong site: it is logged and the
// build goes on.

/** @param {{ netlifyConfig: { build: { environment: Record<string, string | undefined> } } }} options */
function cacheDir({ netlifyConfig }) {
  const dir = netlifyConfig.build.environment.KSP_BUILD_CACHE?.trim();
  return dir && dir !== 'off' ? dir : undefined;
}

/** @param {any} options */
export async function onPreBuild(options) {
  const dir = cacheDir(options);
  if (!dir) return;
  try {
    const restored = await options.utils.cache.restore(dir);
    console.log(restored ? `Build cache restored into ${dir}: unchanged pages are copied, not rendered.` : `No build cache yet (${dir}): this build renders every page.`);
  } catch (error) {
    console.warn(`The build cache could not be restored (${error instanceof Error ? error.message : String(error)}); this build renders every page.`);
  }
}

/** @param {any} options */
export async function onPostBuild(options) {
  const dir = cacheDir(options);
  if (!dir) return;
  try {
    if (await options.utils.cache.save(dir)) console.log(`Build cache saved from ${dir} for the next deploy.`);
  } catch (error) {
    console.warn(`The build cache could not be saved (${error instanceof Error ? error.message : String(error)}); the next deploy renders every page.`);
  }
}
