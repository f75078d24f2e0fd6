// Measuring for the bench: a child process with the peak memory of its whole process tree
// (astro, and the Pagefind binary that the Node API spawns), sampled from /proc because
// /usr/bin/time is not on every machine; and the size of a built site.
import { spawn } from 'node:child_process';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

export interface RunResult {
  code: number | null;
  output: string;
  ms: number;
  /** Highest sampled sum of VmRSS over the process tree, in KiB. */
  peakTreeRssKb: number;
  /** Highest VmHWM (the kernel's own peak) of any single process of the tree, in KiB. */
  peakProcessKb: number;
  /** 1-minute load average before and after: other work on the machine skews timings. */
  load: [number, number];
  /**
   * User + system CPU time of the whole tree, in ms (the larger of what the shell reaped and the
   * sum of per-process samples): far less sensitive to a busy machine than wall time.
   */
  cpuMs: number;
}

// Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux unless rebuilt).
const CLOCK_TICKS = 100;

/**
 * The fields of a /proc/<pid>/stat text after the command name, which is in parentheses and may
 * contain spaces: index 0 is field 3 (state), index 1 field 4 (ppid), and so on.
 */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** Every process: its children, and its own utime + stime in clock ticks (not its children's). */
async function processTable(): Promise<{ children: Map<number, number[]>; cpuTicks: Map<number, number> }> {
  const children = new Map<number, number[]>();
  const cpuTicks = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(await readFile(`/proc/${entry}/stat`, 'utf8'));
      const ppid = Number(fields[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
      cpuTicks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  return { children, cpuTicks };
}

async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** The summed VmRSS (KiB) of `pid` and every process below it, now. */
export async function treeRssKb(pid: number): Promise<number> {
  const { children } = await processTable();
  let total = 0;
  for (const stack = [pid]; stack.length > 0; ) {
    const next = stack.pop()!;
    total += (await memoryOf(next)).rss;
    stack.push(...(children.get(next) ?? []));
  }
  return total;
}

export function runMeasured(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; echo?: boolean; sampleMs?: number }): Promise<RunResult> {
  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  // A shell runs the command and, after waiting for it, writes its own /proc stat: cutime and
  // cstime there hold the CPU time of every process of the tree that was waited for.
  const statFile = path.join(tmpdir(), `ksp-bench-stat-${process.pid}-${Date.now()}`);
  const child = spawn('/bin/sh', ['-c', '"$@"; code=$?; cat /proc/$$/stat > "$KSP_BENCH_STAT"; exit $code', 'sh', command, ...args], {
    cwd: options.cwd,
    env: { ...options.env, KSP_BENCH_STAT: statFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.echo) process.stderr.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let peakTreeRssKb = 0;
  let peakProcessKb = 0;
  let sampling = false;
  // Last CPU time seen per process: the Pagefind binary is not waited for by its parent, so
  // the shell's cutime misses it; sampling catches it (losing at most one interval per process).
  const cpuTicks = new Map<number, number>();
  const sample = async () => {
    if (sampling || child.pid === undefined) return;
    sampling = true;
    try {
      const table = await processTable();
      const tree: number[] = [];
      const queue = [child.pid];
      while (queue.length > 0) {
        const pid = queue.pop()!;
        tree.push(pid);
        queue.push(...(table.children.get(pid) ?? []));
      }
      const memory = await Promise.all(tree.map(memoryOf));
      for (const pid of tree) cpuTicks.set(pid, Math.max(cpuTicks.get(pid) ?? 0, table.cpuTicks.get(pid) ?? 0));
      peakTreeRssKb = Math.max(peakTreeRssKb, memory.reduce((sum, m) => sum + m.rss, 0));
      peakProcessKb = Math.max(peakProcessKb, ...memory.map((m) => m.hwm));
    } finally {
      sampling = false;
    }
  };
  const timer = setInterval(sample, options.sampleMs ?? 200);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', async (code) => {
      clearInterval(timer);
      let cpuMs = NaN;
      try {
        const fields = statFields(await readFile(statFile, 'utf8'));
        // Fields 16 and 17 of stat (cutime, cstime) are at 13 and 14 after the command name.
        const reaped = ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
        const sampled = ([...cpuTicks.values()].reduce((sum, t) => sum + t, 0) * 1000) / CLOCK_TICKS;
        cpuMs = Math.max(reaped, sampled);
        await rm(statFile, { force: true });
      } catch {
        // No stat: the shell did not get that far.
      }
      resolve({ code, output, ms: performance.now() - started, peakTreeRssKb, peakProcessKb, load: [loadBefore, loadavg()[0]!], cpuMs });
    });
  });
}

export interface SiteStats {
  files: number;
  bytes: number;
  htmlFiles: number;
  htmlBytes: number;
}

export async function siteStats(dir: string): Promise<SiteStats> {
  const stats: SiteStats = { files: 0, bytes: 0, htmlFiles: 0, htmlBytes: 0 };
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile()) {
        const { size } = await stat(full);
        stats.files++;
        stats.bytes += size;
        if (entry.name.endsWith('.html')) {
          stats.htmlFiles++;
          stats.htmlBytes += size;
        }
      }
    }
  };
  await walk(dir);
  return stats;
}

/** "astro 12.3 s, Pagefind 1.6 s (1234 pages indexed)" as printed by scripts/build.ts. */
export function parseBuildSummary(output: string): { astroMs?: number; pagefindMs?: number; indexed?: number } {
  const match = /astro ([\d.]+) s, Pagefind ([\d.]+) s \((\d+) pages indexed/.exec(output);
  if (!match) return {};
  return { astroMs: Number(match[1]) * 1000, pagefindMs: Number(match[2]) * 1000, indexed: Number(match[3]) };
}

/** Average bytes of visible text inside <main> over up to `sample` HTML pages of `dir`. */
export async function averageMainText(dir: string, sample = 400): Promise<number> {
  const files: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && entry.name !== 'pagefind' && entry.name !== '_astro') await walk(full);
      else if (entry.name.endsWith('.html')) files.push(full);
    }
  };
  await walk(dir);
  files.sort();
  const step = Math.max(1, Math.floor(files.length / sample));
  let total = 0;
  let count = 0;
  for (let i = 0; i < files.length; i += step) {
    const html = await readFile(files[i]!, 'utf8');
    const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? '';
    const text = main
      .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[#\w]+;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    total += Buffer.byteLength(text);
    count++;
  }
  return count === 0 ? 0 : total / count;
}
