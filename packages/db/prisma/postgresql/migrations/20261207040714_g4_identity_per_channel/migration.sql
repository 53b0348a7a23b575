-- Issue 13: a site's verified user id (G4) is an identity of its channel ("user:<id>"), no longer
-- looked up across the account. Visitors identified before keep being recognised on the website
-- channels they were seen on.
INSERT INTO "VisitorIdentity" ("id", "accountId", "visitorId", "channelId", "externalId", "createdAt")
SELECT gen_random_uuid()::text, vi."accountId", vi."visitorId", vi."channelId", 'user:' || v."externalId", MIN(vi."createdAt")
FROM "VisitorIdentity" vi
JOIN "Visitor" v ON v."id" = vi."visitorId"
JOIN "Channel" c ON c."id" = vi."channelId"
WHERE v."externalId" IS NOT NULL AND c."kind" = 'website' AND vi."externalId" LIKE 'vt:%'
GROUP BY vi."accountId", vi."visitorId", vi."channelId", v."externalId"
ON CONFLICT DO NOTHING;
