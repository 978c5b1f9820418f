-- A reminder is claimed before it is sent: an attempt that timed out may still be sending, and its
-- retry must not send the same message again while the claim holds.
ALTER TABLE "OutboxMessage" ADD COLUMN "claimToken" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedUntil" TIMESTAMP(3);
ALTER TABLE "OutboxMessage" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
