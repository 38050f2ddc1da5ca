'use client';
import { signIn } from 'next-auth/react';

/** Signs the person in with the password they just chose, as the login form would, then opens the inbox. */
export async function signInAndOpenInbox(email: string, password: string): Promise<void> {
  const result = await signIn('credentials', { email, password, redirect: false });
  // Should the sign-in be refused (throttled, say), the login form explains it.
  window.location.assign(result?.ok ? '/inbox' : '/login');
}
