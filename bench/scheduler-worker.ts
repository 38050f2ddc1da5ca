import { openDatabase } from '@/db/client';
import { drain } from './scheduler-drain';

/* One scheduler process of `npm run bench:scheduler`: connects, says it is ready, drains when told, reports. */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('the scheduler bench runs worker processes against PostgreSQL only (DATABASE_URL)');
const database = await openDatabase({ url, dataDir: null });
process.on('message', (message) => {
  if (message !== 'go') return;
  void drain(database.db).then(async (result) => {
    process.send!(result);
    await database.close();
    process.disconnect();
  });
});
process.send!('ready');
