import { bootstrapService } from '@deelwijs/platform';
import { reportingService } from './reporting.service-definition';

void bootstrapService(reportingService);
