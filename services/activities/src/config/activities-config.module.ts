import { Module, type DynamicModule } from '@nestjs/common';
import { ActivitiesConfig } from './activities.config';

/** Makes the validated config injectable as ActivitiesConfig in every feature module. */
@Module({})
export class ActivitiesConfigModule {
  static forRoot(config: ActivitiesConfig): DynamicModule {
    return {
      module: ActivitiesConfigModule,
      global: true,
      providers: [{ provide: ActivitiesConfig, useValue: config }],
      exports: [ActivitiesConfig],
    };
  }
}
