import { parentPort, workerData } from 'node:worker_threads';
import { computeNetworkMetricsInParallel, type NetworkLink } from './network-metrics';

/** Runs in a worker thread: see computeInWorker. */
const { links, labels } = workerData as { links: NetworkLink[]; labels: [string, string][] };
void computeNetworkMetricsInParallel(links, new Map(labels)).then((metrics) => parentPort!.postMessage(metrics));
