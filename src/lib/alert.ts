// Whether the editors' alert banner is shown in a build made on `today` (YYYY-MM-DD, Berlin).
export interface SiteAlert {
  enabled: boolean;
  validUntil?: string | undefined;
}

/** Shown while enabled and, if it has an end date, until and including that date. */
export function isAlertActive<T extends SiteAlert>(alert: T | undefined | null, today: string): alert is T {
  return Boolean(alert?.enabled && (!alert.validUntil || alert.validUntil >= today));
}
