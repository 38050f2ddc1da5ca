import { describe, expect, it } from 'vitest';
import { cyclesOf, importGraph, type Edge } from './import-graph';

/*
 * The layering rules (README, "Where things are"), checked over every import of the product.
 * `import type` counts like any import (a type pulled from a higher layer ties the layers just
 * the same, and one deleted keyword makes it a value import), with one exception in rule b.
 */
const edges = importGraph();
const show = (list: Edge[]) => list.map((e) => `${e.from} → ${e.to}${e.typeOnly ? ' (type)' : ''}`);

/*
 * The product's rules as pure functions, and the plain values they share with db/schema.
 * Listed by hand: a file joins by being reviewed as free of I/O, not by its name.
 */
const PURE = new Set([
  'server/windows/policy.ts',
  'server/windows/quiet-hours.ts',
  'server/windows/reasons.ts',
  'server/protocols/deadline.ts',
  'server/protocols/stages.ts',
  'server/protocols/escalation.ts',
  'server/attribution/policy.ts',
  'server/conversations/snooze.ts',
  'server/conversations/lifecycle.ts',
  'server/conversations/bulk.ts',
  'server/access/roles.ts',
  'server/channels/replay.ts',
  'server/messages/collision.ts',
  'server/messages/send-key.ts',
  'server/templates/render.ts',
  'server/templates/placeholders.ts',
  'server/templates/suggest.ts',
  'server/auth/throttle.ts',
  'server/auth/password-strength.ts',
  'server/users/policy.ts',
  'server/security-headers.ts',
  'server/channels/inbound.ts',
  'server/channels/storable.ts',
  'server/channels/credentials.ts',
  'server/channels/outbound.ts',
  'server/channels/provider-errors.ts',
  'server/messages/retry-policy.ts',
  'server/messages/pacing.ts',
  'server/templates/pricing.ts',
  'server/teams/round-robin.ts',
  'server/users/availability.ts',
  'server/followups/policy.ts',
  'server/links/policy.ts',
  'server/sms/policy.ts',
  'i18n/messages.ts',
  'db/transient.ts',
  'db/schema/values.ts',
  'db/schema/stage.ts',
]);
/** A provider's failure explanations are data: pure like the registry that gathers them. */
const isPure = (file: string) => PURE.has(file) || /^server\/channels\/providers\/([^/]+\/)?[\w-]*errors\.ts$/.test(file);
/* Packages a rule may use: neither does I/O. A new one here is a decision, so it is an allow-list. */
const PURE_PACKAGES = ['zod', 'luxon'];

const capabilityOf = (file: string) => /^server\/([^/]+)\//.exec(file)?.[1];
const isCapability = (name: string | undefined): name is string => !!name && name !== 'rest' && name !== 'app';

describe('layers', () => {
  it('a. db/schema and db/client import nothing from server/', () => {
    const bad = edges.filter((e) => /^db\/(schema\/|client\.ts$)/.test(e.from) && e.to.startsWith('server/'));
    expect(show(bad), 'db/schema and db/client sit below server/; move the shared type down into db/').toEqual([]);
  });

  it('b. pure rule files import nothing with I/O', () => {
    const bad = edges.filter((e) => {
      if (!isPure(e.from) || isPure(e.to)) return false;
      // A row type is data and is erased before run time, so it cannot do I/O.
      if (e.typeOnly && e.to.startsWith('db/schema/')) return false;
      return !e.external || !PURE_PACKAGES.some((p) => e.to === p || e.to.startsWith(`${p}/`));
    });
    expect(show(bad), 'a pure file may import other pure files, zod, luxon and db/schema types only').toEqual([]);
  });

  it('c. no import cycle between files', () => {
    const cycles = cyclesOf(edges.filter((e) => !e.external)).map((cycle) => cycle.join(' → '));
    expect(cycles, 'break each loop: the lower file must not import the higher one').toEqual([]);
  });

  it('d. a capability imports neither server/rest nor another capability’s router', () => {
    const bad = edges.filter((e) => {
      const from = capabilityOf(e.from);
      if (!isCapability(from)) return false;
      const to = capabilityOf(e.to);
      return to === 'rest' || (isCapability(to) && to !== from && e.to.endsWith('/router.ts'));
    });
    expect(show(bad), 'call the other capability’s service; shapes of the REST layer stay in server/rest').toEqual([]);
  });

  it('e. server/scheduler imports only db/, the clock and its own files', () => {
    const bad = edges.filter(
      (e) =>
        e.from.startsWith('server/scheduler/') &&
        e.to.startsWith('server/') &&
        !e.to.startsWith('server/scheduler/') &&
        e.to !== 'server/clock.ts',
    );
    expect(show(bad), 'the scheduler claims due rows; what a job does is wired in from outside').toEqual([]);
  });

  it('f. no service publishes: only the edges\' flush (server/app) and realtime itself reach publish()', () => {
    const bad = edges.filter(
      (e) => e.to === 'server/realtime/publish.ts' && !/^server\/(app|realtime)\//.test(e.from) && e.from !== 'server.ts',
    );
    expect(show(bad), 'record an effect in the unit of work (fx.add); the edge tells the screens after commit').toEqual([]);
  });
});
