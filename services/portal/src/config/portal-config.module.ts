import { Global, Module, type DynamicModule } from '@nestjs/common';
import { PortalConfig } from './portal.config';

/** Makes the validated config injectable as PortalConfig. */
@Global()
@Module({})
export class PortalConfigModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return { module: PortalConfigModule, providers: [{ provide: PortalConfig, useValue: config }], exports: [PortalConfig] };
  }
}
