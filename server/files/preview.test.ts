import { describe, expect, it } from 'vitest';
import type { InboundMedia } from '@/server/channels/inbound';
import { mediaPreview } from './preview';

const preview = (media: InboundMedia[]) => mediaPreview(media);

describe('the inbox row of a message with only attachments', () => {
  it('shows a sign per attachment, with a file’s, a place’s or a person’s name', () => {
    expect(preview([{ kind: 'audio', ref: 'a' }])).toBe('🎤');
    expect(preview([{ kind: 'document', ref: 'd', fileName: 'factura.pdf' }])).toBe('📄 factura.pdf');
    expect(preview([{ kind: 'location', latitude: 1, longitude: 2, name: 'Clínica' }, { kind: 'contact', name: 'Ana', phones: [] }])).toBe('📍 Clínica 👤 Ana');
    expect(preview([])).toBe('');
  });

  it('reads an upload the same way: an image without a name is its sign alone', () => {
    expect(mediaPreview([{ kind: 'image', fileName: null }, { kind: 'document', fileName: 'receta.pdf' }])).toBe('📷 📄 receta.pdf');
  });
});
