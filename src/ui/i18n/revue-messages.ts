import { lrs as enLrs } from './en/lrs.ts';
import { revue as enRevue } from './en/revue.ts';
import { addMessages } from './i18n.svelte.ts';
import { lrs as frLrs } from './fr/lrs.ts';
import { revue as frRevue } from './fr/revue.ts';

// The Revue's strings join the dictionaries when its code loads (imported for this side effect by
// the Revue's screens and by the trainer's LRS settings), so juniors never download them.
addMessages({ ...frRevue, ...frLrs }, { ...enRevue, ...enLrs });
