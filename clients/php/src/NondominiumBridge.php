<?php
/**
 * PHP 8 client of the nondominium REST bridge (spec §8.4), plain curl.
 *
 * Hashes are HoloHash base64 strings ("uhCkk…"); times are µs since the
 * epoch. Writes are queued by the bridge: each write sends an
 * Idempotency-Key (a random one unless given) and waits for the outcome
 * (`wait` seconds), returning the result array or throwing BridgeError
 * with the bridge's status and the zome's message.
 */
declare(strict_types=1);

namespace Nondominium;

/** A refused request: getCode() is the HTTP status (400, 403, 404, 405, 409, 422, 503). */
final class BridgeError extends \RuntimeException {}

final class Bridge
{
    public function __construct(private string $baseUrl, private int $timeout = 60) {}

    /** GET /health: HealthStatus (spec §8.9). */
    public function health(): array { return $this->request('GET', '/health', null, [], true); }
    public function agent(): string { return $this->request('GET', '/api/agent')['agent']; }
    public function specifications(): array { return $this->request('GET', '/api/specifications'); }
    public function createSpecification(string $name, string $description = '', array $rules = [], ?string $key = null, int $wait = 30): array
    {
        return $this->write('/api/specifications', ['name' => $name, 'description' => $description, 'governance_rules' => $rules], $key, $wait);
    }
    public function createResource(string $specHash, float $quantity, string $unit, ?string $location = null, ?string $key = null, int $wait = 30): array
    {
        return $this->write('/api/resources', ['spec_hash' => $specHash, 'quantity' => $quantity, 'unit' => $unit, 'current_location' => $location], $key, $wait);
    }
    public function getResource(string $hash): array { return $this->request('GET', "/api/resources/$hash"); }
    /** @param array<string, scalar|null> $filters spec_hash, custodian, validation, text, offset, limit */
    public function searchResources(array $filters = []): array
    {
        return $this->request('GET', '/api/resources/search?' . http_build_query(array_filter($filters, fn ($v) => $v !== null)));
    }
    public function useResource(string $hash, ?string $note = null, ?string $key = null, int $wait = 30): array
    {
        return $this->write("/api/resources/$hash/use", ['note' => $note], $key, $wait);
    }
    /** Always refused (405): resources are never deleted (REQ-RES-03). */
    public function deleteResource(string $hash): void { $this->request('DELETE', "/api/resources/$hash"); }
    public function recordEvent(array $event, ?string $key = null, int $wait = 30): array { return $this->write('/api/events', $event, $key, $wait); }
    public function eventsByResource(string $hash): array { return $this->request('GET', "/api/events/by-resource/$hash"); }
    /** A page of a resource's audit trail, newest first: at most $limit (1-100) entries before $before (the previous page's `earlier`; null for the newest). Returns ['entries' => [...], 'earlier' => ?string]. */
    public function eventsByResourcePage(string $hash, int $limit = 20, ?string $before = null): array { return $this->request('GET', "/api/events/by-resource/$hash/page?" . http_build_query(array_filter(['limit' => $limit, 'before' => $before], fn ($v) => $v !== null))); }
    public function proposeCommitment(array $c, ?string $key = null, int $wait = 30): array { return $this->write('/api/commitments', $c, $key, $wait); }
    public function myCommitments(): array { return $this->request('GET', '/api/commitments'); }
    public function getCommitment(string $hash): array { return $this->request('GET', "/api/commitments/$hash"); }
    /** @param 'accept'|'decline'|'cancel' $decision */
    public function decideCommitment(string $hash, string $decision, ?string $note = null, ?string $key = null, int $wait = 30): array
    {
        return $this->write("/api/commitments/$hash/$decision", ['note' => $note], $key, $wait);
    }
    public function claimCommitment(string $hash, ?string $resourceHash = null, ?float $quantity = null, ?string $key = null, int $wait = 30): array
    {
        return $this->write("/api/commitments/$hash/claim", ['resource_hash' => $resourceHash, 'resource_quantity' => $quantity], $key, $wait);
    }
    public function reputationSummary(string $agent): array { return $this->request('GET', "/api/reputation/$agent/summary"); }
    public function reputationReceipts(string $agent): array { return $this->request('GET', "/api/reputation/$agent/receipts"); }
    /** @param list<array{method: string, url: string, body?: mixed}> $requests */
    public function batch(array $requests): array { return $this->request('POST', '/api/batch', ['requests' => $requests])['responses']; }

