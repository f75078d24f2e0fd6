// The local editor's login step. The Studio finds one provider and sends the browser to the
// lake's login page, which asks for a one-time code that only the terminal running the lake
// (`npm start`, `npm run lake`) shows: without it, nothing on this machine or on a web page the
// developer visits can become the administrator. The code is spent by a login and replaced after
// a few wrong tries, and each new code is announced.
import { randomInt, timingSafeEqual } from 'node:crypto';

/** No 0/O, 1/I/L: read off a terminal and typed by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;
/** Wrong codes before the code is replaced: a guess has 1 in 31^8 (~8.5e11) chances. */
export const MAX_WRONG_CODES = 5;

export type LoginResult = 'ok' | 'wrong' | 'replaced';

export interface LoginCodes {
  /** Checks a code as typed (case, spaces and dashes ignored); a right one is spent. */
  check(typed: string): LoginResult;
}

function newCode(): string {
  return Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** `announce` receives every new code, formatted for the terminal (`ABCD-EFGH`); the first at once. */
export function createLoginCodes(announce: (code: string) => void): LoginCodes {
  let code = '';
  let wrong = 0;
  const replace = () => {
    code = newCode();
    wrong = 0;
    announce(`${code.slice(0, LENGTH / 2)}-${code.slice(LENGTH / 2)}`);
  };
  replace();
  return {
    check(typed) {
      const given = Buffer.from(typed.toUpperCase().replace(/[\s-]/g, ''));
      const expected = Buffer.from(code);
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        replace();
        return 'ok';
      }
      wrong += 1;
      if (wrong < MAX_WRONG_CODES) return 'wrong';
      replace();
      return 'replaced';
    },
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** The login page (German, for the editor); `problem` is shown above the field after a wrong code. */
export function loginPage(action: string, origin: string, problem?: string): string {
  return `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Anmelden – Lokale Redaktion</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}input,button{font:inherit;padding:.5rem}input{letter-spacing:.1em;text-transform:uppercase}.problem{color:#a00;font-weight:600}</style></head>
<body><main>
<h1>Anmelden im Studio</h1>
<p>Der lokale Content Lake meldet Sie als <strong>Lokale Redaktion</strong> an, sobald Sie den Anmeldecode eingeben. Er steht im Terminal, in dem <code>npm start</code> läuft, in der Zeile „Anmeldecode für das Studio“.</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="origin" value="${escapeHtml(origin)}">
<p><label for="code">Anmeldecode</label><br><input id="code" name="code" autocomplete="one-time-code" autofocus required size="12"></p>
<p><button type="submit">Anmelden</button></p>
</form>
</main></body>
</html>
`;
}
