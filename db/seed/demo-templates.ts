import type { templates } from '@/db/schema';

/*
 * The demo's WhatsApp templates, written by us, with Meta's approval status: only approved
 * ones may go out after the 24-hour window. The built-in library is seeded beside them.
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
];
