import { describe, expect, it } from 'vitest';
import { whatsappTemplateCharged } from './pricing';

describe("WhatsApp template pricing (SPEC §13)", () => {
  it('charges marketing and authentication templates always', () => {
    for (const open of [true, false]) {
      expect(whatsappTemplateCharged('marketing', open)).toBe(true);
      expect(whatsappTemplateCharged('authentication', open)).toBe(true);
    }
  });
  it('charges utility templates only outside the 24 h window', () => {
    expect(whatsappTemplateCharged('utility', true)).toBe(false);
    expect(whatsappTemplateCharged('utility', false)).toBe(true);
  });
  it('takes a template without a category as charged', () => {
    expect(whatsappTemplateCharged(null, true)).toBe(true);
  });
});
