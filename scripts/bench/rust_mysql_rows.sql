-- Fills a MariaDB database that has the Rust gateway's MySQL layout
-- (core/tests/fixtures/rust_mysql_schema.sql) with a gateway the size of the benchmark's large
-- snapshot (docs/rules.md, "Performance targets"): 1,000 providers, 3,000 endpoints, 15,000 keys, 20,000 models and ROWS
-- request_candidates over the last 7 days (scripts/bench-snapshot replaces ROWS), with the
-- secrets planted in credential columns. Unix seconds in the catalogue, milliseconds in
-- request_candidates, as the gateway stores them. Uses MariaDB's seq_1_to_N tables.
SET SESSION unique_checks = 0;
SET @now_s = UNIX_TIMESTAMP();
SET @now_ms = @now_s * 1000;

INSERT INTO providers (id, name, description, website, provider_type, billing_type,
                       monthly_quota_usd, monthly_used_usd, quota_reset_day, provider_priority,
                       is_active, max_retries, request_timeout, proxy, config, created_at,
                       updated_at)
SELECT CONCAT('prov-', LPAD(seq, 5, '0')), CONCAT('provider-', seq),
       IF(seq % 4 = 0, NULL, CONCAT('upstream account ', seq)), CONCAT('https://p', seq, '.example'),
       'custom', ELT(1 + seq % 3, 'monthly_quota', 'pay_as_you_go', 'free_tier'),
       IF(seq % 3 = 0, 100 + seq, NULL), seq * 0.25, 1 + seq % 28, seq % 200, seq % 17 <> 0, 2,
       300, '{"url": "http://PLANTED-proxy"}', '{"token": "PLANTED-config"}',
       @now_s - 90 * 86400 + seq * 60, @now_s
FROM seq_1_to_1000;

INSERT INTO provider_endpoints (id, provider_id, name, base_url, api_format, is_active,
                                header_rules, created_at, updated_at)
SELECT UUID(), p.id, f.format, CONCAT('https://api.', p.name, '.example/', f.n), f.format,
       f.n <> 2, '{"Authorization": "PLANTED-header"}', p.created_at + f.n, p.created_at + f.n
FROM providers p
CROSS JOIN (SELECT 1 AS n, 'claude:messages' AS format
            UNION ALL SELECT 2, 'openai:chat'
            UNION ALL SELECT 3, 'gemini:generate_content') AS f;

INSERT INTO provider_api_keys (id, provider_id, name, api_key, encrypted_key, auth_config,
                               api_formats, health_by_format, is_active, created_at, updated_at)
SELECT UUID(), e.provider_id, CONCAT('key ', k.seq), 'PLANTED-api-key', 'PLANTED-encrypted',
       IF(k.seq = 1, '"PLANTED-auth-config"', NULL), JSON_ARRAY(e.api_format),
       JSON_OBJECT(e.api_format, JSON_OBJECT('health_score', IF(k.seq = 5, NULL, RAND(7)))),
       k.seq <> 4, e.created_at, e.created_at
FROM provider_endpoints e CROSS JOIN seq_1_to_5 AS k;

INSERT INTO models (id, provider_id, provider_model_name, is_active, created_at, updated_at)
SELECT UUID(), p.id, CONCAT('model-', m.seq), m.seq % 7 <> 0, p.created_at, p.created_at
FROM providers p CROSS JOIN seq_1_to_20 AS m;

CREATE TEMPORARY TABLE bench_endpoints (
    n INT PRIMARY KEY, id VARCHAR(64), provider_id VARCHAR(64), key_id VARCHAR(64));
INSERT INTO bench_endpoints
SELECT ROW_NUMBER() OVER (ORDER BY e.id) - 1, e.id, e.provider_id,
       (SELECT MIN(k.id) FROM provider_api_keys k WHERE k.provider_id = e.provider_id)
FROM provider_endpoints e;

-- Times spread over 7 days by a fixed stride: every run fills the same rows.
INSERT INTO request_candidates (id, request_id, candidate_index, retry_index, provider_id,
                                endpoint_id, key_id, status, status_code, error_type,
                                error_message, latency_ms, created_at, started_at, finished_at)
SELECT UUID(), CONCAT('req-', s.seq DIV 2), s.seq % 2, 0, e.provider_id, e.id, e.key_id,
       CASE WHEN s.seq % 10 < 8 THEN 'success' WHEN s.seq % 10 = 8 THEN 'failed' ELSE 'skipped' END,
       CASE WHEN s.seq % 10 < 8 THEN 200 WHEN s.seq % 10 = 8 THEN 500 + s.seq % 3 END,
       IF(s.seq % 10 = 8, 'upstream_error', NULL),
       IF(s.seq % 10 = 8, CONCAT('upstream returned ', 500 + s.seq % 3, ' for request ', s.seq), NULL),
       IF(s.seq % 10 <= 8, 40 + s.seq % 9000, NULL),
       @now_ms - (s.seq * 7919) % 604800000,
       @now_ms - (s.seq * 7919) % 604800000 + 5,
       IF(s.seq % 10 <= 8, @now_ms - (s.seq * 7919) % 604800000 + 900, NULL)
FROM seq_1_to_ROWS AS s JOIN bench_endpoints e ON e.n = s.seq % 3000;

ANALYZE TABLE providers, provider_endpoints, provider_api_keys, models, request_candidates;
