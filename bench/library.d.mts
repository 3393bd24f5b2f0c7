export function random(seed: number): () => number;
export function article(index: number, bytes?: number): string;
export function ensureLibrary(dir: string, count: number, bytes?: number): string;
