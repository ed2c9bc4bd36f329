import { createTestDatabase, deleteNamespaceQueues, deleteNamespaceStreams, uniqueName } from './infrastructure';
import { ServiceProcess, type ServiceProcessOptions } from './service-process';

/**
 * Everything one test file starts against the real servers, under one unique namespace:
 * databases, service processes, streams and queues. `cleanUp` removes all of it.
 */
export class TestSystem {
  readonly namespace: string;
  private readonly databases: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
  private readonly processes: ServiceProcess[] = [];

  constructor(label: string) {
    this.namespace = uniqueName(label);
  }

  async database(label: string): Promise<string> {
    const database = await createTestDatabase(label);
    this.databases.push(database);
    return database.url;
  }

  async start(service: ServiceProcessOptions['service'], databaseUrl: string, env?: Record<string, string>): Promise<ServiceProcess> {
    const process = await ServiceProcess.start({ service, databaseUrl, namespace: this.namespace, env });
    this.processes.push(process);
    return process;
  }

  async cleanUp(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop()));
    await deleteNamespaceStreams(this.namespace);
    await deleteNamespaceQueues(this.namespace);
    await Promise.all(this.databases.map((database) => database.drop()));
  }
}
