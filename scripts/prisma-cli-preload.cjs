// Preloaded into the Prisma 6 CLI (see `npm run prisma`). Two workarounds, CLI only:
// 1. prisma/orm#27403: catalogue queries return columns of type `name` (OID 19) and `"char"` (18)
//    that @prisma/adapter-pg 6 cannot deserialise; report them as text (25).
// 2. The CLI lingers 10-60 s after finishing because of long timers; unref those.
const pg = require('pg');

const TEXT_OID = 25;
const originalQuery = pg.Pool.prototype.query;
pg.Pool.prototype.query = function patchedQuery(...args) {
  const result = originalQuery.apply(this, args);
  if (result && typeof result.then === 'function') {
    return result.then((res) => {
      for (const field of res?.fields ?? []) {
        if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = TEXT_OID;
      }
      return res;
    });
  }
  return result;
};

const originalSetTimeout = global.setTimeout;
global.setTimeout = function unrefLongTimers(handler, ms, ...rest) {
  const timer = originalSetTimeout(handler, ms, ...rest);
  if (typeof ms === 'number' && ms >= 10_000 && timer && typeof timer.unref === 'function') timer.unref();
  return timer;
};
