/** The import queue and its jobs: names are a public contract (renaming one strands waiting jobs). */
export const REGISTRATION_IMPORTS_QUEUE = 'registration-imports';
export const RUN_IMPORT_JOB = 'run-registration-import';
export const EXPIRE_IMPORTS_JOB = 'expire-registration-imports';

/** A job holds the import's id, never its rows. */
export interface RunImportJob {
  importId: string;
}
