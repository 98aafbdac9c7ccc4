/** What the fuzz test accepts from a call that throws, and how it names a call in a report. */
import { show } from '../../src/errors';

const SPEAKING_FOR_CALLER = ['checkTensor', 'convInfo', 'convTransposeInfo', 'convGeometry', 'convTransposeGeometry', 'resolve'];

/**
 * A thrown value is in the project's voice when it is a TypeError or RangeError whose message
 * starts with the function's name and ': ', then names what is wrong: a parameter and its value
 * (`x.shape[1]=0 must be ...`), an unknown option, or the values given (`values must ...`).
 */
export function judge(name: string, args: unknown[], error: unknown): { ok: true } | { ok: false; why: string } {
  const text = error instanceof Error ? `${error.constructor.name}: ${error.message}` : `non-error ${show(error)}`;
  if (!(error instanceof TypeError || error instanceof RangeError)) return { ok: false, why: text };
  // These helpers speak for their caller: their first argument is the caller's name.
  if (SPEAKING_FOR_CALLER.includes(name) && typeof args[0] === 'string' && (name !== 'checkTensor' || typeof args[1] === 'string')) name = args[0];
  if (!error.message.startsWith(`${name}: `)) return { ok: false, why: `${text} (does not start with "${name}: ")` };
  const said = error.message.slice(name.length + 2);
  if (!/^(the \w+|unknown (option|argument)|[\w$.[\]]+)[ =(]/.test(said)) {
    return { ok: false, why: `${text} (names no parameter)` };
  }
  return { ok: true };
}

/** `name(arg, ...)` with each argument shortened, for the report and the watchdog. */
export function describeCall(name: string, args: unknown[]): string {
  return `${name}(${args.map(brief).join(', ')})`.slice(0, 400);
}

function brief(value: unknown): string {
  if (typeof value === 'symbol' || typeof value === 'bigint') return String(value) + (typeof value === 'bigint' ? 'n' : '');
  if (typeof value === 'function') return 'function';
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${brief(v)}`).join(', ')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(brief).join(', ')}]`;
  return show(value);
}
