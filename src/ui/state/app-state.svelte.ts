import { loadLocale, saveLocale } from '../../app/preferences.ts';
import { currentProfile, selectProfile } from '../../app/profiles.ts';
import { database, type ProfileRecord } from '../../db/db.ts';
import { i18n, type Locale } from '../i18n/i18n.svelte.ts';

/** Who is using the device now. Several people may share it; no account, no server. */
class AppState {
  // Raw: records go back to IndexedDB, which cannot store Svelte's proxies.
  profile = $state.raw<ProfileRecord | undefined>(undefined);
  ready = $state(false);
  /** Senior and trainer profiles opened with their PIN in this tab (asked again after a reload). */
  unlocked = $state<string[]>([]);
  /** Why the device's storage could not be opened (private browsing, storage blocked…). */
  failure = $state<string | undefined>(undefined);

  async init(): Promise<void> {
    try {
      const db = database();
      const [profile, locale] = await Promise.all([currentProfile(db), loadLocale(db)]);
      // The language first, so the screen does not flash in French.
      // English loads on demand: should its chunk fail to load, the interface stays in French.
      if (locale) i18n.set(locale).catch(() => undefined);
      this.profile = profile;
    } catch (e) {
      this.failure = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    } finally {
      this.ready = true;
    }
  }

  /** A profile that needs no PIN, or whose PIN was given in this tab. */
  isOpen(profile: ProfileRecord | undefined): boolean {
    return profile !== undefined && (profile.role === 'junior' || this.unlocked.includes(profile.id));
  }

  unlock(profileId: string): void {
    if (!this.unlocked.includes(profileId)) this.unlocked = [...this.unlocked, profileId];
  }

  async use(profile: ProfileRecord | undefined): Promise<void> {
    await selectProfile(database(), profile?.id);
    this.profile = profile;
  }

  /** Switches the interface language and remembers it on the device. */
  async setLocale(locale: Locale): Promise<void> {
    // Remembered once shown: a dictionary that cannot load (offline before the first visit's
    // precache) is reported to the caller and leaves the choice as it was.
    await i18n.set(locale);
    await saveLocale(database(), locale);
  }
}

export const app = new AppState();
