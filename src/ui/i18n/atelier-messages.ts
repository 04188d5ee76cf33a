import { atelier as enAtelier } from './en/atelier.ts';
import { atelierForms as enForms } from './en/atelier-forms.ts';
import { atelierPanels as enPanels } from './en/atelier-panels.ts';
import { atelier as frAtelier } from './fr/atelier.ts';
import { atelierForms as frForms } from './fr/atelier-forms.ts';
import { atelierPanels as frPanels } from './fr/atelier-panels.ts';
import { addMessages } from './i18n.svelte.ts';

// The Atelier's strings join the dictionaries when its code loads (imported for this side effect
// by the Atelier's screens and by the pack import of Réglages).
addMessages({ ...frAtelier, ...frPanels, ...frForms }, { ...enAtelier, ...enPanels, ...enForms });
