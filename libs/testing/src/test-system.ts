import { createTestDatabase, deleteNamespaceQueues, deleteNamespaceStreams, uniqueName } from './infrastructure';
import { ServiceProcess, type ServiceProcessOptions } from './service-process';
import { SmtpReceiver } from './smtp-receiver';

/**
 * Everything one test file starts against the real servers, under one unique namespace:
 * databases, service processes, streams and queues, and an SMTP server the services mail to.
 * `cleanUp` removes all of it.
 */
export class TestSystem {
  readonly namespace: string;
  private readonly databases: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
  private readonly processes: ServiceProcess[] = [];
  private smtp?: Promise<SmtpReceiver>;

  constructor(label: string) {
    this.namespace = uniqueName(label);
  }

  async database(label: string): Promise<string> {
    const database = await createTestDatabase(label);
    this.databases.push(database);
    return database.url;
  }

  /** The system's mail server, started on first use; services started here send to it. */
  mail(): Promise<SmtpReceiver> {
    this.smtp ??= new SmtpReceiver().start();
    return this.smtp;
  }

  async start(
    service: ServiceProcessOptions['service'],
    databaseUrl: string | undefined,
    env?: Record<string, string>,
    options: { port?: number; readyTimeoutMs?: number; nodeArgs?: string[] } = {},
  ): Promise<ServiceProcess> {
    const mail = await this.mail();
    const process = await ServiceProcess.start({
      service,
      databaseUrl,
      namespace: this.namespace,
      env: { ...mail.env(), ...env },
      port: options.port,
      readyTimeoutMs: options.readyTimeoutMs,
      nodeArgs: options.nodeArgs,
    });
    this.processes.push(process);
    return process;
  }

  async cleanUp(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop()));
    await deleteNamespaceStreams(this.namespace);
    await deleteNamespaceQueues(this.namespace);
    await Promise.all(this.databases.map((database) => database.drop()));
    await (await this.smtp)?.stop();
  }
}
