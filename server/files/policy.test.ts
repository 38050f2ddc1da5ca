import { describe, expect, it } from 'vitest';
import { contentDisposition, fileSizeCap, requestedRange, servedInline, sniffedKind, textType } from './policy';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('files policy (SPEC §14)', () => {
  it('caps a download at the workspace’s setting, 25 MB by default', () => {
    expect(fileSizeCap({})).toBe(25 * 1024 * 1024);
    expect(fileSizeCap({ fileSizeCapMb: 5 })).toBe(5 * 1024 * 1024);
    expect(fileSizeCap({ fileSizeCapMb: 0 })).toBe(25 * 1024 * 1024);
  });

  it('shows images, audio, video and PDF inline; HTML, SVG and anything else only as a download', () => {
    for (const type of ['image/png', 'image/jpeg', 'audio/ogg; codecs=opus', 'video/mp4', 'application/pdf']) expect(servedInline(type), type).toBe(true);
    for (const type of ['text/html', 'image/svg+xml', 'application/xml', 'text/plain', 'application/zip', 'application/octet-stream']) expect(servedInline(type), type).toBe(false);
    expect(contentDisposition('text/html', 'cute.jpg')).toBe('attachment; filename="cute.jpg"; filename*=UTF-8\'\'cute.jpg');
    expect(contentDisposition('image/png', null)).toBe('inline');
    expect(contentDisposition('application/pdf', 'Año "1".pdf')).toBe('inline; filename="A_o _1_.pdf"; filename*=UTF-8\'\'A%C3%B1o%20%221%22.pdf');
  });

  it('names text file-type cannot: markup as HTML or SVG, other UTF-8 as text, the rest opaque', () => {
    expect(textType(bytes('  <!DOCTYPE html><html>…'))).toBe('text/html');
    expect(textType(bytes('<script>alert(1)</script>'))).toBe('text/html');
    expect(textType(bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'))).toBe('image/svg+xml');
    expect(textType(bytes('<svg onload="x()">'))).toBe('image/svg+xml');
    expect(textType(bytes('Lista de la compra: pan, leche'))).toBe('text/plain');
    expect(textType(Uint8Array.from([0x00, 0x01, 0xff, 0xfe]))).toBe('application/octet-stream');
  });

  it('reads one byte range; none, or several, means the whole file', () => {
    expect(requestedRange(null, 100)).toBeNull();
    expect(requestedRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(requestedRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(requestedRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(requestedRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(requestedRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(requestedRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(requestedRange('bytes=9-3', 100)).toBe('unsatisfiable');
  });
});

describe('the kind a sniffed file is', () => {
  it('keeps what the provider named when the bytes agree, and makes anything else a document', () => {
    expect(sniffedKind('image', 'image/png')).toBe('image');
    expect(sniffedKind('sticker', 'image/webp')).toBe('sticker');
    expect(sniffedKind('image', 'text/html')).toBe('document');
    expect(sniffedKind('image', 'image/svg+xml')).toBe('document');
    expect(sniffedKind('audio', 'audio/ogg; codecs=opus')).toBe('audio');
    // An M4A in a plain MP4 box sniffs as video/mp4: still the voice note it was sent as.
    expect(sniffedKind('audio', 'video/mp4')).toBe('audio');
    expect(sniffedKind('video', 'application/zip')).toBe('document');
    expect(sniffedKind('document', 'image/png')).toBe('document');
    expect(sniffedKind('location', 'application/octet-stream')).toBe('location');
  });
});
