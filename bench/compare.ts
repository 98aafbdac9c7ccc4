/**
 * npx tsx bench/compare.ts <other checkout> [S1,S2,...] [rounds]
 *
 * This core against another checkout's (e.g. main's, to show a change makes no shape slower),
 * both loaded in one process and timed in interleaved rounds (the order alternates), in CPU
 * time, on the bench's shapes (bench/cases.ts): per case, the median time per call of each and
 * the median over the rounds of this/other. On a shared machine the rounds' ratios scatter; the
 * median of paired rounds is what to read. A measurement, never a test.
 *
 * A checkout without node_modules can be a plain copy of a commit:
 *   git archive main | tar -x -C /tmp/main && ln -s "$PWD/node_modules" /tmp/main/node_modules
 */
import { resolve } from 'node:path';
import * as mine from '../src/index';
import { CASES, coreOptions, inputs } from './cases';

type Core = typeof mine;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** CPU milliseconds per call of f over `reps` calls. */
function cpuMs(f: () => unknown, reps: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < reps; i++) f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / reps;
}

async function main(): Promise<void> {
  const [dir, ids, roundsText] = process.argv.slice(2);
  if (dir === undefined) throw new Error('usage: npx tsx bench/compare.ts <other checkout> [S1,S2,...] [rounds]');
  const other = (await import(resolve(dir, 'src/index.ts'))) as Core;
  const rounds = Number(roundsText ?? 9);
  const wanted = ids?.split(',') ?? CASES.map((c) => c.id);
  console.log(`this checkout against ${resolve(dir)}: ${rounds} paired rounds per case, CPU time`);
  for (const c of CASES.filter((k) => wanted.includes(k.id))) {
    const { x, w } = inputs(c);
    const options = coreOptions(c);
    const call = (core: Core) => (c.op === 'convTranspose' ? () => core.convTranspose(x, w, options) : () => core.conv(x, w, options));
    const [theirs, ours] = [call(other), call(mine)];
    theirs();
    ours();
    // Enough calls per turn for about 100 ms.
    const reps = Math.max(1, Math.min(2000, Math.floor(100 / Math.max(cpuMs(ours, 1), 1e-3))));
    const times = { theirs: [] as number[], ours: [] as number[], ratio: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      const [a, b] = r % 2 ? [cpuMs(theirs, reps), cpuMs(ours, reps)] : [cpuMs(ours, reps), cpuMs(theirs, reps)].reverse();
      times.theirs.push(a);
      times.ours.push(b);
      times.ratio.push(b / a);
    }
    const sorted = [...times.ratio].sort((p, q) => p - q);
    console.log(`${c.id.padEnd(4)} other ${median(times.theirs).toPrecision(3)} ms, this ${median(times.ours).toPrecision(3)} ms, ` +
      `this/other ${median(times.ratio).toFixed(3)} (rounds ${sorted[0].toFixed(2)}-${sorted[sorted.length - 1].toFixed(2)}, ${reps} calls each)`);
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
