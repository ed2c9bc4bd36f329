import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The portal (backend-for-frontend) the dev server forwards /api and /auth to. */
const portal = process.env.PORTAL_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/services/portal-web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The first visit loads the shell; every page is its own chunk (React.lazy in src/app/routes.tsx).
    rollupOptions: {
      // Timings of plugins vary with the machine's load; they are not a problem of the build.
      checks: { pluginTimings: false },
      // The Utrecht packages declare no "sideEffects": their modules only define components (the
      // CSS comes in once, in main.tsx), so unused ones can go: the first visit loads less script.
      treeshake: {
        moduleSideEffects: (id: string) => !/node_modules\/@utrecht\/.+\.m?js$/.test(id),
      },
      onwarn(warning, warn) {
        // React Query marks its hooks "use client" for server components; a plain SPA has none.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
  server: {
    port: Number(process.env.PORTAL_WEB_PORT ?? 5173),
    proxy: { '/api': portal, '/auth': portal },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
