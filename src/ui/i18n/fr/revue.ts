/** The Revue's strings (trainer screens), French: the source of the keys. */
export const revue = {
  'revue.title': 'Revue',
};
