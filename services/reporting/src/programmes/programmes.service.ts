import { ConflictException, Injectable, Logger, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ProgrammePublishedV1, ProgrammeWithdrawnV1 } from '@deelwijs/contracts';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException } from '@deelwijs/platform';
import { t, type Language } from '../reports/i18n';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { periodsOverlap, programmePublished } from './programme-events';
import { readProgramme, writeProgramme, type DefinitionFormat } from './programme-format';
import { ProgrammeRepository } from './programme.repository';
import type { ProgrammeDefinition } from './programme.schema';

/**
 * Programme definitions, and their publication: every import, change or withdrawal appends
 * `reporting.programme.published.v1` or `.withdrawn.v1` (version = the programme's revision)
 * to the outbox in the same transaction, so the activities and knowledge services learn
 * exactly the programmes that are stored here.
 */
@Injectable()
export class ProgrammesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProgrammesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ProgrammeRepository,
    private readonly snapshots: SnapshotsService,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Programmes stored without a publication (imported with the CLI, or stored before programmes
   * were published) are published at start; a change made over HTTP is published at once.
   */
  async onApplicationBootstrap(): Promise<void> {
    for (const code of await this.repository.unpublished()) {
      await this.dataSource.transaction(async (tx) => {
        await this.repository.lockAll(tx);
        const stored = await this.repository.find(code, tx);
        if (stored && stored.publishedRevision < stored.revision) {
          await this.publish(tx, stored.definition, stored.revision, stored.withdrawnAt);
        }
      });
      this.logger.log(`published programme ${code}`);
    }
  }

  /** Creates or replaces a programme; nothing is written unless the whole definition is valid. */
  async import(code: string, body: unknown, format: DefinitionFormat): Promise<{ created: boolean; definition: ProgrammeDefinition }> {
    const definition = readProgramme(body, format);
    if (definition.code !== code) {
      throw new InvalidInputException([{ name: 'code', reason: `must equal the code in the path (${code})` }]);
    }
    const { created } = await this.dataSource.transaction(async (tx) => {
      await this.repository.lockAll(tx);
      await this.requireOneDefault(tx, definition);
      const saved = await this.repository.save(definition, tx);
      await this.publish(tx, definition, saved.revision);
      return saved;
    });
    await this.snapshots.schedule(definition.code);
    return { created, definition };
  }

  /** No new work may name the programme; its reports stay readable, and an import puts it in force again. */
  async withdraw(code: string, now = new Date()): Promise<{ code: string; version: number; withdrawnAt: string }> {
    return this.dataSource.transaction(async (tx) => {
      await this.repository.lockAll(tx);
      const stored = await this.repository.find(code, tx);
      if (!stored) {
        throw new NotFoundException(`Programme ${code} does not exist.`);
      }
      if (stored.withdrawnAt) {
        throw new ConflictException(`Programme ${code} was already withdrawn on ${stored.withdrawnAt.toISOString()}.`);
      }
      const version = await this.repository.withdraw(tx, code, now);
      await this.publish(tx, stored.definition, version, now);
      return { code, version, withdrawnAt: now.toISOString() };
    });
  }

  async export(code: string, format: DefinitionFormat): Promise<string> {
    const stored = await this.repository.find(code);
    if (!stored) {
      throw new NotFoundException(`Programme ${code} does not exist.`);
    }
    return writeProgramme(stored.definition, format);
  }

  async list(language: Language) {
    return (await this.repository.list()).map(({ definition, revision, withdrawnAt }) => ({
      code: definition.code,
      title: t(definition.title, language),
      period: definition.period,
      isDefaultForPeriod: definition.isDefaultForPeriod,
      prestaties: definition.prestaties.map((prestatie) => prestatie.code),
      revision,
      withdrawnAt: withdrawnAt?.toISOString(),
    }));
  }

  /** At most one programme in force is the default for any day: work naming no programme must land in one. */
  private async requireOneDefault(tx: EntityManager, definition: ProgrammeDefinition): Promise<void> {
    if (!definition.isDefaultForPeriod) {
      return;
    }
    const other = (await this.repository.list(tx)).find(
      ({ definition: found, withdrawnAt }) =>
        found.code !== definition.code && !withdrawnAt && found.isDefaultForPeriod && periodsOverlap(found.period, definition.period),
    );
    if (other) {
      throw new InvalidInputException([
        {
          name: 'isDefaultForPeriod',
          reason: `programme ${other.definition.code} is already the default for ${other.definition.period.start} – ${other.definition.period.end}; withdraw it or make it not the default first`,
        },
      ]);
    }
  }

  private async publish(tx: EntityManager, definition: ProgrammeDefinition, version: number, withdrawnAt?: Date): Promise<void> {
    if (withdrawnAt) {
      await this.outbox.append(tx, ProgrammeWithdrawnV1, { programmeCode: definition.code, version, withdrawnAt: withdrawnAt.toISOString() });
    } else {
      await this.outbox.append(tx, ProgrammePublishedV1, programmePublished(definition, version, new Date()));
    }
    await this.repository.markPublished(tx, definition.code, version);
  }
}
