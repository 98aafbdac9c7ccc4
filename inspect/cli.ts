#!/usr/bin/env node
/**
 * deconv inspect MODEL [--json]: the up-sampling layers of an ONNX file or a TF.js layers
 * model (model.json; its weight files are read from the same folder), explained by the
 * core. Prints a table (or the report as JSON). Exit status 0 when the model was read,
 * 1 when the file cannot be read (the message says why), 2 on a usage error.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { InputFile } from './load';
import { inspectFiles } from './load';
import { checkSize } from './model';
import { weightFiles, readModelJson } from './tfjs';
import { formatReport } from './table';

const USAGE = 'usage: deconv inspect MODEL [--json]   (MODEL: an .onnx file, or a TF.js model.json next to its weight files)';

function read(path: string): InputFile {
  const size = statSync(path).size;
  checkSize(basename(path), size);
  return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
}

function filesOf(path: string): InputFile[] {
  const model = read(path);
  if (!path.toLowerCase().endsWith('.json')) return [model];
  const json = readModelJson(model.name, new TextDecoder().decode(model.bytes));
  const weights = weightFiles(json).flatMap((p) => {
    try {
      return [read(join(dirname(path), p))];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  });
  return [model, ...weights];
}

function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--json');
  const json = argv.includes('--json');
  if (args[0] === 'inspect') args.shift();
  if (args.length !== 1 || args[0].startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [path] = args;
  try {
    const report = inspectFiles(filesOf(path));
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return 0;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'ENOENT' ? `${path}: no such file` : err.code === 'EISDIR' ? `${path} is a folder, not a model file` : err.message;
    process.stderr.write(`deconv inspect: cannot read ${path}: ${message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
