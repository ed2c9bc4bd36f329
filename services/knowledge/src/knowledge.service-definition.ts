import type { ServiceDefinition } from '@deelwijs/platform';
import { ActivityReferencesModule } from './activity-references/activity-references.module';
import { AdvicesModule } from './advices/advices.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuditModule } from './audit/audit.module';
import { KnowledgeConfigModule } from './config/knowledge-config.module';
import { KnowledgeConfig } from './config/knowledge.config';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { ItemsModule } from './items/items.module';
import { LessonsLearnedModule } from './lessons-learned/lessons-learned.module';
import { ActivityReferences1763800003000 } from './migrations/1763800003000-activity-references';
import { KnowledgeItems1763800004000 } from './migrations/1763800004000-knowledge-items';
import { AdvicesEvaluationsNetwork1763800004100 } from './migrations/1763800004100-advices-evaluations-network';
import { ProgrammeScope1764100000000 } from './migrations/1764100000000-programme-scope';
import { ErasableAuthors1764300000000 } from './migrations/1764300000000-erasable-authors';
import { SearchPublishedOrder1764400000000 } from './migrations/1764400000000-search-published-order';
import { NetworkModule } from './network/network.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ProgrammesModule } from '@deelwijs/programme-scope';
import { SearchModule } from './search/search.module';

export const knowledgeService: ServiceDefinition<KnowledgeConfig> = {
  name: 'knowledge',
  title: 'Deelwijs knowledge repository API',
  description:
    'Kennisbank: kennisitems met versies, zoeken, adviezen, geleerde lessen, evaluaties en de beleidsmonitor. / ' +
    'Knowledge items with versions, search, advices, lessons learned, evaluations and the policy monitor.',
  configClass: KnowledgeConfig,
  defaults: { PORT: '3002', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/deelwijs_knowledge' },
  entities: [],
  migrations: [
    ActivityReferences1763800003000,
    KnowledgeItems1763800004000,
    AdvicesEvaluationsNetwork1763800004100,
    ProgrammeScope1764100000000,
    ErasableAuthors1764300000000,
    SearchPublishedOrder1764400000000,
  ],
  modules: (config) => [
    KnowledgeConfigModule.forRoot(config),
    AuditModule,
    ProgrammesModule,
    ItemsModule,
    SearchModule,
    LessonsLearnedModule,
    ActivityReferencesModule,
    AdvicesModule,
    EvaluationsModule,
    NetworkModule,
    AttachmentsModule,
    PrivacyModule,
  ],
};
