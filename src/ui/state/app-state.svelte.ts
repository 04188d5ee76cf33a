import { loadLocale, saveLocale } from '../../app/preferences.ts';
import { currentProfile, selectProfile } from '../../app/profiles.ts';
import { database, type ProfileRecord } from '../../db/db.ts';
import { i18n, type Locale } from '../i18n/i18n.svelte.ts';

/** Who is using the device now. Several people may share it; no account, no server. */
class AppState {
  // Raw: records go back to IndexedDB, which cannot store Svelte's proxies.
  profile = $state.raw<ProfileRecord | undefined>(undefined);
  ready = $state(false);
  /** Why the device's storage could not be opened (private browsing, storage blocked…). */
  failure = $state<string | undefined>(undefined);

  async init(): Promise<void> {
    try {
      const db = database();
      const [profile, locale] = await Promise.all([currentProfile(db), loadLocale(db)]);
      // The language first, so the screen does not flash in French.
      if (locale) i18n.set(locale);
      this.profile = profile;
    } catch (e) {
      this.failure = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    } finally {
      this.ready = true;
    }
  }

  async use(profile: ProfileRecord | undefined): Promise<void> {
    await selectProfile(database(), profile?.id);
    this.profile = profile;
  }

  /** Switches the interface language and remembers it on the device. */
  async setLocale(locale: Locale): Promise<void> {
    i18n.set(locale);
    await saveLocale(database(), locale);
  }
}

export const app = new AppState();
