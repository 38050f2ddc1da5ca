'use client';
import { useMemo } from 'react';

/** The browser's own list of IANA zones, as suggestions for a zone field (`list={id}`). */
export function TimeZoneList({ id }: { id: string }) {
  // Chromium leaves UTC out of its list; luxon, which checks the value, accepts it.
  const zones = useMemo(() => ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')], []);
  return (
    <datalist id={id}>
      {zones.map((zone) => <option key={zone} value={zone} />)}
    </datalist>
  );
}
