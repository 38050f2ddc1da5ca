/** Browser notifications are a per-browser opt-in: the permission is the browser's, the wish is kept here. */
const KEY = 'cadence.browserNotifications';

export type BrowserNotifyState = 'unsupported' | 'off' | 'on' | 'blocked';

export function browserNotifyState(): BrowserNotifyState {
  if (typeof window === 'undefined' || !('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && localStorage.getItem(KEY) === 'on' ? 'on' : 'off';
}

export async function enableBrowserNotify(): Promise<BrowserNotifyState> {
  if (browserNotifyState() === 'unsupported') return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'granted') localStorage.setItem(KEY, 'on');
  return browserNotifyState();
}

export function disableBrowserNotify(): void {
  localStorage.removeItem(KEY);
}

/** Shown only while the tab is in the background: in front, the bell is enough. */
export function showBrowserNotification(title: string, body: string, tag: string, onClick: () => void): void {
  if (browserNotifyState() !== 'on' || document.visibilityState === 'visible') return;
  const n = new Notification(title, { body, tag });
  n.onclick = () => {
    window.focus();
    onClick();
  };
}
