import { Injectable, NotFoundException } from '@nestjs/common';
import { t } from '../reports/i18n';
import { InvalidInputException } from '@deelwijs/platform';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { readProgramme, writeProgramme, type DefinitionFormat } from './programme-format';
import { ProgrammeRepository } from './programme.repository';
import type { ProgrammeDefinition } from './programme.schema';

@Injectable()
export class ProgrammesService {
  constructor(
    private readonly repository: ProgrammeRepository,
    private readonly snapshots: SnapshotsService,
  ) {}

  /** Creates or replaces a programme; nothing is written unless the whole definition is valid. */
  async import(code: string, body: unknown, format: DefinitionFormat): Promise<{ created: boolean; definition: ProgrammeDefinition }> {
    const definition = readProgramme(body, format);
    if (definition.code !== code) {
      throw new InvalidInputException([{ name: 'code', reason: `must equal the code in the path (${code})` }]);
    }
    const { created } = await this.repository.save(definition);
    await this.snapshots.schedule(definition.code);
    return { created, definition };
  }

  async export(code: string, format: DefinitionFormat): Promise<string> {
    const stored = await this.repository.find(code);
    if (!stored) {
      throw new NotFoundException(`Programme ${code} does not exist.`);
    }
    return writeProgramme(stored.definition, format);
  }

  async list() {
    return (await this.repository.list()).map(({ definition, revision }) => ({
      code: definition.code,
      title: t(definition.title, 'nl'),
      period: definition.period,
      prestaties: definition.prestaties.map((prestatie) => prestatie.code),
      revision,
    }));
  }
}
