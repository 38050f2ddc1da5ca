import type { templates } from '@/db/schema';

/*
 * A first set of demo templates, written by us. WhatsApp ones carry Meta's approval status:
 * only approved ones may go out after the 24-hour window.
 */
export const demoTemplates: Omit<typeof templates.$inferInsert, 'workspaceId'>[] = [
  {
    name: 'retomar_conversacion',
    stage: 're_engagement',
    language: 'es',
    channelKinds: ['whatsapp'],
    whatsappStatus: 'approved',
    whatsappCategory: 'utility',
    body: 'Hola {{contact.first_name}}, soy {{agent.name}} de Demo Clinic. ¿Retomamos tu consulta? Responde a este mensaje y seguimos por aquí.',
  },
  {
    name: 'resume_conversation',
    stage: 're_engagement',
    language: 'en',
    channelKinds: ['whatsapp'],
    whatsappStatus: 'approved',
    whatsappCategory: 'utility',
    body: "Hi {{contact.first_name}}, it's {{agent.name}} from Demo Clinic. Shall we pick up where we left off? Just reply to this message.",
  },
  {
    name: 'recordatorio_sesion',
    stage: 'booking_confirmation',
    language: 'es',
    channelKinds: ['whatsapp'],
    whatsappStatus: 'approved',
    whatsappCategory: 'utility',
    body: 'Hola {{contact.first_name}}, te recordamos tu sesión del {{1}}. Si necesitas cambiarla, responde a este mensaje.',
  },
  {
    name: 'horarios_otono',
    stage: 'general',
    language: 'es',
    channelKinds: ['whatsapp'],
    whatsappStatus: 'pending',
    whatsappCategory: 'marketing',
    body: 'Este otoño abrimos más horas por la tarde. ¿Quieres que te busquemos un hueco?',
  },
  {
    name: 'Saludo',
    stage: 'general',
    language: 'es',
    channelKinds: [],
    body: 'Hola {{contact.first_name}}, gracias por escribirnos. Soy {{agent.name}}, ¿en qué te puedo ayudar?',
  },
  {
    name: 'Greeting',
    stage: 'general',
    language: 'en',
    channelKinds: [],
    body: "Hi {{contact.first_name}}, thanks for writing. I'm {{agent.name}}: how can I help?",
  },
];
