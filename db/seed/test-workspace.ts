import type { Db } from '@/db/client';
import type { SessionUser } from '@/server/auth/session';
import { createChannel, createUser, createWorkspace } from './factories';

/**
 * A small workspace for integration tests: an agent, a supervisor, a sandbox channel and a
 * WhatsApp channel with known secrets. `tag` keeps emails and public ids unique per workspace.
 */
export async function createTestWorkspace(db: Db, tag: string) {
  const workspace = await createWorkspace(db, { name: `Workspace ${tag}` });
  const mk = async (role: SessionUser['role'], name: string) => {
    const u = await createUser(db, { workspaceId: workspace.id, email: `${name}@${tag}.test`, name, role });
    const session: SessionUser = {
      id: u.id,
      workspaceId: u.workspaceId,
      role: u.role,
      name: u.name,
      email: u.email,
      timeZone: u.timeZone,
      locale: u.locale,
    };
    return session;
  };
  const agent = await mk('agent', 'agent');
  const otherAgent = await mk('agent', 'other');
  const supervisor = await mk('supervisor', 'supervisor');
  const sandbox = await createChannel(db, {
    workspaceId: workspace.id,
    kind: 'sandbox',
    publicId: `${tag}-sandbox`,
    name: 'Sandbox',
    secrets: { signingSecret: `${tag}-secret` },
  });
  const whatsapp = await createChannel(db, {
    workspaceId: workspace.id,
    kind: 'whatsapp',
    publicId: `${tag}-whatsapp`,
    name: 'WhatsApp',
    secrets: { signingSecret: `${tag}-wa-secret`, verifyToken: `${tag}-verify` },
    settings: { delivery: 'record' },
  });
  return { workspace, agent, otherAgent, supervisor, sandbox, whatsapp };
}

export type TestWorkspace = Awaited<ReturnType<typeof createTestWorkspace>>;
