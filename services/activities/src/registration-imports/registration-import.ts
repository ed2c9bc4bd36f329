import type { Registrant } from '../booking/registration';
import type { RegistrationOutcome } from '../registrations/dto/registration.dto';
import type { Mapping } from './import-mapping';
import type { SpreadsheetFormat } from './spreadsheet-rows';

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

/** A registration import as stored: who sent it, how to read it, how far its job is. */
export interface RegistrationImport {
  id: string;
  /** Who may see it: `partner:<organisation>` for a partner, `<kind>:<id>` for staff. */
  owner: string;
  registrant: Registrant;
  format: SpreadsheetFormat;
  mapping: Mapping;
  activityId: string | null;
  status: ImportStatus;
  rowsTotal: number;
  rowsDone: number;
  counts: Record<RegistrationOutcome, number>;
  failure: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** One row's result: no personal data, only what became of it and why. */
export interface ImportRowResult {
  rowNumber: number;
  outcome: RegistrationOutcome;
  registrationId: string | null;
  waitlistPosition: number | null;
  field: string | null;
  reason: string | null;
}
