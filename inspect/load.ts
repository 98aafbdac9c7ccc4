/**
 * One entry for both faces (page worker and command line): bytes of an ONNX file, or a
 * model.json with its weight files, -> the report. No Node or DOM APIs here.
 */
import { analyse, type Report } from './analyse';
import { checkSize, ModelError, type Progress } from './model';
import { parseOnnx } from './onnx';
import { onnxSummary } from './onnxLayers';
import { parseTfjs, readModelJson, tfjsSummary } from './tfjs';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** True when the files are a TF.js model (one of them is a .json). */
export function isTfjs(files: readonly InputFile[]): boolean {
  return files.some((f) => f.name.toLowerCase().endsWith('.json'));
}

/** Reads the model in `files` (one .onnx, or a model.json and its .bin files) and analyses it. */
export function inspectFiles(files: readonly InputFile[], onProgress?: Progress): Report {
  if (files.length === 0) throw new ModelError('format', 'no file given: choose an .onnx file, or a model.json with its weight files');
  checkSize(files.map((f) => f.name).join(', '), files.reduce((n, f) => n + f.bytes.length, 0));
  if (isTfjs(files)) {
    const json = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
    if (json.length > 1) throw new ModelError('format', `${json.length} JSON files given (${json.map((f) => f.name).join(', ')}): choose one model.json and its weight files`);
    const text = new TextDecoder().decode(json[0].bytes);
    const weights = new Map(files.filter((f) => f !== json[0]).map((f) => [f.name, f.bytes]));
    const model = parseTfjs(readModelJson(json[0].name, text), weights, { name: json[0].name, onProgress });
    return analyse(tfjsSummary(model, json[0].name), onProgress);
  }
  if (files.length > 1) throw new ModelError('format', `${files.length} files given (${files.map((f) => f.name).join(', ')}): an ONNX model is one .onnx file; a TF.js model needs its model.json`);
  const [file] = files;
  const model = parseOnnx(file.bytes, { name: file.name, onProgress });
  return analyse(onnxSummary(model, file.name), onProgress);
}
