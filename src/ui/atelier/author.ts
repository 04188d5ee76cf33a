import type { ProfileRecord } from '../../db/db.ts';

/**
 * Today's date on this device as `AAAA-MM-JJ` (local time, not UTC: a senior working at 00:30
 * publishes on their today).
 */
export function localDay(now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/**
 * The author written into a scenario, a pack or a reference path: the profile's name and role.
 * Scenario content is French whatever the interface language, so the role is in French.
 */
export function scenarioAuthor(profile: ProfileRecord | undefined): { name: string; role: string } {
  const role = profile?.role === 'formateur' ? 'Formateur' : 'Senior';
  return { name: profile?.name ?? role, role };
}
