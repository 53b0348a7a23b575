-- CreateTable
CREATE TABLE "PluginPackage" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "tarball" BYTEA NOT NULL,
    "manifest" TEXT NOT NULL,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PluginPackage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PluginPackage_name_status_idx" ON "PluginPackage"("name", "status");
