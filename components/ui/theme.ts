/** The browser's chrome around the app (address bar, installed window), light and dark like the page. */
export const THEME = { light: '#ffffff', dark: '#0f172a' } as const;
