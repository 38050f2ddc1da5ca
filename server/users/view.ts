/*
 * A person of the team as every screen names them: a note's author, a viewer, someone typing.
 * Here rather than in the realtime events so a view can use it without importing the events
 * that carry that view.
 */
export type Person = { id: string; name: string };
