import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '@/server/env';

export type Email = { to: string; subject: string; text: string };
export type Delivery = 'sent' | 'not_configured' | 'failed';

let transport: { url: string; transporter: Transporter } | undefined;

/** One transport per SMTP_URL, kept: nodemailer pools nothing unless asked, so this is cheap. */
function transporter(url: string): Transporter {
  if (transport?.url !== url) {
    // A request waits for this send: an SMTP server that does not answer must not hold it for minutes.
    transport = { url, transporter: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }) };
  }
  return transport.transporter;
}

/**
 * Sends an email through SMTP_URL. Without it nothing is sent (the link is shown to copy
 * instead); a refusal is logged and answered as `failed`, never thrown: what it announces was
 * already committed.
 */
export async function sendEmail(email: Email): Promise<Delivery> {
  const { SMTP_URL, SMTP_FROM, PUBLIC_URL } = config();
  if (!SMTP_URL) return 'not_configured';
  try {
    await transporter(SMTP_URL).sendMail({ from: SMTP_FROM ?? `Cadence <no-reply@${new URL(PUBLIC_URL).hostname}>`, ...email });
    return 'sent';
  } catch (error) {
    console.error(`email to ${email.to} not sent`, error);
    return 'failed';
  }
}
