/**
 * The part of autocannon 8's API that bench/serve-latency.ts uses; the package ships no types
 * and @types/autocannon is not installed.
 */
declare module 'autocannon' {
  interface RequestParams {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }

  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    requests?: { setupRequest?: (request: RequestParams) => RequestParams }[];
  }

  /** Percentiles in milliseconds (whole milliseconds: the histogram's lowest discernible value is 1). */
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total: number;
  }

  interface Result {
    latency: Histogram;
    requests: Histogram;
    errors: number;
    non2xx: number;
  }

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
