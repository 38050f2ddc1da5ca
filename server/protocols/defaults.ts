import type { protocols } from '@/db/schema';

/*
 * The four built-in protocols of SPEC §4, seeded into every new workspace and editable there.
 * Names and goals are our own words.
 */
export const builtInProtocols: Omit<typeof protocols.$inferInsert, 'workspaceId'>[] = [
  {
    key: 'first_contact',
    name: 'Primer contacto',
    trigger: 'first_inbound',
    stopEvents: ['session.booked', 'contact.opted_out', 'contact.blocked'],
    autoMessageMinutes: 15,
    stages: [
      { name: 'Primer mensaje', goal: 'Presentarte y preguntar qué necesita.', offsetMinutes: 120, clock: 'business', enforcement: 'required', templateStage: 'first_message' },
      { name: 'Segundo mensaje', goal: 'Retomar si no ha respondido y proponer un siguiente paso.', offsetMinutes: 24 * 60, clock: 'calendar', enforcement: 'required', templateStage: 'second_message' },
      { name: 'Tercer mensaje', goal: 'Último intento, dejando la puerta abierta.', offsetMinutes: 72 * 60, clock: 'calendar', enforcement: 'required', templateStage: 'third_message' },
    ],
  },
  {
    key: 'booking_confirmation',
    name: 'Confirmación de reserva',
    trigger: 'session.paid',
    stopEvents: ['contact.blocked'],
    stages: [
      { name: 'Confirmar la sesión', goal: 'Fecha, hora con su zona horaria y enlace o dirección.', offsetMinutes: 120, clock: 'business', enforcement: 'required', templateStage: 'booking_confirmation' },
    ],
  },
  {
    key: 'after_session',
    name: 'Después de la sesión',
    trigger: 'session.completed',
    stopEvents: ['contact.blocked'],
    stages: [
      { name: 'Preguntar cómo fue', goal: 'Interesarte por la sesión y ofrecer la siguiente.', offsetMinutes: 24 * 60, clock: 'calendar', enforcement: 'recommended', templateStage: 'after_session' },
    ],
  },
  {
    key: 're_engagement',
    name: 'Reactivación',
    trigger: 'inactivity',
    inactivityDays: 14,
    stopEvents: ['session.booked', 'contact.opted_out', 'contact.blocked'],
    stages: [
      { name: 'Retomar el contacto', goal: 'Un mensaje cercano para saber cómo está.', offsetMinutes: 24 * 60, clock: 'calendar', enforcement: 'recommended', templateStage: 're_engagement' },
    ],
  },
];

/** The automatic message when the agent has not written their own (SPEC §4). */
export const defaultAutoMessage: Record<'es' | 'en', string> = {
  es: 'Hola {{contact.first_name}}, soy {{agent.name}}. He recibido tu mensaje y te respondo en un momento.',
  en: "Hi {{contact.first_name}}, this is {{agent.name}}. I got your message and I'll reply shortly.",
};

/**
 * The automatic message during the business clock's quiet hours when the agent has not written
 * their own (SPEC §17): it says when the team is back, never that an answer is a moment away.
 */
export const defaultOutOfHoursMessage: Record<'es' | 'en', string> = {
  es: 'Hola {{contact.first_name}}, soy {{agent.name}}. He recibido tu mensaje; ahora estamos fuera de horario y volvemos a las {{team.back_at}}. Te escribo entonces.',
  en: "Hi {{contact.first_name}}, this is {{agent.name}}. I got your message; we're out of hours now and back at {{team.back_at}}. I'll write to you then.",
};
