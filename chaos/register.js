/**
 * `node --import ./chaos/register.js chaos/main.ts`: runs the chaos harness from its TypeScript
 * sources, the way jest runs the tests (swc strips the types; nothing is type-checked here, `npm
 * run typecheck` does that). Node 20 cannot run .ts files itself, and the harness is not part
 * of the published build (dist/), so it is transpiled in memory as it loads.
 */
import { register } from 'node:module';

register('./ts-loader.js', import.meta.url);
