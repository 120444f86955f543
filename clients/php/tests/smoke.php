<?php
/**
 * Smoke test of the PHP client against a running bridge (BRIDGE_URL) and a
 * webhook delivery the bridge signed (WEBHOOK_SECRET, WEBHOOK_BODY,
 * WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE), as bridge/test/bridge.test.ts runs
 * it with Debian's php-cli. Exit 0 and "ok N checks" when every check holds.
 */
declare(strict_types=1);
require __DIR__ . '/../src/NondominiumBridge.php';

use Nondominium\Bridge;
use Nondominium\BridgeError;

$checks = 0;
function check(bool $ok, string $what): void { global $checks; if (!$ok) { fwrite(STDERR, "FAILED: $what\n"); exit(1); } $checks++; }
function refused(callable $f): ?BridgeError { try { $f(); } catch (BridgeError $e) { return $e; } return null; }

$b = new Bridge(getenv('BRIDGE_URL') ?: exit("BRIDGE_URL not set\n"));
check($b->health()['status'] === 'healthy', 'health is healthy');
$me = $b->agent();
$spec = $b->createSpecification('PHP ladder ' . bin2hex(random_bytes(4)));
$res = $b->createResource($spec['actionHash'], 1, 'unit', 'php shed');
check($res['entry']['current_location'] === 'php shed', 'resource created through the queue');
check($b->getResource($res['actionHash'])['original_hash'] === $res['actionHash'], 'resource read back');
$page = $b->searchResources(['custodian' => $me, 'limit' => 100]);
check(in_array($res['actionHash'], array_column($page['items'], 'original_hash'), true), 'search finds it');
$trail = array_column($b->eventsByResource($res['actionHash']), 'event_hash');
$newest = $b->eventsByResourcePage($res['actionHash'], 5);
check(array_column($newest['entries'], 'event_hash') === array_slice(array_reverse($trail), 0, 5), 'the audit trail a page at a time, newest first');
$e = refused(fn () => $b->deleteResource($res['actionHash']));
check($e !== null && $e->getCode() === 405 && str_contains($e->getMessage(), 'REQ-RES-03'), 'delete refused 405');
$e = refused(fn () => $b->useResource($res['actionHash'], 'too early'));
check($e !== null && $e->getCode() === 422 && str_contains($e->getMessage(), 'pending peer validation'), 'zome refusal 422 with its message');
$e = refused(fn () => $b->createResource('uhCkkX', 1, 'unit'));
check($e !== null && $e->getCode() === 400, 'bad hash 400');
check($b->reputationSummary($me)['agent'] === $me, 'reputation summary');
check(array_column($b->batch([['method' => 'GET', 'url' => '/api/agent'], ['method' => 'GET', 'url' => '/api/resources/search?limit=0']]), 'status') === [200, 400], 'batch');

$secret = getenv('WEBHOOK_SECRET');
$body = getenv('WEBHOOK_BODY');
$ts = getenv('WEBHOOK_TIMESTAMP');
$sig = getenv('WEBHOOK_SIGNATURE');
check(Bridge::verifyWebhook($secret, $body, $ts, $sig) === null, 'webhook signature verifies');
check(Bridge::verifyWebhook($secret, str_replace('"type":"', '"type":"X', $body), $ts, $sig) === 'signature does not match', 'tampered body refused');
check(str_contains((string) Bridge::verifyWebhook($secret, $body, $ts, $sig, 300, time() + 600), 'replay window'), 'replayed timestamp refused');
echo "ok $checks checks\n";
