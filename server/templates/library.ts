import type { templates } from '@/db/schema';

/*
 * The built-in template library (SPEC §6): at least two per stage, in Spanish and English,
 * warm, short and plain. Written by us for Cadence.
 */
type Entry = Pick<typeof templates.$inferInsert, 'name' | 'stage' | 'language' | 'body'>;

export const libraryTemplates: Entry[] = [
  // First message
  { stage: 'first_message', language: 'es', name: 'Bienvenida', body: 'Hola {{contact.first_name}}, soy {{agent.name}}. Gracias por escribirnos. Cuéntame con calma qué te trae por aquí y vemos juntos cómo ayudarte.' },
  { stage: 'first_message', language: 'es', name: 'Bienvenida breve', body: '¡Hola {{contact.first_name}}! Soy {{agent.name}} y ya estoy contigo. ¿En qué te puedo ayudar?' },
  { stage: 'first_message', language: 'en', name: 'Welcome', body: "Hi {{contact.first_name}}, I'm {{agent.name}}. Thanks for reaching out. Tell me a little about what brings you here and we'll find the best way to help." },
  { stage: 'first_message', language: 'en', name: 'Short welcome', body: "Hi {{contact.first_name}}! {{agent.name}} here, and I'm all yours. How can I help?" },
  // Second message
  { stage: 'second_message', language: 'es', name: 'Seguimos aquí', body: 'Hola de nuevo, {{contact.first_name}}. Sigo por aquí por si quieres continuar; si te viene mejor, podemos buscar un momento para hablar.' },
  { stage: 'second_message', language: 'es', name: 'Propuesta de cita', body: '{{contact.first_name}}, ¿te gustaría que reservemos una primera sesión? Dime qué días te vienen bien y te propongo horarios.' },
  { stage: 'second_message', language: 'en', name: "We're still here", body: "Hi again, {{contact.first_name}}. I'm still here whenever you'd like to continue; if it's easier, we can find a time to talk." },
  { stage: 'second_message', language: 'en', name: 'Suggest a session', body: '{{contact.first_name}}, would you like to book a first session? Tell me which days suit you and I will suggest some times.' },
  // Third message
  { stage: 'third_message', language: 'es', name: 'Puerta abierta', body: 'Hola {{contact.first_name}}, no quiero insistir. Si más adelante te apetece retomar, escríbeme cuando quieras y seguimos donde lo dejamos.' },
  { stage: 'third_message', language: 'es', name: 'Último recordatorio', body: '{{contact.first_name}}, te dejo este último mensaje por si se te pasó el anterior. Aquí estaré si me necesitas.' },
  { stage: 'third_message', language: 'en', name: 'Door open', body: "Hi {{contact.first_name}}, I don't want to push. If you'd like to pick this up later, just write whenever you're ready and we'll carry on." },
  { stage: 'third_message', language: 'en', name: 'Last reminder', body: "{{contact.first_name}}, one last note in case my earlier message slipped by. I'm here if you need me." },
  // Booking confirmation
  { stage: 'booking_confirmation', language: 'es', name: 'Confirmación de sesión', body: '¡Listo, {{contact.first_name}}! Tu sesión es el {{session.start}}. Te conectas aquí: {{session.link}}. Si algo cambia, avísame.' },
  { stage: 'booking_confirmation', language: 'es', name: 'Confirmación y consejos', body: 'Gracias por reservar, {{contact.first_name}}. Nos vemos el {{session.start}} en {{session.link}}. Busca un sitio tranquilo y conéctate un par de minutos antes.' },
  { stage: 'booking_confirmation', language: 'en', name: 'Session confirmed', body: "All set, {{contact.first_name}}! Your session is on {{session.start}}. Join here: {{session.link}}. If anything changes, let me know." },
  { stage: 'booking_confirmation', language: 'en', name: 'Confirmation and tips', body: 'Thanks for booking, {{contact.first_name}}. See you on {{session.start}} at {{session.link}}. Find a quiet spot and join a couple of minutes early.' },
  // After the session
  { stage: 'after_session', language: 'es', name: '¿Cómo fue?', body: 'Hola {{contact.first_name}}, ¿cómo te sentiste después de la sesión? Me encantará leerte.' },
  { stage: 'after_session', language: 'es', name: 'Siguiente paso', body: '{{contact.first_name}}, gracias por la sesión de hoy. Si quieres, reservamos ya la siguiente para mantener el ritmo.' },
  { stage: 'after_session', language: 'en', name: 'How did it go?', body: 'Hi {{contact.first_name}}, how did you feel after the session? I would love to hear from you.' },
  { stage: 'after_session', language: 'en', name: 'Next step', body: "{{contact.first_name}}, thank you for today's session. If you like, we can book the next one now to keep the momentum." },
  // Re-engagement
  { stage: 're_engagement', language: 'es', name: '¿Qué tal estás?', body: 'Hola {{contact.first_name}}, hace unos días que no hablamos y quería saber qué tal estás. Aquí sigo si me necesitas.' },
  { stage: 're_engagement', language: 'es', name: 'Retomar', body: '{{contact.first_name}}, ¿te gustaría retomar donde lo dejamos? Tengo huecos esta semana.' },
  { stage: 're_engagement', language: 'en', name: 'How are you?', body: "Hi {{contact.first_name}}, it's been a few days and I wanted to see how you're doing. I'm here if you need me." },
  { stage: 're_engagement', language: 'en', name: 'Pick up again', body: '{{contact.first_name}}, would you like to pick up where we left off? I have openings this week.' },
  // Inactive client
  { stage: 'inactive_client', language: 'es', name: 'Te echamos de menos', body: 'Hola {{contact.first_name}}, hace tiempo que no sabemos de ti. Si en algún momento quieres volver, te recibimos con los brazos abiertos.' },
  { stage: 'inactive_client', language: 'es', name: 'Novedades', body: '{{contact.first_name}}, hemos ampliado horarios y ahora es más fácil encontrar un hueco. ¿Te apetece que hablemos?' },
  { stage: 'inactive_client', language: 'en', name: 'We miss you', body: "Hi {{contact.first_name}}, we haven't heard from you in a while. Whenever you'd like to come back, we'll be glad to see you." },
  { stage: 'inactive_client', language: 'en', name: "What's new", body: "{{contact.first_name}}, we've added more hours, so finding a slot is easier now. Shall we talk?" },
  // General
  { stage: 'general', language: 'es', name: 'Saludo', body: 'Hola {{contact.first_name}}, gracias por escribirnos. Soy {{agent.name}}, ¿en qué te puedo ayudar?' },
  { stage: 'general', language: 'es', name: 'Un momento', body: 'Gracias, {{contact.first_name}}. Lo reviso y te respondo en unos minutos.' },
  { stage: 'general', language: 'en', name: 'Greeting', body: "Hi {{contact.first_name}}, thanks for writing. I'm {{agent.name}}: how can I help?" },
  { stage: 'general', language: 'en', name: 'One moment', body: "Thanks, {{contact.first_name}}. Let me check and I'll get back to you in a few minutes." },
];
