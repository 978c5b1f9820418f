-- CreateTable
CREATE TABLE "RegisterQueryAudit" (
    "id" TEXT NOT NULL,
    "queriedAt" TIMESTAMP(3) NOT NULL,
    "product" TEXT NOT NULL,
    "endUser" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "personHash" TEXT NOT NULL,
    "returnCode" TEXT,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "RegisterQueryAudit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditSearchAudit" (
    "id" TEXT NOT NULL,
    "searchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "searchedBy" TEXT NOT NULL,
    "personHash" TEXT NOT NULL,

    CONSTRAINT "AuditSearchAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RegisterQueryAudit_checkId_idx" ON "RegisterQueryAudit"("checkId");

-- CreateIndex
CREATE INDEX "RegisterQueryAudit_personHash_idx" ON "RegisterQueryAudit"("personHash");

-- CreateIndex
CREATE INDEX "RegisterQueryAudit_queriedAt_idx" ON "RegisterQueryAudit"("queriedAt");

-- CreateIndex
CREATE INDEX "AuditSearchAudit_searchedAt_idx" ON "AuditSearchAudit"("searchedAt");
