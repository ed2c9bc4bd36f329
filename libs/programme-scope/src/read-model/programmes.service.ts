import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PayloadOf, ProgrammePublishedV1, ProgrammeWithdrawnV1 } from '@deelwijs/contracts';
import { programmeOrRefuse, recordOfPublished, type ScopeClaim } from '../programme-scope';
import { ProgrammesRepository } from './programmes.repository';

/**
 * The programmes this service knows, learnt from reporting's events, and the one question the
 * other features ask of them: which programme does this work belong to, and does it name only
 * prestaties and actions of that programme? (The rules: `decideScope` in @deelwijs/programme-scope.)
 */
@Injectable()
export class ProgrammesService {
  constructor(private readonly programmes: ProgrammesRepository) {}

  published(db: EntityManager, event: PayloadOf<typeof ProgrammePublishedV1>): Promise<void> {
    return this.programmes.upsert(db, recordOfPublished(event));
  }

  withdrawn(db: EntityManager, event: PayloadOf<typeof ProgrammeWithdrawnV1>): Promise<void> {
    return this.programmes.withdraw(db, event.programmeCode, event.version);
  }

  /** The programme of the work (null while no programme is known at all); a 422 naming the field otherwise. */
  async programmeOf(db: EntityManager, claim: ScopeClaim): Promise<string | null> {
    return programmeOrRefuse(await this.programmes.all(db), claim);
  }
}
