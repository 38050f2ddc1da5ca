/** The delivery worker of this process, if it runs one (WORKER=1), so a new send wakes it at once. */
let wakeRunning: (() => void) | undefined;

export function setDeliveryWake(wake: (() => void) | undefined): void {
  wakeRunning = wake;
}

/** A message was queued in this process: its worker looks at once instead of at its next poll. */
export function wakeDelivery(): void {
  wakeRunning?.();
}
