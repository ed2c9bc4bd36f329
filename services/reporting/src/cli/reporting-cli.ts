/**
 * Operator commands of the reporting service (`nx run reporting:<target>` or
 * `node dist/services/reporting/src/cli/reporting-cli.js <command>`):
 *
 *   import-programme <file.yaml|file.json>   create or replace a programme definition (the service publishes
 *                                            it to the other services when it next starts; a PUT over HTTP
 *                                            publishes at once)
 *   export-programme <code> [--json]         print a definition (YAML by default)
 *   rebuild-projections [--keep]             replay the streams into fresh tables and compare
 *
 * Reads DATABASE_URL, NATS_URL and EVENTS_NAMESPACE like the service; exits 1 when a rebuild
 * does not arrive at the live numbers.
 */
import { readFileSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { EventNamespace } from '@deelwijs/contracts';
import { openMigratedDataSource } from '@deelwijs/persistence';
import { migrationDataSourceOptions, type ServiceDefinition } from '@deelwijs/platform';
import { readProgramme, writeProgramme } from '../programmes/programme-format';
import { ProgrammeRepository } from '../programmes/programme.repository';
import { ProjectionRebuild } from '../projections/rebuild/projection-rebuild';
import { reportingService } from '../reporting.service-definition';

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const dataSource: DataSource = await openMigratedDataSource(migrationDataSourceOptions(reportingService as unknown as ServiceDefinition), {
    log: () => undefined,
    error: (message: unknown) => process.stderr.write(`${String(message)}\n`),
    warn: () => undefined,
  });
  try {
    switch (command) {
      case 'import-programme': {
        const file = args[0];
        if (!file) {
          throw new Error('usage: import-programme <file.yaml|file.json>');
        }
        const definition = readProgramme(readFileSync(file, 'utf8'), file.endsWith('.json') ? 'json' : 'yaml');
        const saved = await new ProgrammeRepository(dataSource).save(definition);
        process.stdout.write(`${saved.created ? 'created' : 'replaced'} programme ${definition.code} (revision ${saved.revision})\n`);
        return 0;
      }
      case 'export-programme': {
        const stored = await new ProgrammeRepository(dataSource).find(args[0] ?? '');
        if (!stored) {
          throw new Error(`no programme ${args[0] ?? '(give a code)'}`);
        }
        process.stdout.write(writeProgramme(stored.definition, args.includes('--json') ? 'json' : 'yaml'));
        return 0;
      }
      case 'rebuild-projections': {
        const nc = await connect({ servers: (process.env.NATS_URL || 'nats://127.0.0.1:4222').split(',') });
        try {
          const rebuild = ProjectionRebuild.over(dataSource, nc, new EventNamespace(process.env.EVENTS_NAMESPACE ?? ''));
          const result = await rebuild.run({ keep: args.includes('--keep'), progress: (line) => process.stderr.write(`${line}\n`) });
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          process.stdout.write(result.equal ? 'rebuild arrives at the live numbers\n' : 'rebuild DIFFERS from the live projection\n');
          return result.equal ? 0 : 1;
        } finally {
          await nc.close();
        }
      }
      default:
        process.stderr.write('commands: import-programme <file>, export-programme <code> [--json], rebuild-projections [--keep]\n');
        return 64;
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reporting: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
