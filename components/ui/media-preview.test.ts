import { describe, expect, it } from 'vitest';
import { translate } from '@/i18n/messages';
import { labelledPreview } from './media-preview';

const es = (text: string) => labelledPreview(text, (key) => translate('es', key));
const en = (text: string) => labelledPreview(text, (key) => translate('en', key));

describe('the preview of a message of files alone, in the reader’s language', () => {
  it('gives a bare sign its word, and leaves a named file as it is', () => {
    expect(es('📷')).toBe('📷 Foto');
    expect(en('🎤')).toBe('🎤 Voice note');
    expect(es('📄 factura.pdf')).toBe('📄 factura.pdf');
    expect(en('→ 📷 🎤 📄 receta.pdf')).toBe('→ 📷 Photo 🎤 Voice note 📄 receta.pdf');
    expect(es('← 🏷️')).toBe('← 🏷️ Sticker');
  });

  it('leaves text alone, emoji and all', () => {
    expect(es('Gracias 📷')).toBe('Gracias 📷');
    expect(es('→ Nos vemos')).toBe('→ Nos vemos');
  });
});
