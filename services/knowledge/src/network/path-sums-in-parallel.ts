import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { addPathSums, pathSums, type Adjacency, type PathSums } from './shortest-path-metrics';

/**
 * The all-pairs breadth-first searches of betweenness and closeness, the sources split into
 * contiguous shares: one per core, this thread taking the first. Shares are summed in source
 * order, so the figures equal a single pass up to the rounding of adding two partial sums
 * (relative 1e-15, far below the six decimals stored). Under ts-jest there is no compiled
 * worker file and everything runs in this thread.
 */
export async function sumPathsInParallel(graph: Adjacency, threads = Math.min(4, os.availableParallelism())): Promise<PathSums> {
  const script = path.join(__dirname, 'path-sums.worker.js');
  const shares = Math.max(1, Math.min(threads, Math.floor(graph.order / 64)));
  if (shares === 1 || !existsSync(script)) {
    return pathSums(graph);
  }
  const bounds = Array.from({ length: shares + 1 }, (_, share) => Math.round((share * graph.order) / shares));
  const others = bounds.slice(1, -1).map(
    (from, index) =>
      new Promise<PathSums>((resolve, reject) => {
        const worker = new Worker(script, { workerData: { graph, from, to: bounds[index + 2] } });
        worker.once('message', (sums: PathSums) => {
          resolve(sums);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) {
            reject(new Error(`path sums worker exited with code ${code}`));
          }
        });
      }),
  );
  // Let the other shares start before this thread is busy with its own.
  await new Promise((resolve) => setImmediate(resolve));
  const total = pathSums(graph, 0, bounds[1]);
  const results = await Promise.all(others);
  results.forEach((share, index) => addPathSums(total, share, bounds[index + 1], bounds[index + 2]));
  return total;
}
