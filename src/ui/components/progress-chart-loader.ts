/**
 * Loads the mastery chart (and uPlot with it) in its own chunk. Only the progression screen calls
 * this, so the first screen's JavaScript never includes the chart library.
 */
export type ChartLoader = () => Promise<typeof import('./progress-chart.svelte')>;

export const loadChart: ChartLoader = () => import('./progress-chart.svelte');
