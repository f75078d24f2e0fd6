// Secret-safe logging for the publish pipeline. Log lines are one JSON object each and carry only
// what an operator needs (status, reason, document id and type); request headers and bodies are
// never logged. `redact` is the second line of defence: it blanks every configured secret
// (webhook secret, build hook URL and its token, tokens) from any text before it is logged
// or returned, e.g. an error message of `fetch` that quotes the URL. The secret names are
// core/secrets.ts's one list.
import { SECRET_ENV_NAMES } from '../secrets.ts';

/** The secret values present in `env`, plus the token part of a build hook URL. */
function smtpPassword(value: string): string[] {
  try {
    const { password } = new URL(value);
    return [password, decodeURIComponent(password)].filter((part) => part.length >= 4);
  } catch {
    return [];
  }
}

export function secretsIn(env: Record<string, string | undefined>): string[] {
  const secrets: string[] = [];
  for (const name of SECRET_ENV_NAMES) {
    const value = env[name]?.trim();
    if (!value) continue;
    secrets.push(value);
    // Build hook URLs end in their secret id: https://api.netlify.com/build_hooks/<id>
    const lastSegment = value.split(/[/?#]/).filter(Boolean).at(-1);
    if (name === 'NETLIFY_BUILD_HOOK_URL' && lastSegment && lastSegment.length >= 8) secrets.push(lastSegment);
    // An SMTP URL holds a password that an error message may quote without the rest of the URL.
    if (name === 'SMTP_URL') secrets.push(...smtpPassword(value));
  }
  // Longest first, so a URL is blanked as a whole before its token.
  return secrets.sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  return result;
}

export type Logger = (event: Record<string, unknown>) => void;

/** Writes one JSON line per event to stdout (warnings and errors to stderr), redacted. */
export function createLogger(secrets: readonly string[], write: (line: string, level: 'info' | 'error') => void = defaultWrite): Logger {
  return (event) => {
    const line = redact(JSON.stringify({ time: new Date().toISOString(), ...event }), secrets);
    write(line, typeof event.status === 'number' && event.status >= 500 ? 'error' : 'info');
  };
}

function defaultWrite(line: string, level: 'info' | 'error') {
  if (level === 'error') console.error(line);
  else console.log(line);
}
