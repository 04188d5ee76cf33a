/** The LRS settings' strings (endpoint, credentials, outbox), French: the source of the keys. */
export const lrs = {
  'lrs.title': 'Entrepôt d’apprentissage (LRS)',
};
