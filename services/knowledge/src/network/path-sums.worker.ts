import { parentPort, workerData } from 'node:worker_threads';
import { pathSums, type Adjacency } from './shortest-path-metrics';

/** Runs in a worker thread: one share of the sources' breadth-first searches (see sumPathsInParallel). */
const { graph, from, to } = workerData as { graph: Adjacency; from: number; to: number };
const sums = pathSums(graph, from, to);
parentPort!.postMessage(sums);
