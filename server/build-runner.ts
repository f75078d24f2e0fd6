// Runs one site build as a child process in its own process group, so a shutdown can stop the
// build together with everything it spawned (astro, Pagefind) and nothing keeps writing into
// a release directory afterwards.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { redact } from '../core/publish/log.ts';

export interface BuildCommandOptions {
  /** argv; every "{out}" is replaced by the output directory. */
  command: string[];
  outDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Values blanked from the forwarded output. */
  secrets: readonly string[];
  /** Receives the build output (already redacted), e.g. to forward it to the journal. */
  onOutput?: (text: string) => void;
}

/**
 * What kind of failure, for editors (server/build-history.ts): `stopped` and `timeout` are not
 * the content's fault; `incomplete` and `switch` come from the publish server after the build,
 * `internal` from an error of the publish server itself while it ran a build.
 */
export type BuildFailureKind = 'spawn' | 'stopped' | 'timeout' | 'exit' | 'incomplete' | 'switch' | 'internal';

/**
 * Why a build failed. `reason` is short and safe to show anyone (GET /status): no paths, no build
 * output; `detail` is for the server log only.
 */
export interface BuildFailure {
  ok: false;
  kind: BuildFailureKind;
  reason: string;
  detail?: string;
}

export interface BuildRun {
  /** Resolves when the process has exited: ok, or why not. */
  done: Promise<{ ok: true } | BuildFailure>;
  /** Stops the build (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  stop: (graceMs?: number) => Promise<void>;
}

function spawnFailure(spawnError: Error, secrets: readonly string[]): BuildFailure {
  const errno = (spawnError as NodeJS.ErrnoException).code ?? 'error';
  return { ok: false, kind: 'spawn', reason: `The build command could not be started (${errno}). Check PUBLISH_BUILD_COMMAND.`, detail: redact(spawnError.message, secrets) };
}

export function startBuild({ command, outDir, cwd, env, timeoutMs, secrets, onOutput }: BuildCommandOptions): BuildRun {
  const [file, ...args] = command.map((part) => part.replaceAll('{out}', outDir));
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (spawnError) {
    // Some failures are thrown, not emitted (E2BIG: an environment over the kernel's limit; an
    // argument with a NUL byte): the same failed build as a missing command.
    return { done: Promise.resolve(spawnFailure(spawnError as Error, secrets)), stop: async () => undefined };
  }
  let stopped = false;
  let timedOut = false;

  const collect = (chunk: Buffer) => {
    const text = redact(chunk.toString('utf8'), secrets);
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

  const done = exited.then(({ code, signal, spawnError }): { ok: true } | BuildFailure => {
    clearTimeout(timer);
    if (spawnError) return spawnFailure(spawnError, secrets);
    if (code === 0 && !stopped) return { ok: true };
    if (stopped) return { ok: false, kind: 'stopped', reason: 'The build was stopped because the server is shutting down.' };
    if (timedOut) return { ok: false, kind: 'timeout', reason: `The build took longer than ${Math.round(timeoutMs / 1000)} s (BUILD_TIMEOUT_SECONDS) and was stopped.` };
    // Content problems come from the build's report file (KSP_BUILD_REPORT), read by the caller.
    return { ok: false, kind: 'exit', reason: `The build failed (exit ${code ?? signal}). Its output is in the server log.` };
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
