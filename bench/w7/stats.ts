import { percentile as pSorted } from '../w1w3w5/stats';

/** percentile of unsorted samples */
export const percentile = (xs: number[], p: number) => pSorted([...xs].sort((a, b) => a - b), p);
export const median = (xs: number[]) => percentile(xs, 50);
