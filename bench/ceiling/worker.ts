/**
 * The ceiling: the least a Worker can do for a webhook POST in this runtime. It reads the body (so
 * the same bytes cross the same wire as for Parley) and answers 200. Parley's throughput is
 * reported as a fraction of this one's, measured the same way in the same run.
 */
export default {
  async fetch(request: Request): Promise<Response> {
    await request.arrayBuffer();
    return new Response("ok");
  },
};
