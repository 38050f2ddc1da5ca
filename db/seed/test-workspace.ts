import type { Db } from '@/db/client';
import { toSessionUser, type SessionUser } from '@/server/auth/session';
import { protocols } from '@/db/schema';
import { builtInProtocols } from '@/server/protocols/defaults';
import { createApiToken, createChannel, createTeam, createUser, createWorkspace } from './factories';

/**
 * A small workspace for integration tests: two agents in a team their supervisor leads, an admin,
 * API tokens, and sandbox, WhatsApp and Messenger channels with known secrets, and the built-in
 * protocols. `tag` keeps emails and public ids unique per workspace.
 */
export async function createTestWorkspace(db: Db, tag: string) {
  const workspace = await createWorkspace(db, { name: `Workspace ${tag}` });
  const mk = async (role: SessionUser['role'], name: string) => {
    return toSessionUser(await createUser(db, { workspaceId: workspace.id, email: `${name}@${tag}.test`, name, role }));
  };
  const agent = await mk('agent', 'agent');
  const otherAgent = await mk('agent', 'other');
  const supervisor = await mk('supervisor', 'supervisor');
  const admin = await mk('admin', 'admin');
  // Its conversations carry no team unless a test gives them one: the team only says whom the supervisor leads.
  const team = await createTeam(db, { workspaceId: workspace.id, name: 'Agents', visibility: 'shared' }, [agent.id, otherAgent.id], [supervisor.id]);
  const tokens = { admin: `${tag}-admin-token`, agent: `${tag}-agent-token` };
  await createApiToken(db, { workspaceId: workspace.id, userId: admin.id, name: 'admin', token: tokens.admin });
  await createApiToken(db, { workspaceId: workspace.id, userId: agent.id, name: 'agent', token: tokens.agent });
  const sandbox = await createChannel(db, {
    workspaceId: workspace.id,
    kind: 'sandbox',
    publicId: `${tag}-sandbox`,
    name: 'Sandbox',
    secrets: { appSecret: `${tag}-secret` },
  });
  const whatsapp = await createChannel(db, {
    workspaceId: workspace.id,
    kind: 'whatsapp',
    publicId: `${tag}-whatsapp`,
    name: 'WhatsApp',
    secrets: { appSecret: `${tag}-wa-secret`, verifyToken: `${tag}-verify` },
    settings: { delivery: 'record' },
  });
  await db.insert(protocols).values(builtInProtocols.map((p) => ({ ...p, workspaceId: workspace.id })));
  const messenger = await createChannel(db, {
    workspaceId: workspace.id,
    kind: 'messenger',
    publicId: `${tag}-messenger`,
    name: 'Messenger',
    settings: { delivery: 'record' },
  });
  return { workspace, agent, otherAgent, supervisor, admin, team, tokens, sandbox, whatsapp, messenger };
}

export type TestWorkspace = Awaited<ReturnType<typeof createTestWorkspace>>;
