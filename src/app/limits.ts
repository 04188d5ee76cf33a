/** Largest file Palier agrees to read for an import (refused unread above it). */
export const IMPORT_MAX_BYTES = 20_000_000;
