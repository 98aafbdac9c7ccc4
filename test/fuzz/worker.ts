/**
 * The fuzz calls, run in a child process so that the test (fuzz.test.ts) can kill a call
 * that hangs: before each call this process writes `CALL <i> <function> <arguments>` to
 * stdout synchronously, so the last line the test read is the call that did not return. At
 * the end it writes `RESULT <json>`: the call count, the distinct error messages and every
 * call that threw anything but the project's own TypeError/RangeError.
 *
 * Usage: node --import tsx test/fuzz/worker.ts <seed> <calls per function>
 */
import { writeSync } from 'node:fs';
import fc from 'fast-check';
import * as api from '../../src/index';
import { argumentLists } from './arguments';
import { describeCall, judge } from './judge';

const seed = Number(process.argv[2] ?? 42);
const perFunction = Number(process.argv[3] ?? 100);
/** Functions left out (a comma list in FUZZ_SKIP), only to survey further while a hang is being fixed. */
const skipped = (process.env.FUZZ_SKIP ?? '').split(',');
// Every exported function, found at run time, so that a new export is fuzzed without a change here.
const functions = Object.entries(api)
  .filter((entry): entry is [string, (...args: unknown[]) => unknown] => typeof entry[1] === 'function')
  .filter(([name]) => !skipped.includes(name))
  .sort(([a], [b]) => a.localeCompare(b));

let calls = 0;
const messages = new Set<string>();
const failures: { call: string; error: string }[] = [];
functions.forEach(([name, fn], index) => {
  const lists = fc.sample(argumentLists(fn.length), { seed: seed + index, numRuns: perFunction });
  for (const args of lists) {
    const call = describeCall(name, args);
    writeSync(1, `CALL ${calls} ${call}\n`);
    calls++;
    let error: unknown = null;
    try {
      fn(...args);
    } catch (e) {
      error = e;
    }
    if (error === null) continue;
    const verdict = judge(name, args, error);
    if (verdict.ok) messages.add((error as Error).message.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/g, '#'));
    else failures.push({ call, error: verdict.why });
  }
  api.setEngine('auto');
});
writeSync(1, `RESULT ${JSON.stringify({ calls, functions: functions.length, messages: messages.size, failures })}\n`);
