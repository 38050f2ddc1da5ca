'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from './i18n';

/**
 * Below 768 px the header's places, the availability, the name and "sign out" do not fit in a
 * row: they fold into this menu. The links are the same list the wide header shows.
 */
export function AppHeaderMenu({ links, children }: { links: { href: string; label: string }[]; children: ReactNode }) {
  const t = useT();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  // Following a link closes the menu: the next page starts with the content in view.
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);
  return (
    <div
      ref={root}
      className="md:hidden"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        setOpen(false);
        toggle.current?.focus();
      }}
    >
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls="app-menu"
        onClick={() => setOpen((v) => !v)}
        className="flex h-9 w-9 items-center justify-center rounded text-slate-700 hover:bg-slate-100"
      >
        <span className="sr-only">{t('nav.menu')}</span>
        <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5 fill-current">
          <path d="M3 5h14v2H3zm0 4h14v2H3zm0 4h14v2H3z" />
        </svg>
      </button>
      {open && (
        <div id="app-menu" className="absolute inset-x-0 top-11 z-30 max-h-[calc(100dvh-2.75rem)] overflow-y-auto border-b border-slate-200 bg-white shadow-lg">
          <nav aria-label={t('nav.main')}>
            <ul className="grid grid-cols-2 gap-px bg-slate-100 text-sm">
              {links.map((link) => (
                <li key={link.href} className="bg-white">
                  <Link
                    href={link.href}
                    aria-current={pathname === link.href ? 'page' : undefined}
                    onClick={() => setOpen(false)}
                    className={`block px-4 py-3 ${pathname === link.href ? 'font-semibold text-indigo-700' : 'text-slate-700'}`}
                  >
                    {link.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-4 py-3 text-sm">{children}</div>
        </div>
      )}
    </div>
  );
}
