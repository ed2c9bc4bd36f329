import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { computeNetworkMetrics, type NetworkLink, type NetworkMetrics } from './network-metrics';

/**
 * Betweenness and closeness take all-pairs shortest paths: seconds for a network of 10,000
 * nodes, even shared out over threads (see sumPathsInParallel). In the service's own thread that
 * would stall HTTP, event consumers and the BullMQ lock renewal (a job whose lock lapses is run
 * again elsewhere), so the computation runs in a worker thread, which starts the others. Under
 * ts-jest there is no compiled worker file, and it runs in-thread.
 */
export function computeInWorker(links: NetworkLink[], labels: Map<string, string>): Promise<NetworkMetrics> {
  const script = path.join(__dirname, 'network-metrics.worker.js');
  if (!existsSync(script)) {
    return Promise.resolve(computeNetworkMetrics(links, labels));
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { links, labels: [...labels] } });
    worker.once('message', (metrics: NetworkMetrics) => {
      resolve(metrics);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`network metrics worker exited with code ${code}`));
      }
    });
  });
}
