// Replaces the build-time "Montag, 7. Dezember: 10:00–19:00 Uhr" with today's hours at the
// moment of reading ("Heute: 10:00–19:00 Uhr"), from the same data-days as the live status.
import type { StatusDay } from '../../core/opening-hours.ts';
import { todayHoursText } from '../../core/hours-format.ts';

function render(): void {
  document.querySelectorAll<HTMLElement>('[data-today-hours]').forEach((element) => {
    const source = element.closest('[data-hours-box]')?.querySelector<HTMLElement>('[data-live-status]');
    let days: StatusDay[];
    try {
      days = JSON.parse(source?.dataset.days ?? '[]') as StatusDay[];
    } catch {
      return;
    }
    const locale = element.dataset.locale === 'en' ? 'en' : 'de';
    const text = todayHoursText(days, new Date(), locale, { today: element.dataset.today ?? '', closed: element.dataset.closed ?? '' });
    if (text && element.textContent !== text) element.textContent = text;
  });
}

render();
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') render();
});
