// The audit of register queries (DVV's terms: every query logged, kept five years): one row per query,
// answered or not, linked to the check it served; identity codes only as keyed hashes.
import type { PrismaClient } from '../../generated/prisma/client';
import type { QueryListener } from '../population-register/eligibility-facts';
import { hashIdentityCode } from './identity-hash';

type QueryRecord = Parameters<QueryListener>[0];

/** One row of `RegisterQueryAudit`, as written (its id is made by the writer). */
export interface RegisterQueryRow {
  queriedAt: Date;
  product: string;
  endUser: string;
  checkId: string;
  personHash: string;
  returnCode: string | null;
  outcome: string;
}

/** Collects the queries of one activity attempt; `flush` writes them, whatever became of the attempt. */
export class RegisterQueryLog {
  private readonly records: QueryRecord[] = [];
  readonly listener: QueryListener = (record) => this.records.push(record);

  constructor(
    private readonly prisma: PrismaClient,
    private readonly auditSecret: string,
    private readonly checkId: string,
    /** Loppukayttaja of the queries. */
    readonly endUser: string,
  ) {}

  async flush(): Promise<void> {
    await this.write(this.take());
  }

  /** Writes rows taken earlier (when the statement meant to carry them failed). */
  async write(rows: RegisterQueryRow[]): Promise<void> {
    if (rows.length > 0) await this.prisma.registerQueryAudit.createMany({ data: rows });
  }

  /** The queries collected so far as audit rows, taken out of the log (the caller writes them). */
  take(): RegisterQueryRow[] {
    return this.records.splice(0).map((record) => ({
      queriedAt: record.queriedAt,
      product: record.product,
      endUser: this.endUser,
      checkId: this.checkId,
      personHash: hashIdentityCode(this.auditSecret, record.personId),
      returnCode: record.returnCode,
      outcome: record.outcome,
    }));
  }

  /** Runs `work` with this log and writes the queries it made, also when it failed. */
  async around<T>(work: (listener: QueryListener) => Promise<T>): Promise<T> {
    try {
      return await work(this.listener);
    } finally {
      await this.flush();
    }
  }
}

/** Loppukayttaja when the request names none (a check started outside the API): the service itself. */
export const DEFAULT_END_USER = 'E-kirjasto';
