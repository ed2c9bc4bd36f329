import { ACTIVITIES_QUEUES } from '@deelwijs/platform';

/** The import queue and its jobs: names are a public contract (renaming one strands waiting jobs). */
export const REGISTRATION_IMPORTS_QUEUE = ACTIVITIES_QUEUES.registrationImports;
export const RUN_IMPORT_JOB = 'run-registration-import';
export const EXPIRE_IMPORTS_JOB = 'expire-registration-imports';

/** A job holds the import's id, never its rows. */
export interface RunImportJob {
  importId: string;
}
