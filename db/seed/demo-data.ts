/*
 * The people and words of the demo workspace. Written by us for the demo; nothing here is
 * taken from the source documents.
 */

export const DEMO_PASSWORD = 'cadence';

export const demoUsers = [
  { key: 'admin', email: 'admin@cadence.test', name: 'Alba Admin', role: 'admin', timeZone: 'Europe/Madrid' },
  { key: 'manager', email: 'manager@cadence.test', name: 'Marta Romero', role: 'manager', timeZone: 'Europe/Madrid' },
  { key: 'supervisor', email: 'supervisor@cadence.test', name: 'Sergio Vidal', role: 'supervisor', timeZone: 'Europe/Madrid' },
  { key: 'ana', email: 'ana@cadence.test', name: 'Ana García', role: 'agent', timeZone: 'Europe/Madrid' },
  { key: 'luis', email: 'luis@cadence.test', name: 'Luis Hernández', role: 'agent', timeZone: 'America/Mexico_City' },
] as const;

export type DemoUserKey = (typeof demoUsers)[number]['key'];

export const DEMO_API_TOKEN = 'demo-admin-token';

/** Campaigns and flows some demo replies are attributed to (SPEC §10), so the inbox can filter by them. */
export const demoCampaigns = ['Campaña de otoño', 'Flujo de bienvenida'] as const;

/** Channel kinds of SPEC §3 plus the sandbox, with the public ids and secrets the README documents. */
export const demoChannels = [
  { kind: 'whatsapp', publicId: 'demo-whatsapp', name: 'WhatsApp · +34 600 000 001', secrets: { appSecret: 'demo-whatsapp-secret', verifyToken: 'demo-verify-token', phoneNumberId: '109876543210001' }, settings: {} },
  { kind: 'messenger', publicId: 'demo-messenger', name: 'Messenger · Demo Clinic', secrets: { appSecret: 'demo-meta-secret', verifyToken: 'demo-verify-token' }, settings: {} },
  { kind: 'instagram', publicId: 'demo-instagram', name: 'Instagram · @democlinic', secrets: { appSecret: 'demo-meta-secret', verifyToken: 'demo-verify-token' }, settings: {} },
  { kind: 'sms', publicId: 'demo-sms', name: 'SMS · +34 600 000 002', secrets: { authToken: 'demo-twilio-token' }, settings: {} },
  { kind: 'telegram', publicId: 'demo-telegram', name: 'Telegram · @DemoClinicBot', secrets: { webhookSecret: 'demo-telegram-secret' }, settings: {} },
  { kind: 'line', publicId: 'demo-line', name: 'LINE · Demo Clinic', secrets: { channelSecret: 'demo-line-secret' }, settings: {} },
  { kind: 'viber', publicId: 'demo-viber', name: 'Viber · Demo Clinic', secrets: { authToken: 'demo-viber-token' }, settings: {} },
  { kind: 'wechat', publicId: 'demo-wechat', name: 'WeChat · Demo Clinic', secrets: { token: 'demo-wechat-token' }, settings: { wechatMessageCap: 5 } },
  { kind: 'webchat', publicId: 'demo-webchat', name: 'Web chat', secrets: {}, settings: {} },
  { kind: 'email', publicId: 'demo-email', name: 'Email · hola@demo.clinic', secrets: {}, settings: {} },
  { kind: 'sandbox', publicId: 'demo-sandbox', name: 'Sandbox', secrets: { appSecret: 'demo-sandbox-secret' }, settings: {} },
] as const;

type Line = readonly ['in' | 'out', string];

/** Short exchanges; each demo conversation plays the first lines of one of these. */
export const scripts: Record<'es' | 'en', readonly (readonly Line[])[]> = {
  es: [
    [
      ['in', 'Hola, vi vuestra web y me gustaría empezar terapia. ¿Cómo funciona?'],
      ['out', '¡Hola! Gracias por escribirnos. Te cuento: la primera sesión sirve para conocernos y ver qué necesitas.'],
      ['in', 'Perfecto. ¿Tenéis horario por las tardes?'],
      ['out', 'Sí, de lunes a jueves hasta las 20:00. ¿Qué día te vendría mejor?'],
      ['in', 'El miércoles me va bien.'],
    ],
    [
      ['in', 'Buenas, tengo una duda con el pago de la sesión de ayer.'],
      ['out', 'Hola, claro. ¿Me dices qué ves en el cargo?'],
      ['in', 'Me aparece dos veces el mismo importe.'],
    ],
    [
      ['in', 'Hola, ¿podría cambiar mi cita del jueves?'],
      ['out', 'Por supuesto. Tengo hueco el viernes a las 10:00 o el lunes a las 17:30.'],
      ['in', 'El lunes, por favor.'],
      ['out', 'Hecho: lunes a las 17:30. Te llegará la confirmación en un momento.'],
    ],
    [
      ['in', '¿Las sesiones son online o presenciales?'],
    ],
    [
      ['in', 'Hola, la última sesión me ayudó mucho. Quería reservar otra.'],
      ['out', '¡Qué bien leer eso! Te paso los huecos de la semana que viene.'],
    ],
  ],
  en: [
    [
      ['in', "Hi, I'd like to know more about your therapy sessions."],
      ['out', 'Hi! Thanks for reaching out. Sessions are 50 minutes, online or at our clinic. What are you looking for?'],
      ['in', 'Mostly help with stress at work.'],
    ],
    [
      ['in', 'Hello, can I get a receipt for my last two sessions?'],
      ['out', "Of course, I'll send both to your email today."],
      ['in', 'Thank you!'],
    ],
    [
      ['in', 'Is there any availability this Saturday?'],
    ],
    [
      ['in', "Hey, I missed my appointment yesterday, sorry. Can we reschedule?"],
      ['out', 'No problem at all. Would Tuesday at 18:00 work for you?'],
    ],
  ],
};

export const contactNames: Record<'es' | 'en', readonly string[]> = {
  es: [
    'Lucía Fernández', 'Javier Morales', 'Carmen Ruiz', 'Pablo Navarro', 'Elena Torres',
    'Diego Castillo', 'Marina López', 'Andrés Ortega', 'Paula Jiménez', 'Raúl Domínguez',
    'Irene Vázquez', 'Sergio Molina', 'Nuria Blanco', 'Hugo Serrano', 'Clara Medina',
    'Tomás Herrera', 'Alicia Prieto', 'Mateo Santos', 'Rocío Gil', 'Víctor Cano',
    'Beatriz Rubio', 'Óscar Marín', 'Silvia Iglesias', 'Gonzalo Peña', 'Laura Campos',
    'Adrián Vega',
  ],
  en: [
    'Emma Wilson', 'James Carter', 'Olivia Brown', 'Noah Taylor', 'Sophia Davies',
    'Liam Evans', 'Ava Thomas', 'Ethan Roberts', 'Mia Walker', 'Lucas Hughes',
    'Grace Turner', 'Henry Clarke', 'Chloe Wright', 'Jack Green',
  ],
};

export const contactZones = ['Europe/Madrid', 'America/Mexico_City', 'America/Bogota', 'Europe/London', 'America/New_York'] as const;
