import { bootstrapService } from '@deelwijs/platform';
import { knowledgeService } from './knowledge.service-definition';

void bootstrapService(knowledgeService);
