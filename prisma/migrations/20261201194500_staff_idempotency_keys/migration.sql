-- CreateTable
CREATE TABLE "StaffIdempotencyKey" (
    "keyHash" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffIdempotencyKey_pkey" PRIMARY KEY ("keyHash")
);
