import type { ServiceDefinition } from '@deelwijs/platform';
import { ActivityReferencesModule } from './activity-references/activity-references.module';
import { KnowledgeConfig } from './config/knowledge.config';
import { ActivityReferences1763800003000 } from './migrations/1763800003000-activity-references';

export const knowledgeService: ServiceDefinition<KnowledgeConfig> = {
  name: 'knowledge',
  title: 'Deelwijs knowledge repository API',
  description: 'Knowledge items, advices, lessons learned and the policy monitor. / Kennisbank.',
  configClass: KnowledgeConfig,
  defaults: { PORT: '3002', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deelwijs_knowledge' },
  entities: [],
  migrations: [ActivityReferences1763800003000],
  modules: () => [ActivityReferencesModule],
};
