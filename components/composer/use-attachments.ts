'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CHANNEL_KINDS } from '@/db/schema/values';
import { fileRefusal, MAX_ATTACHMENTS, messageRefusal, outboundKindOf, type OutboundFile, type Refusal } from '@/server/files/outbound-limits';
import type { UploadView } from '@/server/files/uploads';

type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** One file of the draft: on its way up, uploaded (its id goes with the send), or refused by the server. */
export type DraftFile = {
  localId: string;
  name: string;
  size: number;
  mimeType: string;
  /** An object URL for an image's thumbnail; revoked when the file leaves the draft. */
  thumbnail: string | null;
  state: 'uploading' | 'ready' | 'failed';
  /** 0–1 while uploading. */
  progress: number;
  upload?: UploadView;
  /** The server's refusal of the upload: its code and the facts to explain it. */
  error?: { code: string; message: string; limit?: number };
};

/** A file refused before any byte left the browser: its name and why (SPEC §14 for this channel). */
export type RefusedFile = { name: string; size: number; kind: OutboundFile['kind']; refusal: Refusal };

const UploadAnswer = (body: unknown): body is UploadView => typeof body === 'object' && body !== null && 'id' in body;
const ErrorAnswer = (body: unknown): body is { error: { code: string; message: string; limit?: number } } =>
  typeof body === 'object' && body !== null && 'error' in body;

/** `fetch` cannot report an upload's progress; XHR can. Same origin: the browser sends the session cookie and Origin. */
function sendFile(file: File, onProgress: (fraction: number) => void): { done: Promise<UploadView>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadView>((resolve, reject) => {
    xhr.open('POST', '/api/files');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status === 201 && UploadAnswer(body)) resolve(body);
      else reject(ErrorAnswer(body) ? body.error : { code: 'UNEXPECTED', message: `HTTP ${xhr.status}` });
    };
    xhr.onerror = () => reject({ code: 'NETWORK', message: 'network' });
    xhr.onabort = () => reject({ code: 'ABORTED', message: 'aborted' });
    const form = new FormData();
    form.set('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

const asOutbound = (mimeType: string, size: number): OutboundFile => ({ mimeType, size, kind: outboundKindOf(mimeType) });

/**
 * The files of a reply draft. Each is checked against the channel's rules and the workspace's cap
 * before it is uploaded, so what the channel cannot take never leaves the browser; the server
 * sniffs and checks again when the message is sent.
 */
export function useDraftFiles(channelKind: string, fileSizeCap: number | undefined) {
  const [files, setFiles] = useState<DraftFile[]>([]);
  const [refused, setRefused] = useState<RefusedFile[]>([]);
  const aborts = useRef(new Map<string, () => void>());
  const current = useRef(files);
  current.current = files;

  useEffect(
    () => () => {
      for (const abort of aborts.current.values()) abort();
      for (const f of current.current) if (f.thumbnail) URL.revokeObjectURL(f.thumbnail);
    },
    [],
  );

  const patch = useCallback((localId: string, change: Partial<DraftFile>) => setFiles((list) => list.map((f) => (f.localId === localId ? { ...f, ...change } : f))), []);

  const add = useCallback(
    (incoming: readonly File[]) => {
      if (incoming.length === 0 || fileSizeCap === undefined) return;
      const channel = channelKind as ChannelKind;
      const accepted: File[] = [];
      const refusals: RefusedFile[] = [];
      const taken = current.current.map((f) => asOutbound(f.mimeType, f.size));
      for (const file of incoming) {
        const candidate = asOutbound(file.type || 'application/octet-stream', file.size);
        const alone = fileRefusal(channel, candidate, fileSizeCap);
        const together = alone ? null : messageRefusal(channel, [...taken, candidate], fileSizeCap);
        const refusal =
          alone ??
          together?.refusal ??
          (taken.length >= MAX_ATTACHMENTS ? { code: 'TOO_MANY_FILES' as const, reason: `at most ${MAX_ATTACHMENTS} files`, limit: MAX_ATTACHMENTS } : null);
        if (refusal) refusals.push({ name: file.name || 'file', size: file.size, kind: candidate.kind, refusal });
        else {
          accepted.push(file);
          taken.push(candidate);
        }
      }
      setRefused(refusals);
      const drafts = accepted.map((file) => ({
        file,
        draft: {
          localId: crypto.randomUUID(),
          name: file.name || 'file',
          size: file.size,
          mimeType: file.type || 'application/octet-stream',
          thumbnail: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
          state: 'uploading' as const,
          progress: 0,
        },
      }));
      setFiles((list) => [...list, ...drafts.map((d) => d.draft)]);
      for (const { file, draft } of drafts) {
        const request = sendFile(file, (progress) => patch(draft.localId, { progress }));
        aborts.current.set(draft.localId, request.abort);
        request.done
          .then(
            (upload) => patch(draft.localId, { state: 'ready', progress: 1, upload }),
            // A removed file's upload was aborted: nothing is left to mark.
            (error: DraftFile['error']) => error?.code !== 'ABORTED' && patch(draft.localId, { state: 'failed', error }),
          )
          .finally(() => aborts.current.delete(draft.localId));
      }
    },
    [channelKind, fileSizeCap, patch],
  );

  const remove = useCallback((localId: string) => {
    aborts.current.get(localId)?.();
    setFiles((list) => {
      const gone = list.find((f) => f.localId === localId);
      if (gone?.thumbnail) URL.revokeObjectURL(gone.thumbnail);
      return list.filter((f) => f.localId !== localId);
    });
  }, []);

  /** After a send: the draft starts empty again. */
  const clear = useCallback(() => {
    setFiles((list) => {
      for (const f of list) if (f.thumbnail) URL.revokeObjectURL(f.thumbnail);
      return [];
    });
    setRefused([]);
  }, []);

  const uploading = files.some((f) => f.state === 'uploading');
  const failed = files.some((f) => f.state === 'failed');
  const uploadIds = files.flatMap((f) => (f.upload ? [f.upload.id] : []));
  return { files, refused, add, remove, clear, uploading, failed, uploadIds, dismissRefused: () => setRefused([]) };
}
