import { Controller } from '@nestjs/common';
import { OnEvents } from '@deelwijs/messaging';
import { PROJECTION_HANDLERS } from './projection-handlers';
import { Projector } from './projector.service';

/**
 * The durable consumers of the projection: one per row of the handler table, each applying its
 * event through the Projector in the inbox's transaction.
 */
@Controller()
@OnEvents(PROJECTION_HANDLERS, (controller: ProjectionEventsController) => controller.projector)
export class ProjectionEventsController {
  constructor(readonly projector: Projector) {}
}
