/*
 * Whose turn it is (SPEC §15): among the members who are online, the one whose last turn is the
 * oldest; one never given a turn goes first; a tie (several never given one) goes by user id, so
 * every process picks the same person. Pure: who is online is passed in.
 */

export type TurnCandidate = { userId: string; lastTurn: number | null };

export function nextInTurn(candidates: TurnCandidate[]): string | null {
  const order = [...candidates].sort((a, b) => {
    const turn = (c: TurnCandidate) => c.lastTurn ?? Number.NEGATIVE_INFINITY;
    return turn(a) - turn(b) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
  });
  return order[0]?.userId ?? null;
}

/** The number of the turn being taken now: one past the team's latest. */
export const turnAfter = (turns: (number | null)[]): number => Math.max(0, ...turns.map((t) => t ?? 0)) + 1;
