/**
 * One peer in its own process (peers sharing a process slowed each other 1.3-2x). The parent
 * (bench/run.ts) drives it over IPC, one message at a time, so that only one peer runs at once:
 *   {setup, case}  -> {ready, setupMs, firstMs}      prepare and run once (warm-up)
 *   {time, reps}   -> {times}                        reps timed calls, ms each
 *   {output, path} -> {written}                      the last output as raw float32
 *   {exit}         -> {rss}                          peak resident memory, then exit
 */
import { writeFileSync } from 'node:fs';
import { CASES } from './cases';
import { peer, type Call, type PeerName } from './peers';

type Message =
  | { type: 'setup'; id: string; warm: boolean }
  | { type: 'time'; reps: number }
  | { type: 'output'; path: string }
  | { type: 'exit' };

const name = process.argv[2] as PeerName;
const impl = peer(name);
let call: Call | undefined;
let last: Float32Array | undefined;
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function send(message: object): void {
  process.send!(message);
}

async function handle(message: Message): Promise<void> {
  switch (message.type) {
    case 'setup': {
      const c = CASES.find((k) => k.id === message.id)!;
      call = undefined;
      last = undefined;
      const t0 = performance.now();
      call = await impl.prepare(c);
      const t1 = performance.now();
      last = await call();
      const t2 = performance.now();
      // A second untimed call: the first one compiles (JIT, WebAssembly tiers).
      if (message.warm && t2 - t1 < 1000) last = await call();
      send({ type: 'ready', setupMs: t1 - t0, firstMs: t2 - t1, rssMB: mb(process.memoryUsage().rss) });
      break;
    }
    case 'time': {
      const times: number[] = [];
      for (let r = 0; r < message.reps; r++) {
        const t = performance.now();
        last = await call!();
        times.push(performance.now() - t);
      }
      send({ type: 'times', times, rssMB: mb(process.memoryUsage().rss) });
      break;
    }
    case 'output':
      writeFileSync(message.path, new Uint8Array(last!.buffer, last!.byteOffset, last!.byteLength));
      send({ type: 'written' });
      break;
    case 'exit':
      send({ type: 'rss', peakMB: mb(process.resourceUsage().maxRSS * 1024) });
      process.disconnect();
      break;
  }
}

process.on('message', (message: Message) => {
  handle(message).catch((e: Error) => send({ type: 'error', message: e.stack ?? e.message }));
});
send({ type: 'started', rssMB: mb(process.memoryUsage().rss) });
