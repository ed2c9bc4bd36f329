import { bootstrapGateway } from '@deelwijs/platform';
import { portalService } from './portal.definition';

if (!process.env.OIDC_ISSUER_URL) {
  // The services may run without a provider (staff tokens only); the portal signs people in and cannot.
  process.stderr.write('portal: Invalid configuration:\n  - OIDC_ISSUER_URL is required (npm start sets it to the embedded provider)\n');
  process.exit(78);
}
void bootstrapGateway(portalService);
