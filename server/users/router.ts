import { adminProcedure, protectedProcedure, publicProcedure, router } from '@/server/trpc';
import { AvailabilityInput } from './availability';
import { ownAvailability, setAvailability } from './availability-service';
import { acceptInvitation, invite, listInvitations, resendInvitation, revokeInvitation } from './invitations';
import { issuePasswordReset, resetPassword } from './password-reset';
import { listPeople, updatePerson } from './people';
import { AutoMessageInput, changePassword, getProfile, setAutoMessage, updateProfile } from './profile';
import { AcceptInvitationInput, ChangePasswordInput, InvitationIdInput, InviteInput, PersonPatch, ProfileInput, ResetPasswordInput, UserIdInput } from './schemas';

export const profileRouter = router({
  get: protectedProcedure.query(({ ctx }) => getProfile(ctx.db, ctx.user)),
  update: protectedProcedure.input(ProfileInput).mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.user, input, ctx.fx)),
  changePassword: protectedProcedure.input(ChangePasswordInput).mutation(({ ctx, input }) => changePassword(ctx.db, ctx.user, input, ctx.clock, ctx.fx)),
  setAutoMessage: protectedProcedure.input(AutoMessageInput).mutation(({ ctx, input }) => setAutoMessage(ctx.db, ctx.user, input)),
  availability: protectedProcedure.query(({ ctx }) => ownAvailability(ctx.db, ctx.user)),
  setAvailability: protectedProcedure.input(AvailabilityInput).mutation(({ ctx, input }) => setAvailability(ctx.db, ctx.user, input.availability, ctx.fx)),
});

export const peopleRouter = router({
  list: adminProcedure.query(async ({ ctx }) => ({
    people: await listPeople(ctx.db, ctx.user),
    invitations: (await listInvitations(ctx.db, ctx.user, ctx.clock.now())).filter((i) => i.status === 'pending' || i.status === 'expired'),
  })),
  update: adminProcedure
    .input(UserIdInput.extend({ patch: PersonPatch }))
    .mutation(({ ctx, input }) => updatePerson(ctx.db, ctx.user, input.userId, input.patch, ctx.clock, ctx.fx)),
  issuePasswordReset: adminProcedure.input(UserIdInput).mutation(({ ctx, input }) => issuePasswordReset(ctx.db, ctx.user, input.userId, ctx.clock, ctx.fx)),
  invite: adminProcedure.input(InviteInput).mutation(({ ctx, input }) => invite(ctx.db, ctx.user, input, ctx.clock, ctx.fx)),
  resendInvitation: adminProcedure.input(InvitationIdInput).mutation(({ ctx, input }) => resendInvitation(ctx.db, ctx.user, input.invitationId, ctx.clock, ctx.fx)),
  revokeInvitation: adminProcedure.input(InvitationIdInput).mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.user, input.invitationId, ctx.clock, ctx.fx)),
});

/** What a single-use link lets anyone holding it do: the token is the credential. */
export const linksRouter = router({
  acceptInvitation: publicProcedure.input(AcceptInvitationInput).mutation(({ ctx, input }) => acceptInvitation(ctx.db, input, ctx.clock, ctx.fx)),
  resetPassword: publicProcedure.input(ResetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx.db, input, ctx.clock, ctx.fx)),
});
