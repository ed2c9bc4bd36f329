import { parentPort, workerData } from 'node:worker_threads';
import { computeNetworkMetrics, type NetworkLink } from './network-metrics';

/** Runs in a worker thread: see computeInWorker. */
const { links, labels } = workerData as { links: NetworkLink[]; labels: [string, string][] };
parentPort!.postMessage(computeNetworkMetrics(links, new Map(labels)));
