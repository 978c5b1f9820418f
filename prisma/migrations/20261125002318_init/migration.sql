-- CreateTable
CREATE TABLE "Municipality" (
    "code" CHAR(3) NOT NULL,
    "nameFi" TEXT NOT NULL,
    "nameSv" TEXT NOT NULL,
    "population" INTEGER NOT NULL,
    "consortiumId" TEXT NOT NULL,
    "joined" BOOLEAN NOT NULL DEFAULT false,
    "joinedAt" DATE,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Municipality_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Consortium" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "Consortium_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JoiningRound" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "signingDeadline" DATE NOT NULL,
    "goLiveDate" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JoiningRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "consortiumId" TEXT NOT NULL,
    "municipalityCode" CHAR(3),
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "transport" TEXT NOT NULL,
    "lastError" TEXT,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EligibilityAudit" (
    "checkId" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decision" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "municipalityCode" CHAR(3),
    "personHash" TEXT NOT NULL,
    "guardianHash" TEXT,
    "caller" TEXT,

    CONSTRAINT "EligibilityAudit_pkey" PRIMARY KEY ("checkId")
);

-- CreateIndex
CREATE INDEX "Municipality_consortiumId_idx" ON "Municipality"("consortiumId");

-- CreateIndex
CREATE INDEX "Municipality_joined_idx" ON "Municipality"("joined");

-- CreateIndex
CREATE UNIQUE INDEX "JoiningRound_name_key" ON "JoiningRound"("name");

-- CreateIndex
CREATE INDEX "OutboxMessage_consortiumId_idx" ON "OutboxMessage"("consortiumId");

-- CreateIndex
CREATE INDEX "EligibilityAudit_checkedAt_idx" ON "EligibilityAudit"("checkedAt");

-- AddForeignKey
ALTER TABLE "Municipality" ADD CONSTRAINT "Municipality_consortiumId_fkey" FOREIGN KEY ("consortiumId") REFERENCES "Consortium"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
