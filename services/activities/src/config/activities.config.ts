import { ServiceConfig } from '@deelwijs/platform';

/** The activities service reads only the platform's settings so far; its own ones go here. */
export class ActivitiesConfig extends ServiceConfig {}
