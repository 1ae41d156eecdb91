/**
 * Worker thread of `Scanner.scanFile`: scans a part of a large file and sends back its summary
 * rows. The first part parses its crash blocks itself and sends the crash state at its end; a
 * later part sends, in order, the crash lines it did not parse (the crash state machine goes on
 * in the main thread, from the first part's state).
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Scanner, type Level } from './scanner.js';

const { path, start, end, first, level, messages, progress } = workerData as { path: string; start: number; end: number; first: boolean; level?: Level; messages?: boolean; progress: Int32Array };
const s = new Scanner({ level, messages, threads: 1, onProgress: (bytes) => Atomics.store(progress, 0, Math.floor(bytes / 65536)) });
s.startPart(path, first);
const fd = openSync(path, 'r');
try {
  const lines = s.readRange(fd, start, end);
  parentPort!.postMessage(s.partResult(lines));
} finally {
  closeSync(fd);
}
