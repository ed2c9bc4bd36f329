import { ServiceConfig } from '@deelwijs/platform';

/** The knowledge service reads only the platform's settings so far; its own ones go here. */
export class KnowledgeConfig extends ServiceConfig {}
