'use client';
import { useMemo } from 'react';

/** The browser's own list of IANA zones, as suggestions for a zone field (`list={id}`). */
export function TimeZoneList({ id }: { id: string }) {
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  return (
    <datalist id={id}>
      {zones.map((zone) => <option key={zone} value={zone} />)}
    </datalist>
  );
}
