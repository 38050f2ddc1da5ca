import type { Locale } from '@/i18n/messages';
import { metaCommonErrors, retried } from '../meta-errors';

/*
 * WhatsApp Cloud API refusals (SPEC §13) in our own words, in both languages, by the code the
 * delivery worker stores (`whatsapp.<Meta's code>`). The transient ones are only ever shown
 * after Cadence gave up retrying them. Pure data.
 */

type Explanation = Record<Locale, string>;

export const whatsappErrors: Record<string, Explanation> = {
  ...metaCommonErrors('whatsapp', 'WhatsApp'),
  'whatsapp.131047': {
    es: 'Han pasado más de 24 h desde el último mensaje del contacto: solo se puede enviar una plantilla aprobada.',
    en: 'More than 24 h have passed since the contact last wrote: only an approved template can be sent.',
  },
  'whatsapp.131026': {
    es: 'WhatsApp no pudo entregarlo: puede que el número no use WhatsApp, tenga una versión antigua o no haya aceptado sus condiciones.',
    en: 'WhatsApp could not deliver it: the number may not use WhatsApp, may run an old version, or may not have accepted its terms.',
  },
  'whatsapp.131048': {
    es: 'WhatsApp limitó este número por posibles envíos no deseados (muchos bloqueos o denuncias). Espera antes de volver a escribir y revisa lo que envías.',
    en: 'WhatsApp limited this number for likely unwanted messages (many blocks or reports). Wait before writing again, and review what you send.',
  },
  'whatsapp.131049': {
    es: 'Meta decidió no entregarlo para que el contacto no reciba demasiados mensajes de empresas. Prueba más adelante.',
    en: 'Meta chose not to deliver it, so the contact does not get too many business messages. Try again later.',
  },
  'whatsapp.132000': {
    es: 'Los parámetros no coinciden con los que pide la plantilla: sincroniza las plantillas y vuelve a rellenarla.',
    en: 'The parameters do not match what the template asks for: sync the templates and fill it in again.',
  },
  'whatsapp.132001': {
    es: 'La plantilla no existe en ese idioma o ya no está aprobada: sincroniza las plantillas y elige otra.',
    en: 'The template does not exist in that language or is no longer approved: sync the templates and pick another.',
  },
  'whatsapp.368': {
    es: 'Meta restringió temporalmente la cuenta por incumplir sus políticas; no se puede enviar hasta que levante la restricción.',
    en: 'Meta temporarily restricted the account for breaking its policies; nothing can be sent until it lifts the restriction.',
  },
  'whatsapp.131031': {
    es: 'Meta bloqueó la cuenta de WhatsApp Business (por verificación o políticas): un administrador debe revisarla en el administrador de WhatsApp.',
    en: 'Meta locked the WhatsApp Business account (verification or policy): an admin must review it in WhatsApp Manager.',
  },
  'whatsapp.130429': retried('El número superó el ritmo de envío que Meta le permite.', "The number went over the sending rate Meta allows it."),
  'whatsapp.131056': retried('Demasiados mensajes seguidos al mismo contacto.', 'Too many messages in a row to the same contact.'),
  'whatsapp.131000': retried('Meta tuvo un error al enviarlo.', 'Meta had an error sending it.'),
  'whatsapp.131016': retried('El servicio de WhatsApp no estaba disponible.', 'The WhatsApp service was unavailable.'),
  'whatsapp.80007': retried('La cuenta superó su límite de llamadas a Meta.', 'The account went over its limit of calls to Meta.'),
  'whatsapp.template_unsupported': {
    es: 'Esta plantilla tiene una cabecera de imagen, vídeo, documento o ubicación, que Cadence aún no sabe enviar.',
    en: 'This template has an image, video, document or location header, which Cadence cannot send yet.',
  },
};
