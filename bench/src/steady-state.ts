/**
 * The steady-state runner of the throughput section: closed-loop clients, each sending one
 * request at a time, timed so that every counted request ran with the same company.
 * @module
 */

/** Sends request `i` of client `client` and resolves when it is answered. */
export type Send = (client: number, i: number) => Promise<void>;

/**
 * The machine is shared: short 1-client and 2-client rounds alternate so both see the same
 * background load. Each rate is requests over summed time, per client (see `steadyRun`);
 * `twoUntilBothDone` counts each 2-client round until its last client had counted.
 */
export async function alternate(
  rounds: number,
  per: number,
  round: (r: number) => Send,
  now: () => number = () => performance.now(),
): Promise<{ one: number; two: number; twoUntilBothDone: number }> {
  let oneTime = 0;
  const twoTimes = [0, 0];
  let bothDoneTime = 0;
  for (let r = 0; r < rounds; r++) {
    const send = round(r);
    oneTime += (await steadyRun(1, per, send, now))[0]!;
    const [a, b] = await steadyRun(2, per, send, now);
    twoTimes[0]! += a!;
    twoTimes[1]! += b!;
    bothDoneTime += Math.max(a!, b!);
  }
  const count = rounds * per;
  return {
    one: count / (oneTime / 1000),
    two: twoTimes.reduce((s, t) => s + count / (t / 1000), 0),
    twoUntilBothDone: (2 * count) / (bothDoneTime / 1000),
  };
}

/**
 * `clients` closed-loop clients, each sending one request at a time. Returns the time each
 * took for its first `count` requests (ms). A client that has counted its requests keeps
 * sending until every client has, so that each counted request ran with the same company:
 * there is no tail where the last client runs alone on a machine that the other has left idle.
 */
export async function steadyRun(
  clients: number,
  count: number,
  send: Send,
  now: () => number = () => performance.now(),
): Promise<number[]> {
  let counting = clients;
  const start = now();
  return Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      let elapsed = 0;
      // Bounded: the others stop once the last one has counted (10× is only a guard).
      for (let i = 0; (i < count || counting > 0) && i < count * 10; i++) {
        await send(client, i);
        if (i === count - 1) {
          elapsed = now() - start;
          counting--;
        }
      }
      return elapsed;
    }),
  );
}
