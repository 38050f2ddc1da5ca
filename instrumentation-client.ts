import { z } from 'zod';

/*
 * Runs in the browser before the app's modules (Next.js's instrumentation-client convention).
 * zod compiles fast parsers with `new Function` when it may, and probes for that when a schema
 * is built; our Content-Security-Policy forbids eval, so the probe would only log a violation.
 * Told up front, zod builds its plain parsers and never probes.
 */
z.config({ jitless: true });
