-- Fills a database that has Aether's schema (core/tests/fixtures/aether_pg_schema.sql) with a
-- gateway the size of SPEC §4's large snapshot: 1,000 providers, 3,000 endpoints, 15,000 keys,
-- 20,000 models and :rows request_candidates over the last 7 days, with random UUID ids (so
-- nothing arrives presorted) and the secrets the schema plants in every credential column.
\set ON_ERROR_STOP on
SELECT setseed(0.6);

INSERT INTO providers (id, name, display_name, description, website, billing_type,
                       monthly_quota_usd, monthly_used_usd, quota_reset_day, rpm_limit, rpm_used,
                       provider_priority, is_active, created_at, updated_at)
SELECT 'prov-' || lpad(CAST(p AS TEXT), 5, '0'), 'provider-' || p, 'Provider ' || p,
       CASE WHEN p % 4 = 0 THEN NULL ELSE 'upstream account ' || p END,
       'https://p' || p || '.example',
       CAST((ARRAY['monthly_quota', 'pay_as_you_go', 'free_tier'])[1 + p % 3] AS providerbillingtype),
       CASE WHEN p % 3 = 0 THEN 100 + p END, p * 0.25, 1 + p % 28,
       CASE WHEN p % 5 = 0 THEN NULL ELSE 60 * (1 + p % 10) END, p % 50,
       p % 200, p % 17 <> 0, now() - interval '90 days' + p * interval '1 minute', now()
FROM generate_series(1, 1000) AS p;

INSERT INTO provider_endpoints (id, provider_id, api_format, base_url, is_active, created_at)
SELECT CAST(gen_random_uuid() AS TEXT), p.id, f.format,
       'https://api.' || p.name || '.example/' || lower(f.format), f.n <> 2,
       p.created_at + f.n * interval '1 second'
FROM providers p
CROSS JOIN (VALUES (1, 'CLAUDE'), (2, 'OPENAI'), (3, 'GEMINI')) AS f (n, format);

INSERT INTO provider_api_keys (id, endpoint_id, name, health_score, is_active)
SELECT CAST(gen_random_uuid() AS TEXT), e.id, 'key ' || k,
       CASE WHEN k = 5 THEN NULL ELSE random() END, k <> 4
FROM provider_endpoints e CROSS JOIN generate_series(1, 5) AS k;

INSERT INTO models (id, provider_id, provider_model_name, is_active)
SELECT CAST(gen_random_uuid() AS TEXT), p.id, 'model-' || m, m % 7 <> 0
FROM providers p CROSS JOIN generate_series(1, 20) AS m;

CREATE TEMP TABLE bench_endpoints AS
SELECT CAST(row_number() OVER (ORDER BY e.id) - 1 AS INTEGER) AS n, e.id, e.provider_id,
       (SELECT min(k.id) FROM provider_api_keys k WHERE k.endpoint_id = e.id) AS key_id
FROM provider_endpoints e;

INSERT INTO request_candidates (id, request_id, candidate_index, retry_index, provider_id,
                                endpoint_id, key_id, status, status_code, error_type,
                                error_message, latency_ms, created_at, started_at, finished_at)
SELECT CAST(gen_random_uuid() AS TEXT), 'req-' || (i / 2), i % 2, 0, e.provider_id, e.id, e.key_id,
       s.status,
       CASE s.status WHEN 'success' THEN 200 WHEN 'failed' THEN 500 + (i % 3) END,
       CASE WHEN s.status = 'failed' THEN 'upstream_error' END,
       CASE WHEN s.status = 'failed' THEN 'upstream returned ' || (500 + i % 3) || ' for request ' || i END,
       CASE WHEN s.status IN ('success', 'failed') THEN 40 + i % 9000 END,
       t.created, t.created + interval '5 milliseconds',
       CASE WHEN s.status IN ('success', 'failed') THEN t.created + interval '900 milliseconds' END
FROM generate_series(1, :rows) AS i
JOIN bench_endpoints e ON e.n = i % 3000
CROSS JOIN LATERAL (SELECT CASE WHEN i % 10 < 8 THEN 'success' WHEN i % 10 = 8 THEN 'failed'
                                ELSE 'skipped' END AS status) AS s
CROSS JOIN LATERAL (SELECT now() - random() * interval '7 days' AS created) AS t;

-- Set hint bits and statistics as autovacuum would have on a live server.
VACUUM (ANALYZE);
