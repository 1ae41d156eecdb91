/**
 * Worker thread of `Scanner.scanFile`: scans the second part of a large file and sends back its
 * summary rows and, in order, the crash lines it did not parse (the crash state machine runs in
 * the main thread, which has seen the first part).
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Scanner, type Level } from './scanner.js';

const { path, start, end, level, messages, progress } = workerData as { path: string; start: number; end: number; level?: Level; messages?: boolean; progress: Int32Array };
const s = new Scanner({ level, messages, threads: 1, onProgress: (bytes) => Atomics.store(progress, 0, Math.floor(bytes / 65536)) });
s.startPart(path);
const fd = openSync(path, 'r');
try {
  const lines = s.readRange(fd, start, end);
  parentPort!.postMessage(s.partResult(lines));
} finally {
  closeSync(fd);
}
