import { currentProfile, selectProfile } from '../../app/profiles.ts';
import { database, type ProfileRecord } from '../../db/db.ts';

/** Who is using the device now. Several people may share it; no account, no server. */
class AppState {
  profile = $state<ProfileRecord | undefined>(undefined);
  ready = $state(false);

  async init(): Promise<void> {
    this.profile = await currentProfile(database());
    this.ready = true;
  }

  async use(profile: ProfileRecord | undefined): Promise<void> {
    await selectProfile(database(), profile?.id);
    this.profile = profile;
  }
}

export const app = new AppState();
