// Where the platform keeps its state (core/state-dir.ts): one directory outside the checkout,
// with a part per concern that its own variable can move.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareStateDir, readStateDir, statePath } from '../../core/state-dir.ts';

const root = '/srv/ksp/app';
const work = mkdtempSync(path.join(tmpdir(), 'ksp-state-dir-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the state directory', () => {
  it('is KSP_STATE_DIR, else the XDG state home, else ~/.local/state, never inside the checkout', () => {
    expect(readStateDir({ KSP_STATE_DIR: '/var/lib/ksp', HOME: '/home/ksp' }, root)).toBe('/var/lib/ksp');
    expect(readStateDir({ KSP_STATE_DIR: '../state' }, root)).toBe('/srv/ksp/state');
    expect(readStateDir({ XDG_STATE_HOME: '/home/anna/.state', HOME: '/home/anna' }, root)).toBe('/home/anna/.state/ksp');
    // The XDG spec: a relative XDG_STATE_HOME is ignored.
    expect(readStateDir({ XDG_STATE_HOME: 'state', HOME: '/home/anna' }, root)).toBe('/home/anna/.local/state/ksp');
    expect(readStateDir({ KSP_STATE_DIR: ' ', HOME: '/srv/ksp' }, root)).toBe('/srv/ksp/.local/state/ksp');
  });

  it('holds releases, feedback spool, image cache and lake, each movable by its own variable', () => {
    const env = { KSP_STATE_DIR: '/var/lib/ksp' };
    expect(['releases', 'feedbackSpool', 'imageCache', 'lake'].map((part) => statePath(part as Parameters<typeof statePath>[0], env, root))).toEqual([
      '/var/lib/ksp/releases',
      '/var/lib/ksp/feedback-spool',
      '/var/lib/ksp/image-cache',
      '/var/lib/ksp/lake',
    ]);
    expect(statePath('releases', { ...env, RELEASES_DIR: 'out/releases' }, root)).toBe('/srv/ksp/app/out/releases');
    expect(statePath('imageCache', { ...env, KSP_IMAGE_CACHE: '/tmp/images' }, root)).toBe('/tmp/images');
    expect(statePath('feedbackSpool', { ...env, FEEDBACK_SPOOL_DIR: '/data/spool' }, root)).toBe('/data/spool');
    expect(statePath('lake', { ...env, LAKE_DIR: '/data/lake' }, root)).toBe('/data/lake');
  });

  it('is created at start, or the start names the variable to set', () => {
    const dir = path.join(work, 'state', 'releases');
    prepareStateDir('releases', dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    // A state directory that cannot be made (here a file is in the way; on a server, a read-only home).
    writeFileSync(path.join(work, 'blocked'), '');
    expect(() => prepareStateDir('releases', path.join(work, 'blocked', 'releases'))).toThrow(
      /blocked\/releases cannot be created or written \(ENOTDIR\)\. Set KSP_STATE_DIR \(or RELEASES_DIR for this part alone\).*KSP_STATE_DIR=\/var\/lib\/ksp/,
    );
  });
});
