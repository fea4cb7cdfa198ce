/** Fixed-window counter per key, in memory: enough for one process; failures only, so users are never slowed. */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** True while the key has used up its allowance in the current window. */
  isLimited(key: string, now: number): boolean {
    const h = this.hits.get(key);
    return h !== undefined && h.resetAt > now && h.count >= this.limit;
  }

  hit(key: string, now: number): void {
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) {
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      if (this.hits.size > 100_000) this.sweep(now);
    } else {
      h.count++;
    }
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, h] of this.hits) if (h.resetAt <= now) this.hits.delete(k);
  }
}
