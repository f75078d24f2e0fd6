// The image service's bounds, apart from its code so that server/config.ts can check its
// settings against them without loading the encoder.

/** Largest original the services read (Sanity accepts up to ~100 MB; photos are far smaller). */
export const MAX_ORIGINAL_BYTES = 64 * 1024 * 1024;
/** Disk budget of the cache when the caller names none (KSP_IMAGE_CACHE_MB, server/config.ts). */
export const DEFAULT_CACHE_MAX_BYTES = 2048 * 1024 * 1024;
/** Downloads of originals at once, and how many more may wait for one (beyond: 503). */
export const DEFAULT_MAX_DOWNLOADS = 4;
export const DEFAULT_MAX_WAITING_DOWNLOADS = 32;
