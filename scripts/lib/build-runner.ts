// Runs one site build as a child process in its own process group, so a shutdown can stop the
// build together with everything it spawned (astro, Pagefind) and nothing keeps writing into
// a release directory afterwards.
import { spawn } from 'node:child_process';
import { redact } from '../../src/lib/publish/log.ts';

export interface BuildCommandOptions {
  /** argv; every "{out}" is replaced by the output directory. */
  command: string[];
  outDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Values blanked from the forwarded output and the error text. */
  secrets: readonly string[];
  /** Receives the build output (already redacted), e.g. to forward it to the journal. */
  onOutput?: (text: string) => void;
}

/**
 * Why a build failed, for editors (scripts/lib/build-history.ts): `stopped` and `timeout` are not
 * the content's fault; `incomplete` and `switch` come from the publish server after the build.
 */
export type BuildFailureReason = 'spawn' | 'stopped' | 'timeout' | 'exit' | 'incomplete' | 'switch';
export type BuildResult = { ok: true } | { ok: false; error: string; reason?: BuildFailureReason };

export interface BuildRun {
  /** Resolves when the process has exited: ok, or an error message naming what went wrong. */
  done: Promise<BuildResult>;
  /** Stops the build (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  stop: (graceMs?: number) => Promise<void>;
}

const TAIL_CHARS = 1500;

export function startBuild({ command, outDir, cwd, env, timeoutMs, secrets, onOutput }: BuildCommandOptions): BuildRun {
  const [file, ...args] = command.map((part) => part.replaceAll('{out}', outDir));
  const child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let stopped = false;
  let timedOut = false;

  const collect = (chunk: Buffer) => {
    const text = redact(chunk.toString('utf8'), secrets);
    tail = (tail + text).slice(-TAIL_CHARS * 2);
    onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
    child.once('error', (spawnError) => resolve({ code: null, signal: null, spawnError }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });

  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    setTimeout(() => killGroup('SIGKILL'), 5000).unref();
  }, timeoutMs);
  timer.unref();

  const done = exited.then(({ code, signal, spawnError }) => {
    clearTimeout(timer);
    if (spawnError) return { ok: false as const, reason: 'spawn' as const, error: `The build command could not be started (${spawnError.message}). Check PUBLISH_BUILD_COMMAND.` };
    if (code === 0 && !stopped) return { ok: true as const };
    const why = stopped
      ? 'stopped by shutdown'
      : timedOut
        ? `timed out after ${Math.round(timeoutMs / 1000)} s (BUILD_TIMEOUT_SECONDS)`
        : `exited with ${code ?? signal}`;
    const lastOutput = tail.trim().slice(-TAIL_CHARS);
    const reason = stopped ? ('stopped' as const) : timedOut ? ('timeout' as const) : ('exit' as const);
    return { ok: false as const, reason, error: `Build ${why}.${lastOutput ? ` Last output:\n${lastOutput}` : ''}` };
  });

  return {
    done,
    async stop(graceMs = 5000) {
      stopped = true;
      killGroup('SIGTERM');
      const force = setTimeout(() => killGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(force);
    },
  };
}