    /** A queued write's outcome: polls GET /api/jobs/{id} until it settles. */
    public function waitForJob(string $jobId, float $timeout = 120): mixed
    {
        $deadline = microtime(true) + $timeout;
        while (true) {
            $job = $this->request('GET', "/api/jobs/$jobId");
            if ($job['state'] === 'completed') return $job['result'] ?? null;
            if ($job['state'] === 'failed') throw new BridgeError($job['error']['error'] ?? 'failed', (int) ($job['error']['status'] ?? 500));
            if (microtime(true) > $deadline) throw new \RuntimeException("job $jobId still {$job['state']}");
            usleep(100_000);
        }
    }

    private function write(string $path, array $body, ?string $key, int $wait): mixed
    {
        $key ??= bin2hex(random_bytes(16));
        [$status, $answer] = $this->send('POST', $path . ($wait > 0 ? "?wait=$wait" : ''), $body, ['Idempotency-Key: ' . $key]);
        if ($status >= 400) throw new BridgeError((string) ($answer['error'] ?? 'refused'), $status);
        return $status === 202 ? $this->waitForJob($answer['job_id']) : $answer;
    }

    private function request(string $method, string $path, ?array $body = null, array $headers = [], bool $any = false): mixed
    {
        [$status, $answer] = $this->send($method, $path, $body, $headers);
        if ($status >= 400 && !$any) throw new BridgeError(is_array($answer) ? (string) ($answer['error'] ?? 'refused') : (string) $answer, $status);
        return $answer;
    }

    /** @return array{0: int, 1: mixed} */
    private function send(string $method, string $path, ?array $body, array $headers): array
    {
        $ch = curl_init(rtrim($this->baseUrl, '/') . $path);
        $opts = [CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => $this->timeout, CURLOPT_HTTPHEADER => $headers];
        if ($body !== null) {
            $opts[CURLOPT_POSTFIELDS] = json_encode($body, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
            $opts[CURLOPT_HTTPHEADER][] = 'Content-Type: application/json';
        }
        curl_setopt_array($ch, $opts);
        $raw = curl_exec($ch);
        if ($raw === false) throw new BridgeError('bridge unreachable: ' . curl_error($ch), 503);
        $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        return [$status, $raw === '' ? null : json_decode($raw, true)];
    }

    /** The X-Nondominium-Signature value: sha256=<hex HMAC-SHA256(secret, "<timestamp>." . body)>. */
    public static function signWebhook(string $secret, int $timestamp, string $body): string
    {
        return 'sha256=' . hash_hmac('sha256', $timestamp . '.' . $body, $secret);
    }

    /**
     * Verifies one webhook delivery as received: the raw body and the
     * X-Nondominium-Timestamp / X-Nondominium-Signature headers. Returns null
     * when it verifies, else why not (missing header, timestamp outside the
     * replay window, signature mismatch: a tampered body).
     */
    public static function verifyWebhook(string $secret, string $body, ?string $timestamp, ?string $signature, int $tolerance = 300, ?int $now = null): ?string
    {
        if (!$timestamp || !$signature) return 'missing signature or timestamp header';
        if (!ctype_digit($timestamp)) return 'timestamp is not unix seconds';
        if (abs(($now ?? time()) - (int) $timestamp) > $tolerance) return "timestamp outside the $tolerance s replay window";
        if (!hash_equals(self::signWebhook($secret, (int) $timestamp, $body), $signature)) return 'signature does not match';
        return null;
    }
}
