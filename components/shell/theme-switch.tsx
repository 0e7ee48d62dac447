'use client';

import { useEffect, useState } from 'react';
import { cn } from '@/components/ui/cn';
import { MonitorIcon, MoonIcon, SunIcon } from '@/components/ui/icons';
import { applyTheme, readTheme, type ThemeChoice } from '@/lib/dashboard/theme';

const CHOICES: readonly { value: ThemeChoice; label: string; Icon: typeof SunIcon }[] = [
  { value: 'light', label: 'Light theme', Icon: SunIcon },
  { value: 'dark', label: 'Dark theme', Icon: MoonIcon },
  { value: 'system', label: 'System theme', Icon: MonitorIcon },
];

export function ThemeSwitch() {
  const [theme, setTheme] = useState<ThemeChoice>('system');
  useEffect(() => setTheme(readTheme()), []);
  useEffect(() => {
    if (theme !== 'system') return;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => applyTheme('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [theme]);

  return (
    <div role="radiogroup" aria-label="Theme" className="inline-flex rounded border border-white/20">
      {CHOICES.map(({ value, label, Icon }) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={theme === value}
          aria-label={label}
          title={label}
          onClick={() => {
            applyTheme(value);
            setTheme(value);
          }}
          className={cn('p-1.5 text-nav-fg', theme === value ? 'bg-white/20' : 'hover:bg-white/10')}
        >
          <Icon className="h-4 w-4" />
        </button>
      ))}
    </div>
  );
}
