// One online capture, against one raw fetch of the same request plus one raw IndexedDB
// put and delete (what saving before sending costs at the least).
import { apiSession, done, median, openRawDb, recordLike, report, time } from './bench-kit.js';

const ROUNDS = 100;
const apiUrl = await apiSession();
const sdk = new Rechat.Sdk({ apiUrl });
const channel = { lead_channel: crypto.randomUUID() };
const raw = await openRawDb();
const baseline = [];
const measured = [];

for (let round = 0; round < ROUNDS; round++) {
  const record = recordLike(round, apiUrl);
  baseline.push(
    await time(async () => {
      const put = raw.transaction('outbox', 'readwrite');
      put.objectStore('outbox').put(record);
      await done(put);
      const response = await fetch(`${apiUrl}/leads/channels/${channel.lead_channel}/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email: `lead${round}@example.com`, first_name: 'Ada' }),
        mode: 'cors',
        credentials: 'omit',
      });
      await response.json();
      const remove = raw.transaction('outbox', 'readwrite');
      remove.objectStore('outbox').delete(record.id);
      await done(remove);
    }),
  );
  measured.push(await time(() => sdk.Leads.capture(channel, { email: `lead${round}@example.com`, first_name: 'Ada' })));
  // Let the outbox finish removing the record before the next round.
  await sdk.flush();
}
report({
  name: 'capture-online',
  what: `one online capture vs one raw fetch + one raw IndexedDB put and delete (median of ${ROUNDS})`,
  baselineMs: median(baseline),
  measuredMs: median(measured),
  budget: 1.0,
});
