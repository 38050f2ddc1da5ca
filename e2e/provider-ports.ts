/*
 * Where the browser tests' provider fakes listen. The app server starts before any spec, with
 * PROVIDER_URL_<PROVIDER> pointing here (playwright.config.ts); a spec starts the fake it needs
 * on its port and tells it how to answer. E2E_FAKE_PORT_BASE moves them all, so that two runs of
 * the suite on one machine (with different E2E_PORT) do not meet.
 */
const base = Number(process.env.E2E_FAKE_PORT_BASE ?? 3291);
export const fakePorts = { telegram: base, whatsapp: base + 1 } as const;
