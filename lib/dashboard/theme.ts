/** Light / dark / system theme, kept in localStorage and applied as a `dark` class on <html>. */
export type ThemeChoice = 'light' | 'dark' | 'system';

export const THEME_KEY = 'convection-theme';

/** Runs before first paint (inlined in the root layout), so a dark page never flashes white. */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem('${THEME_KEY}')||'system';var d=t==='dark'||(t==='system'&&window.matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;

export function readTheme(): ThemeChoice {
  const value = typeof window === 'undefined' ? null : window.localStorage.getItem(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyTheme(choice: ThemeChoice): void {
  window.localStorage.setItem(THEME_KEY, choice);
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
}
