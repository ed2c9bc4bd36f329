import { bootstrapService } from '@deelwijs/platform';
import { activitiesService } from './activities.service-definition';

void bootstrapService(activitiesService);
