'use client';
import { createContext, useContext, type ReactNode } from 'react';

/** The signed-in person's own time zone: due times and resume times are read in it (SPEC §17). */
const ViewerZoneContext = createContext<string>('UTC');

export function ViewerZoneProvider({ zone, children }: { zone: string; children: ReactNode }) {
  return <ViewerZoneContext.Provider value={zone}>{children}</ViewerZoneContext.Provider>;
}

export const useViewerZone = () => useContext(ViewerZoneContext);
