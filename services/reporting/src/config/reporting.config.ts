import { ServiceConfig } from '@deelwijs/platform';

/** The reporting service reads only the platform's settings so far; its own ones go here. */
export class ReportingConfig extends ServiceConfig {}
